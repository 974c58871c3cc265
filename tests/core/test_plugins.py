"""Games from other packages: a small game package (tests/core/data/plugin_game) is built and installed
into a temporary path, and a fresh interpreter with that path sees it like a built-in game."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

PLUGIN = Path(__file__).parent / "data" / "plugin_game"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The plugin package, built from source and installed (without dependencies) into its own folder."""
    build = tmp_path_factory.mktemp("plugin_src")
    shutil.copytree(PLUGIN, build, dirs_exist_ok=True)
    target = tmp_path_factory.mktemp("plugin_site")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(build)],
        check=True,
        capture_output=True,
    )
    assert (target / "orak_counter" / "prompts" / "action_inference.system.j2").is_file()
    return target


def _run(site: Path, code: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "250", "PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")])}
    command = [sys.executable, *(["-c", textwrap.dedent(code)] if code else args)]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)


def test_plugin_game_is_registered_with_its_spec(site):
    result = _run(
        site,
        """
        import json, gymnasium as gym, orak_gym
        from orak_gym.eval.envs import max_instances
        from orak_gym.eval.policies import policy_factory
        spec = orak_gym.spec_of("orak/Counter-Far-v0")
        env = gym.make("orak/Counter-Far-v0")
        obs, info = env.reset(seed=1)
        expert = policy_factory("expert", "orak/Counter-Far-v0")(0)
        steps = 0
        while True:
            obs, reward, terminated, truncated, info = env.step(expert(obs, info))
            steps += 1
            if terminated or truncated:
                break
        print(json.dumps({
            "name": spec.name, "ids": list(spec.env_ids), "in_list": "orak/Counter-v0" in orak_gym.env_ids(),
            "cap": max_instances("orak/Counter-v0"), "score": info["score"], "steps": steps,
            "last_step": expert.last_step.action, "title": info["prompt_context"]["title"],
        }))
        """,
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["name"] == "counter" and out["ids"] == ["orak/Counter-v0", "orak/Counter-Far-v0"]
    assert out["in_list"] and out["cap"] == 2 and out["title"] == "Counter"
    assert out["score"] == 100.0 and out["last_step"] == "inc" and 36 <= out["steps"] <= 40


def test_plugin_game_passes_the_contract_kit(site):
    result = _run(
        site,
        """
        import json
        from orak_gym.testing import check_orak_env
        print(json.dumps(check_orak_env("orak/Counter-v0")))
        """,
    )
    assert result.returncode == 0, result.stderr
    results = json.loads(result.stdout.strip().splitlines()[-1])
    assert set(results.values()) == {"passed"}, results


def test_plugin_game_prompts_are_found_through_its_spec(site):
    pytest.importorskip("jinja2", reason="prompt templates need jinja2: pip install 'orak-gym[llm]'")
    result = _run(
        site,
        """
        import gymnasium as gym
        from orak_gym.agents.prompting import PromptLibrary
        env = gym.make("orak/Counter-v0")
        _, info = env.reset(seed=0)
        library = PromptLibrary("orak/Counter-v0")
        print(library.source("action_inference", "system"))
        print(library.render("action_inference", "system", info["prompt_context"]))
        """,
    )
    assert result.returncode == 0, result.stderr
    first, *rest = result.stdout.splitlines()
    assert first.endswith("orak_counter/prompts/action_inference.system.j2")
    text = "\n".join(rest)
    assert "You are playing Counter, a game from a plugin package." in text and "`inc` adds one" in text


def test_plugin_game_shows_in_orak_gym_list(site):
    result = _run(site, "", "-m", "orak_gym.cli", "list")
    assert result.returncode == 0, result.stderr
    row = next(line for line in result.stdout.splitlines() if "Counter" in line)
    assert "orak/Counter-v0" in row and "ready" in row


def test_a_broken_plugin_warns_and_never_breaks_import(tmp_path):
    dist = tmp_path / "broken_game-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-game\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[orak_gym.games]\nbroken = no_such_module_here:SPECS\n")
    result = _run(tmp_path, "import orak_gym; print(len(orak_gym.env_ids()) > 0)")
    assert result.returncode == 0 and result.stdout.strip() == "True", result.stderr
    assert "could not load the game of entry point 'broken'" in result.stderr
