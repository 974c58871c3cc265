"""The contract pieces every game relies on: text space, assets, registry status, recorder, CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import gymnasium as gym
import pytest

import orak_gym
from orak_gym.core import Asset, Dependency, GameSpec, MissingAssetError, MissingDependencyError, TextSpace
from orak_gym.core.actions import actions_section
from orak_gym.core.registry import Readiness
from orak_gym.core.scoring import normalised, rubric
from orak_gym.wrappers import EpisodeRecorder


def test_text_space_accepts_any_llm_text_and_samples_unicode():
    space = TextSpace(max_length=100)
    assert space.contains("### Actions\nup\n→ é 中 😀")
    assert not space.contains("x" * 101)
    assert not space.contains(b"up")
    space.seed(0)
    samples = [space.sample() for _ in range(300)]
    assert all(space.contains(s) for s in samples)
    assert any("\n" in s for s in samples) and any(ord(c) > 127 for s in samples for c in s)


def test_actions_section_is_found_between_headers():
    text = "### Reasoning\nthink\n### Actions\nleft 2\n### Notes\nignore"
    assert actions_section(text).strip() == "left 2"
    assert actions_section("no headers at all") is None


def test_actions_section_is_linear_in_blank_lines():
    """Many newlines once made the header search rescan every following line from each line start."""
    start = time.perf_counter()
    assert actions_section("\n" * 65_536) is None
    assert actions_section("### Actions\n" + "\n" * 65_536 + "### Notes\nx").strip() == ""
    assert actions_section(" \r\n### Actions \r\nup\r\n").strip() == "up"
    assert time.perf_counter() - start < 2.0


def test_text_action_refuses_text_longer_than_the_action_space():
    env = gym.make("orak/2048-v0")
    env.reset(seed=0)
    limit = env.action_space.max_length
    _, _, _, _, info = env.step("up" + " " * (limit - 2))
    assert info["action_valid"]
    _, _, _, _, info = env.step("up" + " " * (limit - 1))
    assert not info["action_valid"] and f"more than the {limit:,}" in info["action_feedback"]
    assert info["native_actions"] == [4]  # the game's documented default: no move
    env.close()


def test_scoring_helpers():
    assert normalised(10_000, 20_000) == 50.0
    assert normalised(-5, 10) == 0.0 and normalised(50, 10) == 100.0
    assert rubric({"won": 100, "win_rule": 40, "barrier": 20}, {"barrier", "win_rule"}) == 40
    assert rubric({"won": 100}, set()) == 0


def test_missing_asset_says_where_and_how(tmp_path, monkeypatch):
    monkeypatch.setenv("ORAK_ASSETS", str(tmp_path))
    asset = Asset("demo_game", "rom.bin", ("0" * 40,), "Dump your own cartridge.")
    with pytest.raises(MissingAssetError) as err:
        asset.locate()
    message = str(err.value)
    assert str(tmp_path / "demo_game" / "rom.bin") in message and "0" * 40 in message
    assert "orak-gym roms status" in message

    (tmp_path / "demo_game").mkdir()
    (tmp_path / "demo_game" / "rom.bin").write_bytes(b"wrong dump")
    with pytest.raises(MissingAssetError, match="different dump"):
        asset.locate()

    import hashlib

    good = Asset("demo_game", "rom.bin", (hashlib.sha1(b"wrong dump").hexdigest(),), "")
    assert good.locate() == tmp_path / "demo_game" / "rom.bin"


def test_status_names_the_extra_and_make_refuses_clearly():
    spec = GameSpec(
        "needs_extra",
        "NeedsExtra",
        "test",
        env_class="orak_gym.games.twenty48.env:Twenty48Env",
        dependencies=(Dependency("a_module_that_is_not_installed", "retro", "stable-retro"),),
    )
    status = spec.status()
    assert status.readiness is Readiness.MISSING_EXTRA and "orak-gym[retro]" in status.detail
    from orak_gym.core.registry import GAMES
    from orak_gym.wrappers.modality import make_env

    GAMES[spec.name] = spec
    try:
        with pytest.raises(MissingDependencyError, match=r"pip install 'orak-gym\[retro\]'"):
            make_env("needs_extra")
    finally:
        del GAMES[spec.name]


def test_games_lists_all_twelve_with_a_status():
    listed = orak_gym.games()
    assert len(listed) >= 12
    assert all(status.readiness in Readiness for _, status in listed)
    ready = [spec.title for spec, status in listed if status.ready]
    assert "2048" in ready


def test_import_is_cheap_and_loads_no_game_backend():
    heavy = "{'stable_retro', 'javascript', 'openai', 'torch', 'PIL'}"
    code = (
        "import sys, orak_gym; "
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {heavy} or m.endswith('twenty48.engine')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_recorder_writes_one_flushed_line_per_step(tmp_path):
    path = tmp_path / "episode.jsonl"
    env = EpisodeRecorder(gym.make("orak/2048-v0"), path)
    env.reset(seed=0)
    for action in ["up", "left", "gibberish"]:
        env.step(action)
        lines = path.read_text().splitlines()  # readable while the episode runs: flushed per step
    env.close()
    records = [json.loads(line) for line in lines]
    assert [r["step"] for r in records] == [0, 1, 2, 3]
    assert records[1]["action"] == "up" and records[1]["native_actions"] == [0]
    assert records[3]["action_valid"] is False and "Board of 2048 Games" in records[3]["observation"]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full to simulate a full disk")
def test_recorder_keeps_lines_when_the_disk_is_full(tmp_path):
    link = tmp_path / "episode.jsonl"
    os.symlink("/dev/full", link)  # every write fails with ENOSPC
    env = EpisodeRecorder(gym.make("orak/2048-v0"), link)
    with pytest.warns(UserWarning, match="could not write"):
        env.reset(seed=0)
        env.step("up")
    assert len(env._pending) == 2  # nothing lost, nothing crashed
    os.unlink(link)  # space is back
    env.step("down")
    env.close()
    assert [json.loads(x)["step"] for x in link.read_text().splitlines()] == [0, 1, 2]


def test_cli_list_shows_every_game():
    out = subprocess.run(
        [sys.executable, "-m", "orak_gym.cli", "list"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "COLUMNS": "200"},
    ).stdout
    from orak_gym.games import ORAK_GAMES

    titles = [orak_gym.spec_of(name).title for name in ORAK_GAMES]
    assert len(titles) == 12 and all(title in out for title in titles), out
    assert "ready" in out and "not yet supported" not in out, "every Orak game is implemented"


def test_async_vector_env_carries_text_observations():
    envs = gym.make_vec("orak/2048-v0", num_envs=2, vectorization_mode="async")
    singles = [gym.make("orak/2048-v0") for _ in range(2)]
    try:
        obs, _ = envs.reset(seed=10)
        assert list(obs) == [env.reset(seed=10 + i)[0] for i, env in enumerate(singles)]
        for actions in (["up", "left → é"], ["down", "right"]):
            obs, _, _, _, info = envs.step(actions)
            assert list(obs) == [env.step(a)[0] for env, a in zip(singles, actions, strict=True)]
        assert list(info["action_valid"]) == [True, True]
    finally:
        envs.close()


def test_games_is_both_the_listing_and_the_package():
    import importlib

    listed = orak_gym.games()
    assert [spec.title for spec, _ in listed][:1] == ["2048"]
    module = importlib.import_module("orak_gym.games.twenty48")
    import orak_gym.games.twenty48 as aliased  # the form a plain function named games() would break

    assert aliased is module and callable(orak_gym.games)


def test_a_huge_text_action_is_not_echoed_whole():
    from orak_gym.core.env import MAX_ECHOED_ACTION, _plain

    echoed = _plain("x" * (MAX_ECHOED_ACTION + 10))
    assert len(echoed) < MAX_ECHOED_ACTION + 100 and echoed.endswith("[10 more characters not echoed]")
    assert _plain("up") == "up"


def test_a_dependency_pip_cannot_install_names_its_own_fix():
    from orak_gym.core.errors import MissingDependencyError

    error = MissingDependencyError("Node.js packages for Minecraft", "", fix="run npm ci --prefix js")
    assert str(error).endswith("run npm ci --prefix js") and "pip install" not in str(error)
    assert "pip install 'orak-gym[llm]'" in str(MissingDependencyError("openai", "llm"))
