"""Results a researcher can trust: a broken run never becomes a number.

Every case runs for real: a dead endpoint is a closed port, the LLM is the local OpenAI-compatible
test server, envs are the real 2048 and Baba Is You envs.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import socket
from pathlib import Path

import gymnasium as gym
import pytest
from typer.testing import CliRunner

from orak_gym.agents.llm import make_client
from orak_gym.agents.llm.retry import RetryPolicy
from orak_gym.cli import app
from orak_gym.eval import PreflightError, RunConfig, RunDirError, arun_eval, read_episodes, run_eval
from orak_gym.eval.leaderboard import build_leaderboard
from orak_gym.eval.schema import EPISODES, ERRORS, read_jsonl, summarise
from orak_gym.testing import Reply, ScriptedOpenAIServer
from orak_gym.wrappers import EpisodeRecorder
from orak_gym.wrappers.trajectory import JsonlFile

ENV = "orak/2048-v0"
BABA_A = "orak/BabaIsYou-FirstSteps-v0"
BABA_B = "orak/BabaIsYou-RockInTheWay-v0"
ANSWER = "### Reasoning\nkeep tiles in a corner\n### Actions\nleft"


def closed_port() -> int:
    """A port nothing listens on: bound, then released."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def flat(result) -> str:
    return " ".join(result.output.split())


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def one_line_error(result) -> None:
    """A clear error: exit 1, the reason on one 'error:' line, no traceback."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:"), result.output


# ---------------------------------------------------------------------------------- pre-flight


def test_dead_endpoint_fails_fast_and_writes_nothing(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{closed_port()}/v1"
    model = f"vllm:x@{url}"
    with pytest.raises(PreflightError, match=rf"cannot reach vllm:x at {url} \(.*refused"):
        run_eval(tmp_path / "dead", RunConfig(envs=[ENV], seeds=[0, 1], agent="zeroshot", model=model))
    assert not (tmp_path / "dead").exists()
    result = invoke("eval", "--env", ENV, "--agent", "zeroshot", "--model", model, "--out", str(tmp_path / "c"))
    one_line_error(result)
    assert f"cannot reach vllm:x at {url}" in flat(result)
    assert not (tmp_path / "c").exists()


def test_a_client_object_is_enough_and_is_checked_too(tmp_path: Path) -> None:
    with ScriptedOpenAIServer(default=ANSWER) as server:
        client = make_client(f"compat:m@{server.base_url}")
        report = run_eval(
            tmp_path / "ok", RunConfig(envs=[ENV], seeds=[0], agent="zeroshot", max_steps=2), client=client
        )
    assert len(report.results) == 1 and not report.errors
    dead = make_client(f"compat:m@http://127.0.0.1:{closed_port()}/v1")
    with pytest.raises(PreflightError, match="cannot reach m at"):
        run_eval(tmp_path / "dead", RunConfig(envs=[ENV], seeds=[0], agent="zeroshot"), client=dead)
    assert not (tmp_path / "dead").exists()


def test_refused_api_key_fails_fast(tmp_path: Path) -> None:
    with ScriptedOpenAIServer(api_key="right") as server:
        client = make_client(f"compat:m@{server.base_url}", api_key="wrong")
        config = RunConfig(envs=[ENV], seeds=[0], agent="zeroshot", model=f"compat:m@{server.base_url}")
        with pytest.raises(PreflightError, match="refused the API key"):
            run_eval(tmp_path / "key", config, client=client)
    assert not (tmp_path / "key").exists()


def test_bad_env_kwargs_fail_before_anything_is_written(tmp_path: Path) -> None:
    with pytest.raises(PreflightError, match=r"orak/2048-v0 cannot be made with env kwargs \{'no_such_option': 1\}"):
        run_eval(
            tmp_path / "kw", RunConfig(envs=[ENV], seeds=[0], agent="random", env_kwargs={ENV: {"no_such_option": 1}})
        )
    assert not (tmp_path / "kw").exists()
    result = invoke(
        "eval", "--env", ENV, "--agent", "random", "--env-kwargs", '{"no_such_option": 1}', "--out", str(tmp_path / "c")
    )
    one_line_error(result)
    assert "cannot be made" in flat(result) and not (tmp_path / "c").exists()


def test_bad_level_file_fails_before_anything_is_written(tmp_path: Path) -> None:
    level = tmp_path / "broken.level"
    level.write_text("this is not a level\n@@@ (\n", encoding="utf-8")
    kwargs = json.dumps({"level": str(level)})
    result = invoke("eval", "--env", "orak/BabaIsYou-v0", "--agent", "random", "--env-kwargs", kwargs,
                    "--out", str(tmp_path / "lvl"))  # fmt: skip
    one_line_error(result)
    assert "orak/BabaIsYou-v0 cannot be made" in flat(result)
    assert not (tmp_path / "lvl").exists()


def test_negative_seed_is_refused(tmp_path: Path) -> None:
    result = invoke("eval", "--env", ENV, "--agent", "random", "--seeds", "-3", "--out", str(tmp_path / "neg"))
    one_line_error(result)
    assert ">= 0" in flat(result) and not (tmp_path / "neg").exists()
    with pytest.raises(PreflightError, match=">= 0"):
        run_eval(tmp_path / "neg", RunConfig(envs=[ENV], seeds=[-3], agent="random"))
    assert not (tmp_path / "neg").exists()


@pytest.mark.parametrize("where", ["file", "under_file", "dev_null", "proc"])
def test_unwritable_out_is_one_line(tmp_path: Path, where: str) -> None:
    a_file = tmp_path / "a_file"
    a_file.write_text("x")
    out = {
        "file": a_file,
        "under_file": a_file / "run",
        "dev_null": Path("/dev/null/run"),
        "proc": Path("/proc/orak-gym-run"),  # not writable, even for root
    }[where]
    result = invoke("eval", "--env", ENV, "--agent", "random", "--episodes", "1", "--out", str(out))
    one_line_error(result)
    assert str(out) in flat(result) or str(out.parent) in flat(result)
    with pytest.raises(PreflightError):
        run_eval(out, RunConfig(envs=[ENV], seeds=[0], agent="random"))


def test_python_errors_speak_python(tmp_path: Path) -> None:
    run_eval(tmp_path / "r", RunConfig(envs=[ENV], seeds=[0], agent="random", max_steps=2))
    for call in (
        lambda: run_eval(tmp_path / "r", RunConfig(envs=[ENV], seeds=[0], agent="random", max_steps=2)),
        lambda: run_eval(tmp_path / "r", {"max_steps": 5}, resume=True),
        lambda: run_eval(tmp_path / "none", None, resume=True),
        lambda: run_eval(tmp_path / "m", RunConfig(envs=[ENV], seeds=[0], agent="zeroshot")),
        lambda: run_eval(tmp_path / "a", RunConfig(envs=[ENV], seeds=[0], agent="nope")),
        lambda: run_eval(tmp_path / "s", RunConfig(envs=[ENV], seeds=[-1], agent="random")),
    ):
        with pytest.raises(RunDirError) as raised:
            call()
        assert "--" not in str(raised.value), str(raised.value)


# ---------------------------------------------------------------------------------- errored episodes


def test_errored_episodes_are_never_scores_and_resume_retries_them(tmp_path: Path) -> None:
    run = tmp_path / "run"
    with ScriptedOpenAIServer(default=ANSWER) as server:
        model = f"compat:m@{server.base_url}"
        # the endpoint answers the pre-flight, then dies for every chat call
        server.push(*[Reply.server_error(503) for _ in range(100)])
        client = make_client(model, retry=RetryPolicy(max_retries=0))
        config = RunConfig(envs=[ENV], seeds=[0, 1, 2], agent="zeroshot", model=model, max_steps=4)
        report = run_eval(run, config, client=client)
        assert len(report.errors) == 3 and report.error_summary().startswith("3 of 3 episode(s) errored")
        lines = list(read_jsonl(run / EPISODES))
        assert all(line["termination"] == "error" and "LLM call" in line["error"] for line in lines)
        assert all(line["steps"] == 1 for line in lines), "an episode stops at the first failed call"
        summary = json.loads((run / "summary.json").read_text())[ENV]
        assert summary["episodes"] == 0 and summary["errors"] == 3
        assert report.totals.scores == [], "no score from an errored episode"
        result = invoke("leaderboard", str(run), "--out", str(tmp_path / "lb"), "--no-plot")
        assert result.exit_code == 0, result.output
        assert "| compat:m (zeroshot) | - | - | 3 |" in (tmp_path / "lb" / "leaderboard.md").read_text()
        board = build_leaderboard([run])
        label = next(iter(board.rows))
        assert board.rows[label] == {} and board.errors[label] == 3
        # the CLI: errors give a non-zero exit and one line saying so
        server.clear()
        server.push(*[Reply.server_error(503) for _ in range(100)])
        result = invoke("eval", "--env", ENV, "--agent", "zeroshot", "--model", model, "--episodes", "2",
                        "--max-steps", "3", "--out", str(tmp_path / "cli"), "--quiet")  # fmt: skip
        assert result.exit_code == 4, result.output
        assert "2 of 2 episode(s) errored" in flat(result) and "--resume" in flat(result)
        # the server is back: --resume retries exactly the errored episodes
        server.clear()
        report = run_eval(run, None, resume=True)
        assert len(report.results) == 3 and not report.errors
    scored = list(read_jsonl(run / EPISODES))
    assert sorted(line["seed"] for line in scored) == [0, 1, 2] and all(line["error"] is None for line in scored)
    assert len(list(read_jsonl(run / ERRORS))) == 3, "the errored lines are kept aside, not lost"
    assert summarise(read_episodes(run))[ENV]["errors"] == 0


def test_env_that_raises_is_an_error_not_a_zero(tmp_path: Path) -> None:
    # a policy that raises when it is built for the episode (a bad agent kwarg)
    config = RunConfig(envs=[ENV], seeds=[0], agent="random", max_steps=3, agent_kwargs={"seed": "not an int"})
    report = run_eval(tmp_path / "raise", config)
    assert [r.termination for r in report.results] == ["error"]
    assert report.results[0].error and summarise(read_episodes(tmp_path / "raise"))[ENV]["episodes"] == 0


# ---------------------------------------------------------------------------------- resume


def test_resume_takes_stored_settings_names_conflicts_and_extends(tmp_path: Path) -> None:
    run = str(tmp_path / "r")
    result = invoke("eval", "--env", ENV, "--agent", "random", "--seeds", "0-1", "--max-steps", "5",
                    "--env-kwargs", '{"target_tile": 256}', "--out", run, "--quiet")  # fmt: skip
    assert result.exit_code == 0, result.output
    # new seeds, nothing else given: stored agent, limit and kwargs are used
    result = invoke("eval", "--out", run, "--resume", "--seeds", "2-3", "--quiet")
    assert result.exit_code == 0, result.output
    stored = json.loads((Path(run) / "config.json").read_text())
    assert stored["seeds"] == [0, 1, 2, 3] and stored["max_steps"] == 5
    assert stored["env_kwargs"] == {ENV: {"target_tile": 256}}
    episodes = list(read_jsonl(Path(run) / EPISODES))
    assert sorted(e["seed"] for e in episodes) == [0, 1, 2, 3] and all(e["steps"] <= 5 for e in episodes)
    # --env given again without --max-steps: no complaint about a flag never passed
    result = invoke("eval", "--env", ENV, "--out", run, "--resume", "--quiet")
    assert result.exit_code == 0, result.output
    # every changed setting is named, with its flag
    result = invoke("eval", "--out", run, "--resume", "--agent", "expert", "--max-steps", "9",
                    "--modality", "image", "--env-kwargs", '{"target_tile": 512}', "--quiet")  # fmt: skip
    one_line_error(result)
    for flag in ("--agent", "--max-steps", "--modality", "--env-kwargs"):
        assert flag in flat(result)
    assert json.loads((Path(run) / "config.json").read_text()) == stored, "a refused resume writes nothing"


# ---------------------------------------------------------------------------------- leaderboard


@pytest.fixture(scope="module")
def mixed_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("mixed")
    runs = {
        "good": RunConfig(envs=[ENV, BABA_A, BABA_B], seeds=[0, 1], agent="expert", max_steps=60),
        "short": RunConfig(envs=[ENV], seeds=[0, 1], agent="expert", max_steps=3),
        "image": RunConfig(envs=[ENV], seeds=[0, 1], agent="expert", max_steps=60, modality="image"),
        "kwargs": RunConfig(
            envs=[ENV], seeds=[0, 1], agent="expert", max_steps=60, env_kwargs={ENV: {"target_tile": 64}}
        ),
    }
    for name, config in runs.items():
        run_eval(root / name, config)
    # "bad": the same settings as "good", but its 2048 episodes errored (seed 0 twice over)
    run_eval(root / "bad", RunConfig(envs=[ENV], seeds=[0, 1], agent="expert", max_steps=60))
    path = root / "bad" / EPISODES
    lines = [json.loads(x) for x in path.read_text().splitlines()]
    for line in lines:
        line.update(termination="error", error="RuntimeError: boom", score=0.0)
    path.write_text("".join(json.dumps(x) + "\n" for x in lines))
    return {name: root / name for name in (*runs, "bad")}


def test_leaderboard_never_pools_different_settings(mixed_runs: dict[str, Path]) -> None:
    board = build_leaderboard(mixed_runs.values())
    assert len(board.rows) == 4, sorted(board.rows)  # good (= bad's settings), short, image, kwargs
    labels = " | ".join(board.rows)
    assert "max_steps=3" in labels and "image" in labels and "target_tile=64" in labels
    good = read_episodes(mixed_runs["good"])
    expected_2048 = sum(r.score for r in good if r.env == ENV) / 2
    row = next(label for label in board.rows if "BabaIsYou" in board.rows[label])
    assert board.rows[row]["2048"].mean == pytest.approx(expected_2048)
    assert board.rows[row]["2048"].n == 2, "errored episodes of the same setting are not pooled as zeros"
    assert board.errors[row] == 0, "an error fixed by a scored episode of the same row is no error"


def test_leaderboard_keeps_unverified_episodes_apart(mixed_runs: dict[str, Path], tmp_path: Path) -> None:
    """The same settings, but episodes whose score the env could not check (``verified`` false, as with
    Minecraft on a user's server): a row of their own, labelled, never pooled with the verified one."""
    copy = tmp_path / "unverified"
    shutil.copytree(mixed_runs["good"], copy)
    lines = [json.loads(x) for x in (copy / EPISODES).read_text().splitlines()]
    for line in lines:
        line.update(verified=False, score=100.0)
    (copy / EPISODES).write_text("".join(json.dumps(x) + "\n" for x in lines))
    alone = build_leaderboard([mixed_runs["good"]])
    board = build_leaderboard([mixed_runs["good"], copy])
    assert len(board.rows) == 2, sorted(board.rows)
    unverified = [label for label in board.rows if "unverified" in label]
    assert len(unverified) == 1 and board.rows[unverified[0]]["2048"].mean == 100.0
    verified = next(label for label in board.rows if label not in unverified)
    assert board.rows[verified] == next(iter(alone.rows.values())), "verified scores are not pooled with the rest"
    assert all(r.verified for r in read_episodes(mixed_runs["good"]))  # a game's own scores are verified


def test_leaderboard_game_columns_and_average(mixed_runs: dict[str, Path]) -> None:
    board = build_leaderboard([mixed_runs["good"]])
    assert board.games == ["2048", "BabaIsYou"]
    assert board.game_envs["BabaIsYou"] == [BABA_A, BABA_B]
    results = read_episodes(mixed_runs["good"])
    baba = [r.score for r in results if r.env != ENV]
    twenty48 = [r.score for r in results if r.env == ENV]
    label = next(iter(board.rows))
    assert board.rows[label]["BabaIsYou"].n == 4
    assert board.average(label) == pytest.approx((sum(baba) / 4 + sum(twenty48) / 2) / 2), "mean over games"


def test_leaderboard_is_order_independent_and_shows_missing(mixed_runs: dict[str, Path], tmp_path: Path) -> None:
    paths = list(mixed_runs.values())
    forward = build_leaderboard(paths)
    backward = build_leaderboard(list(reversed(paths)))
    assert forward.rows == backward.rows and forward.errors == backward.errors
    only_bad = build_leaderboard([mixed_runs["bad"]])
    assert list(only_bad.errors.values()) == [2] and list(only_bad.rows.values()) == [{}]
    markdown = forward.to_markdown()
    short = next(label for label in forward.rows if "max_steps=3" in label)
    assert f"| {short} | " in markdown and " | - | " in markdown, "a missing cell is shown missing"
    result = invoke("leaderboard", *map(str, paths), "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "leaderboard.png").read_bytes().startswith(b"\x89PNG")


# ---------------------------------------------------------------------------------- notebooks


def test_run_eval_inside_a_running_event_loop(tmp_path: Path) -> None:
    async def notebook_cell() -> tuple:
        plain = run_eval(tmp_path / "sync", RunConfig(envs=[ENV], seeds=[0, 1], agent="random", max_steps=3))
        awaited = await arun_eval(tmp_path / "async", RunConfig(envs=[ENV], seeds=[0, 1], agent="random", max_steps=3))
        return plain, awaited

    plain, awaited = asyncio.run(notebook_cell())
    assert len(plain.results) == len(awaited.results) == 2
    assert sorted((r.seed, r.raw_score) for r in plain.results) == sorted(
        (r.seed, r.raw_score) for r in awaited.results
    )


def test_failed_start_leaves_nothing(tmp_path: Path) -> None:
    async def cell() -> None:
        await arun_eval(tmp_path / "x", RunConfig(envs=["orak/Nope-v0"], seeds=[0], agent="random"))

    with pytest.raises(PreflightError, match="unknown env id"):
        asyncio.run(cell())
    assert not (tmp_path / "x").exists()
    # and the retry works, with no message about resuming
    report = run_eval(tmp_path / "x", RunConfig(envs=[ENV], seeds=[0], agent="random", max_steps=2))
    assert len(report.results) == 1


# ---------------------------------------------------------------------------------- hostile text


def test_lone_surrogates_in_answers_never_break_a_run(tmp_path: Path) -> None:
    """A model answering lone surrogates: the episode is scored, later prompts still encode."""
    with ScriptedOpenAIServer(default="### Reasoning\nbad \ud800 text\n### Actions\nleft \udfff") as server:
        model = f"compat:m@{server.base_url}"
        config = RunConfig(envs=[ENV], seeds=[0], agent="reflection", model=model, max_steps=3)
        report = run_eval(tmp_path / "s", config)
    assert not report.errors and report.results[0].steps == 3
    path = tmp_path / "s" / "trajectories" / "orak__2048-v0" / "0.jsonl"
    steps = [line for line in read_jsonl(path) if line["event"] == "step"]
    assert len(steps) == 3 and "\ufffd" in steps[0]["action"]


def test_jsonl_writers_survive_any_text(tmp_path: Path) -> None:
    hostile = ["left \ud800", "\udfff", "nul \x00 byte", "\\\ud800", "emoji \U0001f600"]
    path = tmp_path / "lines.jsonl"
    with JsonlFile(path) as out:
        for text in hostile:
            out.write({"text": text, text: 1, "tuple_key": {(1, 2): text}})
    back = [json.loads(line) for line in path.read_bytes().splitlines()]
    assert [b["text"] for b in back] == hostile and all(b[t] == 1 for b, t in zip(back, hostile, strict=True))
    env = EpisodeRecorder(gym.make(ENV), tmp_path / "rec.jsonl")
    env.reset(seed=0)
    for text in hostile:
        env.step(text)
    env.close()
    lines = [json.loads(line) for line in (tmp_path / "rec.jsonl").read_bytes().splitlines()]
    assert [line["action"] for line in lines if line["event"] == "step"] == hostile


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full to simulate a full disk")
def test_recorder_close_closes_the_env_even_when_flushing_fails(tmp_path: Path) -> None:
    closed = []

    class Closing(gym.Wrapper):
        def close(self) -> None:
            closed.append(True)
            super().close()

    link = tmp_path / "rec.jsonl"
    link.symlink_to("/dev/full")  # every write fails with ENOSPC, the flush at close() too
    env = EpisodeRecorder(Closing(gym.make(ENV)), link)
    with pytest.warns(UserWarning, match="could not write"):
        env.reset(seed=0)
        env.step("up")
        env.close()
    assert closed == [True], "the wrapped env is closed although the lines could not be flushed"
    assert len(env._pending) == 2, "and the lines are still held, not lost"


def test_recorder_and_runner_write_the_same_lines_and_usage(tmp_path: Path) -> None:
    """One line builder and one usage accumulator: an LLM episode recorded by hand has the runner's keys."""
    from orak_gym.agents import LLMPolicy

    with ScriptedOpenAIServer(default=ANSWER) as server:
        model = f"compat:m@{server.base_url}"
        run_eval(tmp_path / "run", RunConfig(envs=[ENV], seeds=[0], agent="zeroshot", model=model, max_steps=3))
        policy = LLMPolicy(make_client(model), agent="zeroshot", game=ENV)
        env = EpisodeRecorder(gym.make(ENV), tmp_path / "rec.jsonl", include_info=False)
        obs, info = env.reset(seed=0)
        for _ in range(3):
            action = policy(obs, info)
            env.note_decision(policy.last_step)
            obs, _, _, _, info = env.step(action)
        env.close()
    by_hand = [json.loads(x) for x in (tmp_path / "rec.jsonl").read_text().splitlines()]
    runner = list(read_jsonl(tmp_path / "run" / "trajectories" / "orak__2048-v0" / "0.jsonl"))
    hand_step = next(x for x in by_hand if x["event"] == "step")
    runner_step = next(x for x in runner if x["event"] == "step")
    assert set(runner_step) - {"decision_s"} <= set(hand_step)
    assert (
        hand_step["calls"][0]["module"] == "action_inference" and hand_step["observation"] == runner_step["observation"]
    )
    episode = read_episodes(tmp_path / "run")[0]
    assert env.usage.llm_calls == episode.llm_calls == 3
    assert (env.usage.tokens_in, env.usage.tokens_out) == (episode.tokens_in, episode.tokens_out)


def test_errored_episodes_have_null_scores_in_every_file_and_every_reader_copes(tmp_path: Path) -> None:
    from orak_gym.eval.dataset import build_dataset

    run = tmp_path / "run"
    with ScriptedOpenAIServer(default=ANSWER) as server:
        model = f"compat:m@{server.base_url}"
        server.push(Reply.text(ANSWER), *[Reply.server_error(503) for _ in range(100)])
        client = make_client(model, retry=RetryPolicy(max_retries=0))
        config = RunConfig(envs=[ENV], seeds=[0, 1], agent="zeroshot", model=model, max_steps=4, concurrency=1)
        run_eval(run, config, client=client)
    lines = list(read_jsonl(run / EPISODES))
    assert len(lines) == 2 and all(line["termination"] == "error" for line in lines)
    assert all(line["score"] is None and line["raw_score"] is None for line in lines), "never a number to average"
    summary = json.loads((run / "summary.json").read_text(), parse_constant=lambda c: pytest.fail(f"{c} in JSON"))
    assert summary[ENV]["score_mean"] is None and summary[ENV]["errors"] == 2
    board = build_leaderboard([run])
    assert next(iter(board.rows.values())) == {}
    manifest = build_dataset([run], tmp_path / "data")
    assert manifest["samples"] == 0
    trajectory = next((run / "trajectories").rglob("*.jsonl"))
    replayed = invoke("replay", str(trajectory), "--no-render")
    assert replayed.exit_code == 0, replayed.output
    assert "no score (the episode errored)" in flat(replayed) and "/ 100" not in replayed.output


@pytest.mark.parametrize("command", ["eval", "arena", "demo"])
def test_without_the_llm_extra_an_llm_agent_is_one_line_naming_it(tmp_path: Path, monkeypatch, command: str) -> None:
    monkeypatch.setitem(__import__("sys").modules, "openai", None)  # as after a plain `pip install orak-gym`
    out = tmp_path / "out"
    with ScriptedOpenAIServer(default=ANSWER) as server:
        model = f"compat:m@{server.base_url}"
        args = {
            "eval": ["eval", "--env", ENV, "--agent", "zeroshot", "--model", model, "--episodes", "1"],
            "arena": ["arena", "-p", "random", "-p", f"zeroshot:{model}", "--games", "1"],
            "demo": ["demo", "--model", model, "--max-steps", "2"],
        }[command]
        result = invoke(*args, "--out", str(out))
        assert not server.requests, "nothing is asked of the model"
    one_line_error(result)
    assert "pip install 'orak-gym[llm]'" in flat(result)
    assert not out.exists(), "nothing written: the rerun does not meet a half-made run"
