"""The evaluation runner against the real local OpenAI-compatible test server: run directory files,
kill and resume, budgets, a failing server, baselines and process workers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from orak_gym.agents.llm import make_client
from orak_gym.agents.llm.retry import RetryPolicy
from orak_gym.cli import app
from orak_gym.eval import RunConfig, RunDirError, parse_seeds, read_episodes, run_eval
from orak_gym.eval.schema import EPISODES, read_jsonl, trajectory_path
from orak_gym.testing import ScriptedOpenAIServer

ENV = "orak/2048-v0"
EPISODE_KEYS = {
    "env", "seed", "steps", "score", "raw_score", "return", "invalid_actions", "llm_calls", "llm_errors",
    "tokens_in", "tokens_out", "cost_usd", "wall_time_s", "termination", "error", "agent", "model", "verified",
}  # fmt: skip
CALL_KEYS = {
    "module",
    "messages",
    "raw_response",
    "parsed",
    "prompt_tokens",
    "completion_tokens",
    "latency_s",
}


def cycling_responder():
    moves = ["left", "down", "right", "up", "maybe sideways"]  # the last one is an invalid action
    counter = {"n": 0}

    def respond(body: dict) -> str:
        counter["n"] += 1
        return f"### Reasoning\nkeep tiles in a corner\n### Actions\n{moves[counter['n'] % len(moves)]}"

    return respond


@pytest.fixture()
def server():
    with ScriptedOpenAIServer(responder=cycling_responder()) as srv:
        yield srv


def model_of(server: ScriptedOpenAIServer) -> str:
    return f"compat:test-model@{server.base_url}"


def flat(result) -> str:
    """CLI output with rich's line wrapping undone."""
    return " ".join(result.output.split())


def lines(path: Path) -> list[dict]:
    return list(read_jsonl(path))


def test_parse_seeds() -> None:
    assert parse_seeds("0-3") == [0, 1, 2, 3]
    assert parse_seeds("5,1,1,2-3") == [1, 2, 3, 5]
    for bad in ("", "a-b", "3-1", "x"):
        with pytest.raises(ValueError, match="seed"):
            parse_seeds(bad)


def test_llm_run_concurrency_8_writes_documented_files(tmp_path: Path, server: ScriptedOpenAIServer) -> None:
    config = RunConfig(envs=[ENV], seeds=list(range(8)), agent="zeroshot", model=model_of(server),
                       concurrency=8, max_steps=6)  # fmt: skip
    report = run_eval(tmp_path / "run", config)
    run = tmp_path / "run"
    assert report.stopped is None and report.unfinished == 0
    stored = json.loads((run / "config.json").read_text())
    assert stored["envs"] == [ENV] and stored["seeds"] == list(range(8))
    assert stored["agent"] == "zeroshot" and stored["model"] == model_of(server)
    assert stored["package_version"] and stored["created"]
    episodes = lines(run / EPISODES)
    assert sorted(e["seed"] for e in episodes) == list(range(8))
    for episode in episodes:
        assert set(episode) >= EPISODE_KEYS
        # 6 decisions, or fewer when 2048 itself ended (five unchanged moves in a row: which answers an
        # episode gets from the shared cycling responder depends on the order of concurrent requests)
        assert episode["error"] is None and (
            (episode["steps"] == 6 and episode["termination"] == "max_steps") or episode["termination"] == "terminated"
        )
        n = episode["steps"]
        assert episode["llm_calls"] == n and episode["tokens_in"] > 0 and episode["tokens_out"] > 0
        steps = [s for s in lines(trajectory_path(run, ENV, episode["seed"])) if s["event"] == "step"]
        assert len(steps) == n
        assert episode["invalid_actions"] == sum(1 for s in steps if not s["action_valid"])
        assert steps[-1]["score"] == episode["score"]
        for step in steps:
            assert step["observation"].startswith("Board of 2048 Games")
            assert len(step["calls"]) == 1 and set(step["calls"][0]) >= CALL_KEYS
            call = step["calls"][0]
            assert call["module"] == "action_inference" and call["parsed"]["actions"]
            assert {m["role"] for m in call["messages"]} == {"system", "user"}
            assert isinstance(step["native_actions"], list) and "reward" in step
    # 8 episodes waited on the LLM at once: the server saw overlapping requests.
    assert len(server.chat_requests) == sum(e["steps"] for e in episodes)
    summary = json.loads((run / "summary.json").read_text())
    assert summary[ENV]["episodes"] == 8


def test_kill_and_resume_keeps_one_line_per_episode(tmp_path: Path) -> None:
    run = tmp_path / "killed"
    with ScriptedOpenAIServer(responder=cycling_responder(), latency_s=0.03) as srv:
        command = [sys.executable, "-m", "orak_gym.cli", "eval", "--env", ENV, "--agent", "zeroshot",
                   "--model", model_of(srv), "--seeds", "0-7", "--max-steps", "12", "--concurrency", "2",
                   "--out", str(run), "--quiet"]  # fmt: skip
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.time() + 60
        while time.time() < deadline and not (len(lines(run / EPISODES)) >= 2 and _in_flight(run)):
            time.sleep(0.02)  # (killed between two episodes, none would be in flight: wait for the next to start)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        finished_before = {e["seed"] for e in lines(run / EPISODES)}
        assert 2 <= len(finished_before) < 8, "the run should have been killed part-way"
        partial = [p for p in (run / "trajectories").rglob("*.jsonl") if int(p.stem) not in finished_before]
        assert partial, "an episode in flight left a partial trajectory"
        with open(run / EPISODES, "a") as fh:  # a line cut short by the kill
            fh.write('{"env": "orak/2048-v0", "seed": 7, "ste')
        before = {e["seed"]: e for e in lines(run / EPISODES)}
        report = run_eval(run, None, resume=True)
    episodes = lines(run / EPISODES)
    seeds = [e["seed"] for e in episodes]
    assert sorted(seeds) == list(range(8)), "exactly one result line per episode"
    assert {e["seed"]: e for e in episodes if e["seed"] in before} == before, "finished lines are untouched"
    assert report.totals.episodes_skipped == len(before)
    for episode in episodes:
        trajectory = lines(trajectory_path(run, ENV, episode["seed"]))
        assert [t["event"] for t in trajectory].count("reset") == 1, "restarted episodes start afresh"
        assert sum(t["event"] == "step" for t in trajectory) == episode["steps"]
        # 12 decisions, or fewer when 2048 itself ended (five unchanged moves in a row: the two episodes in
        # flight share the cycling responder, so which answers each gets depends on request order)
        assert (episode["steps"] == 12 and episode["termination"] == "max_steps") or (
            episode["termination"] == "terminated"
        )
        assert trajectory[-1]["event"] == "end"


def _in_flight(run: Path) -> bool:
    """Whether an episode of ``run`` has a trajectory but no result line yet."""
    finished = {e["seed"] for e in lines(run / EPISODES)}
    return any(int(p.stem) not in finished for p in (run / "trajectories").rglob("*.jsonl"))


def test_existing_run_needs_resume_and_matching_settings(tmp_path: Path) -> None:
    config = RunConfig(envs=[ENV], seeds=[0], agent="random", max_steps=3)
    run_eval(tmp_path / "r", config)
    with pytest.raises(RunDirError, match=r"resume=True") as raised:
        run_eval(tmp_path / "r", config)
    assert "--" not in str(raised.value), "a Python caller reads Python, not CLI flags"
    other = RunConfig(envs=[ENV], seeds=[0], agent="expert", max_steps=3)
    with pytest.raises(RunDirError, match="agent"):
        run_eval(tmp_path / "r", other, resume=True)
    more = RunConfig(envs=[ENV], seeds=[0, 1, 2], agent="random", max_steps=3)
    report = run_eval(tmp_path / "r", more, resume=True)
    assert len(report.results) == 2 and len(read_episodes(tmp_path / "r")) == 3


def test_token_budget_stops_cleanly_then_resume_finishes(tmp_path: Path, server: ScriptedOpenAIServer) -> None:
    run = tmp_path / "budget"
    result = CliRunner().invoke(app, ["eval", "--env", ENV, "--agent", "zeroshot",
                                      "--model", model_of(server), "--seeds", "0-5", "--max-steps", "10",
                                      "--concurrency", "2",
                                      "--max-tokens", "8000", "--out", str(run), "--quiet"])  # fmt: skip
    assert result.exit_code == 3, flat(result)
    assert "token budget reached" in flat(result) and "--resume" in flat(result)
    finished = lines(run / EPISODES)
    assert len(finished) < 6
    # (a whole episode is 10 decisions, or fewer when 2048 itself ended it: see the kill-and-resume test)
    assert all(e["steps"] == 10 or e["termination"] == "terminated" for e in finished), "only whole episodes"
    result = CliRunner().invoke(app, ["eval", "--out", str(run), "--resume", "--max-tokens", "10000000", "--quiet"])
    assert result.exit_code == 0, flat(result)
    assert sorted(e["seed"] for e in lines(run / EPISODES)) == list(range(6))


def test_cost_budget_message(tmp_path: Path, server: ScriptedOpenAIServer) -> None:
    client = make_client(model_of(server), prices={"test-model": (1000.0, 1000.0)})
    config = RunConfig(envs=[ENV], seeds=list(range(4)), agent="zeroshot", model=model_of(server),
                       concurrency=1, max_steps=5, max_cost=1.0)  # fmt: skip
    report = run_eval(tmp_path / "cost", config, client=client)
    assert report.stopped is not None and "cost budget reached" in report.stopped
    assert report.unfinished >= 1 and report.totals.cost_usd >= 1.0


def test_failing_server_still_completes_with_errors_recorded(tmp_path: Path) -> None:
    """With ``max_llm_errors`` raised, failed calls fall back to the default action and are counted."""
    with ScriptedOpenAIServer(responder=cycling_responder(), rate_500=0.3, seed=3) as srv:
        client = make_client(model_of(srv), retry=RetryPolicy(max_retries=0), timeout=5)
        config = RunConfig(envs=[ENV], seeds=list(range(6)), agent="zeroshot", model=model_of(srv),
                           concurrency=6, max_steps=10, max_llm_errors=10)  # fmt: skip
        report = run_eval(tmp_path / "flaky", config, client=client)
    episodes = lines(tmp_path / "flaky" / EPISODES)
    assert sorted(e["seed"] for e in episodes) == list(range(6)) and report.unfinished == 0
    # each episode is scored: 10 decisions, or fewer when the game ended (the fallback move repeated five
    # times without a change ends 2048, depending on which calls the server failed)
    assert all(e["error"] is None and (e["steps"] == 10 or e["termination"] == "terminated") for e in episodes)
    errors = sum(e["llm_errors"] for e in episodes)
    calls = sum(e["llm_calls"] for e in episodes)
    assert 0.1 * calls <= errors <= 0.5 * calls
    failed_calls = [c for e in episodes for s in lines(trajectory_path(tmp_path / "flaky", ENV, e["seed"]))
                    if s["event"] == "step" for c in s["calls"] if c["error"]]  # fmt: skip
    assert len(failed_calls) == errors and all("500" in c["error"] or "Server" in c["error"] for c in failed_calls)


def test_baselines_and_process_workers(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "--env", ENV, "--agent", "expert", "--episodes", "2",
                                      "--max-steps", "20", "--out", str(tmp_path / "x"), "--quiet",
                                      "--env-workers", "process", "--frames"])  # fmt: skip
    assert result.exit_code == 0, flat(result)
    assert len(list((tmp_path / "x" / "trajectories").rglob("*.png"))) == 2 * 21
    random_run = run_eval(tmp_path / "rand", RunConfig(envs=[ENV], seeds=[4, 5], agent="random", max_steps=30))
    again = run_eval(tmp_path / "rand2", RunConfig(envs=[ENV], seeds=[4, 5], agent="random", max_steps=30))
    assert sorted((r.seed, r.raw_score) for r in random_run.results) == sorted(
        (r.seed, r.raw_score) for r in again.results
    ), "seeded random baseline is reproducible"


def test_cli_errors_are_clear(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["eval", "--env", ENV, "--agent", "zeroshot"])
    assert result.exit_code == 1 and "needs --model" in flat(result)
    result = runner.invoke(app, ["eval", "--env", "orak/Nope-v0", "--agent", "random", "--out", str(tmp_path / "n")])
    assert result.exit_code == 1 and "unknown env id" in flat(result)
    result = runner.invoke(app, ["eval", "--agent", "random"])
    assert result.exit_code == 1 and "--env" in flat(result)
    assert runner.invoke(app, ["eval", "--help"]).exit_code == 0


def test_the_client_preflight_probes_is_the_one_the_run_uses(
    tmp_path: Path, server: ScriptedOpenAIServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One LLM client per run: pre-flight builds and probes it, the episodes use it (not a second one)."""
    import orak_gym.agents.llm as llm

    built = []

    def counting_make_client(*args, **kwargs):
        client = make_client(*args, **kwargs)
        built.append(client)
        return client

    monkeypatch.setattr(llm, "make_client", counting_make_client)
    config = RunConfig(envs=["orak/2048-v0"], seeds=[0, 1], agent="zeroshot", model=f"compat:m@{server.base_url}",
                       max_steps=3, concurrency=2)  # fmt: skip
    report = run_eval(tmp_path / "run", config)
    assert len(report.results) == 2 and not report.errors and len(built) == 1
    assert sum(r.path.endswith("/chat/completions") for r in server.requests) == 2 * 3
