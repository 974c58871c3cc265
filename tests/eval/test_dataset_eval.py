"""``orak-gym dataset`` from real LLM runs: selection, the three file formats, and the HF dataset."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from orak_gym.cli import app
from orak_gym.eval import RunConfig, read_episodes, run_eval
from orak_gym.testing import ModuleResponder, ScriptedOpenAIServer

ENV = "orak/2048-v0"


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("runs")
    counter = iter(range(10**6))

    def respond(body: dict) -> str:
        n = next(counter)
        return f"### Reasoning\nstep {n}\n### Actions\n{['left', 'down', 'right', 'up'][n % 4]}"

    with ScriptedOpenAIServer(responder=respond) as srv:
        model = f"compat:scripted@{srv.base_url}"
        run_eval(
            root / "zs",
            RunConfig(envs=[ENV], seeds=list(range(5)), agent="zeroshot", model=model, max_steps=6),
        )
    # the reflection module gets answers in its own format; a zeroshot-style answer to it lacks a section
    with ScriptedOpenAIServer(responder=ModuleResponder()) as srv:
        model = f"compat:scripted@{srv.base_url}"
        run_eval(root / "refl", RunConfig(envs=[ENV], seeds=[0, 1], agent="reflection", model=model, max_steps=4))
    with ScriptedOpenAIServer(responder=respond) as srv:
        model = f"compat:scripted@{srv.base_url}"
        run_eval(root / "half", RunConfig(envs=[ENV], seeds=[7], agent="reflection", model=model, max_steps=4))
    run_eval(root / "expert", RunConfig(envs=[ENV], seeds=[0], agent="expert", max_steps=4))
    return root


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_dataset_top_k_formats_and_hf(runs: Path, tmp_path: Path) -> None:
    out = tmp_path / "data"
    result = CliRunner().invoke(app, ["dataset", str(runs), "--out", str(out), "--top-k", "3", "--hf"])
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["episodes"] == {ENV: 3}
    samples = read(out / "samples.jsonl")
    # the 3 best LLM episodes (the expert run has no LLM call and is never selected)
    scored = sorted((r.score for d in ("zs", "refl", "half") for r in read_episodes(runs / d)), reverse=True)
    assert sorted({s["episode_score"] for s in samples}, reverse=True)[0] == scored[0]
    assert len({(s["run"], s["seed"]) for s in samples}) == 3
    assert manifest["samples"] == len(samples) > 0
    for sample in samples:
        assert sample["messages"][-1]["role"] == "assistant"
        assert sample["messages"][-1]["content"].startswith("###")
        assert sample["game"] == "twenty48" and sample["genre"] == "puzzle" and sample["env"] == ENV
        assert sample["model"] == "scripted", "the model's name, never the endpoint URL"
    modules = {s["module"] for s in samples}
    for module in modules:
        rows = read(out / "messages" / f"{module}.jsonl")
        assert all(set(row) == {"messages"} for row in rows)
        assert len(rows) == sum(s["module"] == module for s in samples)
    orak = read(out / "orak.jsonl")
    assert len(orak) == len(samples)
    assert set(orak[0]) == {"game", "genre", "episode", "system_prompt", "user_prompt", "assistant_output"}
    assert orak[0]["system_prompt"] and "Board of 2048" in orak[0]["user_prompt"]

    import datasets

    loaded = datasets.load_from_disk(str(out / "hf"))
    assert loaded["twenty48"].num_rows == len(samples)
    assert loaded["twenty48"][0]["messages"][-1]["role"] == "assistant"


def test_dataset_min_score_and_module_filter(runs: Path, tmp_path: Path) -> None:
    best = max(r.score for r in read_episodes(runs / "zs"))
    result = CliRunner().invoke(app, ["dataset", str(runs / "zs"), str(runs / "refl"), "--out", str(tmp_path),
                                      "--min-score", str(best), "--module", "action_inference"])  # fmt: skip
    assert result.exit_code == 0, result.output
    samples = read(tmp_path / "samples.jsonl")
    assert samples and all(s["episode_score"] >= best for s in samples)
    assert {s["module"] for s in samples} == {"action_inference"}


def test_reflection_samples_are_grouped_by_module(runs: Path, tmp_path: Path) -> None:
    CliRunner().invoke(app, ["dataset", str(runs / "refl"), "--out", str(tmp_path)])
    files = sorted(p.name for p in (tmp_path / "messages").glob("*.jsonl"))
    assert files == ["action_inference.jsonl", "self_reflection.jsonl"]


def test_dataset_without_llm_runs_says_why(runs: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["dataset", str(runs / "expert"), "--out", str(tmp_path)])
    assert result.exit_code == 0 and "no sample" in " ".join(result.output.split())


def test_answers_missing_a_section_are_dropped_or_flagged(runs: Path, tmp_path: Path) -> None:
    """In run "half" the reflection module got answers without its sections."""
    result = CliRunner().invoke(app, ["dataset", str(runs / "half"), "--out", str(tmp_path / "drop")])
    assert result.exit_code == 0, result.output
    dropped = read(tmp_path / "drop" / "samples.jsonl")
    assert {s["module"] for s in dropped} == {"action_inference"}
    result = CliRunner().invoke(
        app, ["dataset", str(runs / "half"), "--out", str(tmp_path / "flag"), "--incomplete", "flag"]
    )
    assert result.exit_code == 0, result.output
    flagged = read(tmp_path / "flag" / "samples.jsonl")
    reflections = [s for s in flagged if s["module"] == "self_reflection"]
    assert reflections and all(s["complete"] is False for s in reflections)
    assert all(s["complete"] is True for s in flagged if s["module"] == "action_inference")
    assert len(flagged) == len(dropped) + len(reflections)
