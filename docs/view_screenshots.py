"""The screenshots of ``orak-gym view`` in the README (``make media`` runs this).

Plays a real run (2048 and Baba Is You, a zero-shot LLM agent answered by the project's local
OpenAI-compatible test server, frames saved) and then asks ``orak-gym view --screenshot`` for the
report page and for an episode's step-through; a headless system Chromium takes the pictures.

    python docs/view_screenshots.py [--out out/media/view] [--media docs/media]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from orak_gym.eval import RunConfig, run_eval
from orak_gym.testing import ModuleResponder, ScriptedOpenAIServer


def view(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "orak_gym.cli", "view", *args], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=Path("out/media/view"), help="where the run is written")
    parser.add_argument("--media", type=Path, default=Path("docs/media"), help="where the PNGs go")
    args = parser.parse_args()
    run = args.out / "run"
    shutil.rmtree(run, ignore_errors=True)
    with ScriptedOpenAIServer(responder=ModuleResponder(actions=["left", "down", "right", "down", "up"])) as server:
        config = RunConfig(
            envs=["orak/2048-v0", "orak/BabaIsYou-v0"], seeds=[0, 1, 2], agent="zeroshot",
            model=f"compat:scripted-model@{server.base_url}", max_steps=20, frames=True, name="scripted-model",
        )  # fmt: skip
        run_eval(run, config)
    args.media.mkdir(parents=True, exist_ok=True)
    report = args.out / "report.html"
    view(str(run), "--out", str(report), "--screenshot", str(args.media / "view_report.png"))
    view(str(run), "--out", str(report), "--screenshot", str(args.media / "view_episode.png"), "--episode", "0")
    view(str(run), "--out", str(report), "--screenshot", str(args.media / "view_baba.png"), "--episode", "3")


if __name__ == "__main__":
    main()
