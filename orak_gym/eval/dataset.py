"""Fine-tuning data from run directories: the best episodes per game, one sample per LLM call.

``build_dataset(runs, out)`` writes::

    out/
      samples.jsonl           every sample: chat ``messages`` + where it came from (schema below)
      messages/<module>.jsonl ``{"messages": [...]}`` only, one file per agent module: the format of
                              OpenAI fine-tuning and TRL's ``SFTTrainer`` (conversational dataset)
      orak.jsonl              the columns of Orak's published dataset: game, genre, episode,
                              system_prompt, user_prompt, assistant_output
      manifest.json           selection criteria, source runs, counts per game and module
      hf/                     (``hf=True``) ``datasets.DatasetDict`` saved with ``save_to_disk``, one
                              split per game

A sample is ``{"messages", "module", "game", "genre", "env", "episode", "seed", "step", "model",
"agent", "episode_score", "action_valid", "run"}``; ``model`` is the model's name (never the
endpoint URL of the run's model spec).  Only successful calls are kept (an errored call has no
answer to learn from), and only answers holding every section their module asked for (the parser
found no ``missing`` one): a half-formatted answer would teach the format wrongly.  With
``incomplete="flag"`` those are kept with ``"complete": false`` (every sample then has ``complete``).
Errored episodes are never selected.  Message contents are text: image parts, which trajectories store
as a short placeholder, become the text ``<image>``.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from orak_gym.core.registry import UnknownEnvError, spec_of
from orak_gym.eval.schema import (
    EpisodeResult,
    JsonlWriter,
    RunConfig,
    expand_run_dirs,
    model_name,
    read_config,
    read_episodes,
    read_jsonl,
    trajectory_path,
)

#: What to do with an answer that lacks a section its module asked for.
INCOMPLETE = ("drop", "flag")


@dataclass
class _Candidate:
    run_dir: Path
    config: RunConfig
    result: EpisodeResult


def _game_and_genre(env_id: str) -> tuple[str, str]:
    """The game name and genre of a run's env id (the id itself, no genre, for an unknown one)."""
    try:
        spec = spec_of(env_id)
    except UnknownEnvError:
        return env_id, ""
    return spec.name, spec.genre


def select_episodes(
    run_dirs: Iterable[str | Path], top_k: int = 300, min_score: float | None = None
) -> dict[str, list[_Candidate]]:
    """The ``top_k`` highest-scoring finished LLM episodes per env (errors excluded), best first."""
    by_env: dict[str, list[_Candidate]] = {}
    for run_dir in expand_run_dirs(run_dirs):
        config = read_config(run_dir)
        for result in read_episodes(run_dir, errors=False):
            if result.errored or result.error or result.score is None or result.llm_calls == 0:
                continue
            if min_score is not None and result.score < min_score:
                continue
            by_env.setdefault(result.env, []).append(_Candidate(run_dir, config, result))
    for env_id, candidates in by_env.items():
        candidates.sort(
            key=lambda c: (-(c.result.score or 0.0), -(c.result.raw_score or 0.0), c.result.steps, str(c.run_dir))
        )
        by_env[env_id] = candidates[:top_k]
    return by_env


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = []
        for part in content:
            if isinstance(part, dict) and part.get("type") == "text":
                parts.append(str(part.get("text", "")))
            elif isinstance(part, dict) and part.get("type") == "image_url":
                parts.append("<image>")
        return "\n".join(parts)
    return "" if content is None else str(content)


def samples_of_episode(candidate: _Candidate, episode_index: int, incomplete: str = "drop") -> Iterable[dict[str, Any]]:
    """One sample per successful LLM call of the episode, in order (see ``incomplete`` above)."""
    result, config = candidate.result, candidate.config
    game, genre = _game_and_genre(result.env)
    for line in read_jsonl(trajectory_path(candidate.run_dir, result.env, result.seed)):
        if line.get("event") != "step":
            continue
        for call in line.get("calls") or []:
            if call.get("error") or call.get("raw_response") is None:
                continue
            complete = not call.get("missing")
            if not complete and incomplete == "drop":
                continue
            messages = [{"role": m.get("role", "user"), "content": _text(m.get("content"))} for m in call["messages"]]
            messages.append({"role": "assistant", "content": str(call["raw_response"])})
            yield {
                "messages": messages,
                "module": call.get("module", "action"),
                "game": game,
                "genre": genre,
                "env": result.env,
                "episode": episode_index,
                "seed": result.seed,
                "step": line.get("step"),
                "model": model_name(config.model),
                "agent": config.agent,
                "episode_score": result.score,
                "action_valid": line.get("action_valid"),
                "run": candidate.run_dir.name,
                **({"complete": complete} if incomplete == "flag" else {}),
            }


def orak_row(sample: dict[str, Any]) -> dict[str, Any]:
    """A sample in the columns of Orak's published dataset."""
    system = "\n\n".join(m["content"] for m in sample["messages"] if m["role"] == "system")
    user = "\n\n".join(m["content"] for m in sample["messages"] if m["role"] == "user")
    return {
        "game": sample["game"],
        "genre": sample["genre"],
        "episode": sample["episode"],
        "system_prompt": system,
        "user_prompt": user,
        "assistant_output": sample["messages"][-1]["content"],
    }


def build_dataset(
    run_dirs: Iterable[str | Path],
    out: str | Path,
    *,
    top_k: int = 300,
    min_score: float | None = None,
    modules: Iterable[str] | None = None,
    hf: bool = False,
    incomplete: str = "drop",
) -> dict[str, Any]:
    """Writes the dataset files (see the module docstring) and returns the manifest.

    ``incomplete``: ``"drop"`` (default) leaves out answers missing a requested section; ``"flag"``
    keeps them with ``"complete": false``.
    """
    if incomplete not in INCOMPLETE:
        raise ValueError(f"incomplete={incomplete!r} is not one of {INCOMPLETE}")
    run_dirs = list(run_dirs)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    wanted = set(modules) if modules else None
    selected = select_episodes(run_dirs, top_k=top_k, min_score=min_score)
    for stale in [out / "samples.jsonl", out / "orak.jsonl", *(out / "messages").glob("*.jsonl")]:
        stale.unlink(missing_ok=True)
    per_module: dict[str, JsonlWriter] = {}
    counts: Counter[tuple[str, str]] = Counter()
    episodes: Counter[str] = Counter()
    rows_by_game: dict[str, list[dict[str, Any]]] = {}
    with JsonlWriter(out / "samples.jsonl") as samples, JsonlWriter(out / "orak.jsonl") as orak:
        for env_id in sorted(selected):
            for index, candidate in enumerate(selected[env_id]):
                episodes[env_id] += 1
                for sample in samples_of_episode(candidate, index, incomplete):
                    if wanted is not None and sample["module"] not in wanted:
                        continue
                    samples.write(sample)
                    orak.write(orak_row(sample))
                    module = sample["module"]
                    if module not in per_module:
                        per_module[module] = JsonlWriter(out / "messages" / f"{module}.jsonl")
                    per_module[module].write({"messages": sample["messages"]})
                    counts[(sample["game"], module)] += 1
                    if hf:
                        rows_by_game.setdefault(sample["game"], []).append(sample)
    for writer in per_module.values():
        writer.close()
    manifest = {
        "top_k": top_k,
        "min_score": min_score,
        "modules": sorted(wanted) if wanted else None,
        "incomplete": incomplete,
        "runs": [str(Path(r)) for r in run_dirs],
        "episodes": dict(episodes),
        "samples": sum(counts.values()),
        "samples_by_game_module": {f"{g}/{m}": n for (g, m), n in sorted(counts.items())},
        "files": ["samples.jsonl", "orak.jsonl", *sorted(f"messages/{m}.jsonl" for m in per_module)],
    }
    if hf:
        save_hf(rows_by_game, out / "hf")
        manifest["files"].append("hf/")
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def save_hf(rows_by_game: dict[str, list[dict[str, Any]]], path: Path) -> Path:
    """Saves one split per game as a ``datasets.DatasetDict`` (load it with ``load_from_disk``)."""
    try:
        import datasets
    except ImportError as exc:
        from orak_gym.core.errors import MissingDependencyError

        raise MissingDependencyError("datasets", "datasets", "Hugging Face dataset export") from exc
    splits = {}
    for game, rows in sorted(rows_by_game.items()):
        clean = [{**row, "model": row["model"] or "", "action_valid": bool(row["action_valid"])} for row in rows]
        splits[game] = datasets.Dataset.from_list(clean)
    datasets.DatasetDict(splits).save_to_disk(str(path))
    return path
