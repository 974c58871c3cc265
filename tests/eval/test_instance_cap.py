"""The runner honours ``GameSpec.max_instances``: a game that runs once per machine gets one env at a
time, whatever ``concurrency`` asks for."""

from __future__ import annotations

import asyncio

from orak_gym.core.registry import EnvVariant, GameSpec
from orak_gym.eval import RunConfig
from orak_gym.eval.runner import prepare_run
from orak_gym.registration import register

CAPPED = GameSpec(
    name="capped_test_game",
    title="CappedTestGame",
    genre="test",
    env_class="orak_gym.games.twenty48.env:Twenty48Env",
    variants=(EnvVariant("orak-test/Capped-v0"),),
    max_instances=1,  # like a real game client
)
register(CAPPED)


def _envs_made(run_dir, env_id: str, concurrency: int) -> int:
    prepared = prepare_run(run_dir, RunConfig(envs=[env_id], seeds=list(range(6)), agent="random",
                                              max_steps=5, concurrency=concurrency), resume=False)  # fmt: skip
    runner = prepared.runner(run_dir)
    made = 0
    make = runner._new_env

    def counting(env_id: str):
        nonlocal made
        made += 1
        return make(env_id)

    runner._new_env = counting  # type: ignore[method-assign]
    report = asyncio.run(runner.arun())
    assert len(report.results) == 6 and not report.errors
    return made


def test_a_capped_game_gets_one_env_at_a_time(tmp_path):
    assert _envs_made(tmp_path / "capped", "orak-test/Capped-v0", concurrency=4) == 1


def test_an_uncapped_game_gets_concurrency_envs(tmp_path):
    assert _envs_made(tmp_path / "free", "orak/2048-v0", concurrency=4) > 1
