"""The documentation: the site builds strictly, every Python block meant to run runs, and the README stays
the short front door whose links and games table agree with the site.

A Python block is run unless the line before its fence is ``<!-- skip: reason -->``; a page's blocks run
in order in one fresh interpreter (later blocks use what earlier ones defined), in an empty folder."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

import orak_gym
from orak_gym.games import ORAK_GAMES

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
PAGES = sorted([ROOT / "README.md", *DOCS.rglob("*.md")])
PAGES = [p for p in PAGES if "media" not in p.relative_to(ROOT).parts]
FENCE = re.compile(r"^(`{3,})(\w*)")
SKIP = re.compile(r"^<!-- skip: (.+) -->$")


@dataclass
class Block:
    line: int
    code: str
    skip: str | None


def python_blocks(page: Path) -> list[Block]:
    lines = page.read_text(encoding="utf-8").split("\n")
    blocks, i = [], 0
    while i < len(lines):
        opening = FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        fence, language, start = opening.group(1), opening.group(2), i
        i += 1
        while i < len(lines) and lines[i].rstrip() != fence:  # a closing fence has no info string
            i += 1
        if language == "python":
            previous = next((line for line in reversed(lines[:start]) if line.strip()), "")
            skip = SKIP.match(previous.strip())
            blocks.append(Block(start + 1, "\n".join(lines[start + 1 : i]), skip.group(1) if skip else None))
        i += 1
    return blocks


def _relative(page: Path) -> str:
    return str(page.relative_to(ROOT))


RUNNABLE = [p for p in PAGES if any(b.skip is None for b in python_blocks(p))]


@pytest.mark.parametrize("page", RUNNABLE, ids=_relative)
def test_python_blocks_run(page: Path, tmp_path: Path) -> None:
    script = "\n\n".join(f"# {_relative(page)}:{b.line}\n{b.code}" for b in python_blocks(page) if b.skip is None)
    (tmp_path / "blocks.py").write_text(script, encoding="utf-8")
    env = {**os.environ, "MPLBACKEND": "Agg", "ORAK_ASSETS": str(tmp_path / "assets")}
    done = subprocess.run(
        [sys.executable, "blocks.py"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, f"{_relative(page)}'s Python blocks fail:\n{done.stderr[-3000:]}"


def test_the_block_reader_sees_skips_and_long_fences() -> None:
    blocks = python_blocks(DOCS / "games" / "minecraft.md")
    program = next(b for b in blocks if 'gym.make("orak/Minecraft-v0", task="stone_pickaxe")' in b.code)
    assert "```javascript" in program.code and "env.close()" in program.code  # the inner fence stays inside
    skipped = [b for page in PAGES for b in python_blocks(page) if b.skip]
    assert any("ROM" in b.skip for b in skipped) and all(b.skip.strip() for b in skipped)


def test_site_builds_strictly(tmp_path: Path) -> None:
    pytest.importorskip("mkdocs", reason="the docs extra is not installed: pip install 'orak-gym[docs]'")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert (tmp_path / "site" / "reference" / "core" / "index.html").read_text().count("OrakEnv") > 3


@pytest.mark.parametrize("page", [p for p in PAGES if p.parent != ROOT], ids=_relative)
def test_each_page_has_one_title(page: Path) -> None:
    titles, fence = [], None
    for line in page.read_text(encoding="utf-8").split("\n"):
        opening = FENCE.match(line)
        if opening and fence is None:
            fence = opening.group(1)
        elif fence is not None and line.rstrip() == fence:
            fence = None
        elif fence is None and line.startswith("# "):
            titles.append(line)
    assert len(titles) == 1, f"{_relative(page)} has {len(titles)} level-1 headings: {titles}"


def _implemented() -> list:
    """Orak's games that run here (not the test games other tests register in this process)."""
    return [spec for spec in orak_gym.GAMES.values() if spec.name in ORAK_GAMES and spec.env_class]


def test_every_game_has_a_page_in_the_site() -> None:
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    implemented = {spec.name for spec in _implemented()}
    assert {"twenty48", "minecraft", "slay_the_spire"} <= implemented
    for name in implemented:
        assert (DOCS / "games" / f"{name}.md").is_file(), f"no docs/games/{name}.md"
        assert f"games/{name}.md" in nav, f"docs/games/{name}.md is not in mkdocs.yml's nav"
        pictures = re.findall(r"!\[[^\]]*\]\(\.\./(media/[^)]+)\)", (DOCS / "games" / f"{name}.md").read_text())
        assert pictures and all((DOCS / picture).is_file() for picture in pictures), f"{name}'s page shows no frame"


def test_readme_is_the_short_front_door() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.split("\n")) < 200
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", readme):
        if not target.startswith(("http://", "https://")):
            assert (ROOT / target).exists(), f"README links to {target}, which does not exist"


def _games_table(text: str) -> list[str]:
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("| game | env ids |"))
    end = next(i for i in range(start, len(lines)) if not lines[i].startswith("|"))
    return lines[start:end]


def test_readme_and_site_show_the_same_games_table() -> None:
    readme = _games_table((ROOT / "README.md").read_text(encoding="utf-8"))
    site = _games_table((DOCS / "index.md").read_text(encoding="utf-8"))
    assert readme == site
    for spec in _implemented():
        assert f"`{spec.variants[0].env_id}`" in "\n".join(readme), f"{spec.name} is missing from the games table"
