"""``orak-gym view``: reports of real runs (2048 and Baba Is You played by an LLM agent on the local
test server, an arena of 2048 races), opened in a real headless Chromium.

The runs hold hostile text on purpose: a model answer and an LLM error that try to inject script.
"""

from __future__ import annotations

import itertools
import json
import struct
from pathlib import Path

import pytest
from typer.testing import CliRunner

import orak_gym
from orak_gym.agents.llm import make_client
from orak_gym.agents.llm.retry import RetryPolicy
from orak_gym.cli import app
from orak_gym.eval import RunConfig, read_episodes, run_eval
from orak_gym.eval.schema import read_jsonl, trajectory_path
from orak_gym.eval.view import ViewError, build_report
from orak_gym.testing import Reply, ScriptedOpenAIServer

ENVS = ["orak/2048-v0", "orak/BabaIsYou-v0"]
HOSTILE_ANSWER = (
    '### Reasoning\n</script><script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'
    "<!-- \u2028\n### Actions\nleft"
)
HOSTILE_ERROR = '<img src=x onerror="window.__pwned = 3">'


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An LLM run over 2048 and Baba Is You with frames: the 3rd answer is hostile, the 9th call fails
    (so one episode errors, with a hostile error text)."""
    root = tmp_path_factory.mktemp("view")
    counter = itertools.count(1)
    moves = itertools.cycle(["up", "left", "down", "right"])

    def responder(body: dict) -> str | Reply:
        n = next(counter)
        if n == 3:
            return HOSTILE_ANSWER
        if n == 9:
            return Reply.error(503, HOSTILE_ERROR)
        return f"### Reasoning\nkeep the corner\n### Actions\n{next(moves)}"

    with ScriptedOpenAIServer(responder=responder) as server:
        model = f"compat:scripted@{server.base_url}"
        client = make_client(model, retry=RetryPolicy(max_retries=0))
        config = RunConfig(
            envs=ENVS, seeds=[0, 1], agent="zeroshot", model=model, max_steps=6, frames=True, concurrency=1
        )
        run_eval(root / "llm", config, client=client)
    return root / "llm"


@pytest.fixture(scope="module")
def arena_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("arena") / "arena"
    race = '{"target_tile": 16, "max_turns": 15}'
    result = invoke("arena", "--env", "2048-race", "-p", "random", "-p", "expert", "--games", "2",
                    "--env-kwargs", race, "--out", str(out), "--bootstrap", "20")  # fmt: skip
    assert result.exit_code == 0, result.output
    return out


def test_the_run_has_what_the_report_must_show(run_dir: Path) -> None:
    episodes = read_episodes(run_dir)
    assert len(episodes) == 4 and sum(e.errored for e in episodes) == 1
    assert all((trajectory_path(run_dir, e.env, e.seed).with_suffix(".frames") / "000001.png").is_file()
               for e in episodes if not e.errored)  # fmt: skip


def test_report_is_self_contained_and_hostile_text_stays_data(run_dir: Path) -> None:
    page = build_report(run_dir)
    assert "Content-Security-Policy" in page and "script-src 'sha256-" in page
    assert "window.__pwned" in page, "the hostile answer is in the report (as data)"
    assert "<script>window.__pwned" not in page and "<img src=x" not in page and "<!-- " not in page
    assert page.count("<script") == page.count("</script>") == 1 + 1 + 2 * 4  # code, index, steps + frames per episode
    assert 'src="http' not in page and "<link" not in page, "nothing is loaded from elsewhere"


@pytest.mark.parametrize(
    "breakage",
    ["no folder", "not a run", "corrupt config", "corrupt summary", "summary of another shape", "corrupt episodes",
     "no trajectory", "corrupt trajectory", "corrupt arena settings", "corrupt matches", "replay missing",
     "replay outside", "out folder missing"],
)  # fmt: skip
def test_bad_input_is_one_line_and_writes_nothing(
    breakage: str, run_dir: Path, arena_dir: Path, tmp_path: Path
) -> None:
    import shutil

    run = tmp_path / "run"
    shutil.copytree(run_dir, run)
    arena = tmp_path / "arena"
    shutil.copytree(arena_dir, arena)
    target, out = run, tmp_path / "report.html"
    first = next(r for r in read_episodes(run) if not r.errored)
    if breakage == "no folder":
        target = tmp_path / "nowhere"
    elif breakage == "not a run":
        target = tmp_path / "empty"
        target.mkdir()
    elif breakage == "corrupt config":
        (run / "config.json").write_text("{not json")
    elif breakage == "corrupt summary":
        (run / "summary.json").write_text("[1, 2]")
    elif breakage == "summary of another shape":
        (run / "summary.json").write_text('{"orak/2048-v0": null}')
    elif breakage == "corrupt arena settings":
        target = arena
        (arena / "arena.json").write_text('{"env": "2048-race", "players": ["a", "b"]}')
    elif breakage == "corrupt episodes":
        lines = (run / "episodes.jsonl").read_text().splitlines(keepends=True)
        (run / "episodes.jsonl").write_text(lines[0] + "garbage\n" + "".join(lines[1:]))
    elif breakage == "no trajectory":
        trajectory_path(run, first.env, first.seed).unlink()
    elif breakage == "corrupt trajectory":
        trajectory_path(run, first.env, first.seed).write_text('{"event": "step"}\n')
    elif breakage == "corrupt matches":
        target = arena
        (arena / "matches.jsonl").write_text('{"winner": "x"}\n')
    elif breakage == "replay missing":
        target = arena
        next((arena / "replays").glob("*.jsonl")).unlink()
    elif breakage == "replay outside":
        target = arena
        line = json.loads((arena / "matches.jsonl").read_text().splitlines()[0])
        (arena / "matches.jsonl").write_text(json.dumps({**line, "replay": "../run/config.json"}) + "\n")
    elif breakage == "out folder missing":
        out = tmp_path / "missing" / "report.html"
    result = invoke("view", str(target), "--out", str(out))
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:"), result.output
    assert not out.exists() and not list(tmp_path.glob("**/*.tmp")), "nothing written"
    assert not (run / "report.html").exists()


def test_a_run_stopped_before_its_summary_is_shown_with_a_note(run_dir: Path, tmp_path: Path) -> None:
    import shutil

    run = tmp_path / "run"
    shutil.copytree(run_dir, run)
    (run / "summary.json").unlink()
    result = invoke("view", str(run))
    assert result.exit_code == 0, result.output
    assert "summary.json is absent" in (run / "report.html").read_text()


# ---------------------------------------------------------------------------------- in a browser
def needs_browser() -> None:
    """Skips with the reason when Playwright or a system Chromium is missing (.ci/run installs both)."""
    from orak_gym.core.errors import MissingDependencyError
    from orak_gym.eval.view_browser import check_browser

    try:
        check_browser()
    except (MissingDependencyError, ViewError) as exc:
        pytest.skip(f"no browser for the report tests: {exc}")


@pytest.fixture(scope="module")
def browser():
    """Opens reports in a headless system Chromium; collects console errors and uncaught exceptions."""
    from orak_gym.eval.view_browser import chromium_page

    needs_browser()
    with chromium_page() as page:
        errors: list[str] = []
        page.on("console", lambda msg: errors.append(msg.text) if msg.type in ("error", "warning") else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))

        def open_report(path: Path):
            errors.clear()
            page.goto(path.resolve().as_uri())
            page.wait_for_selector("body[data-ready='1']", timeout=30_000)
            return page

        open_report.errors = errors  # type: ignore[attr-defined]
        yield open_report


def _steps(run_dir: Path, env: str, seed: int) -> list[dict]:
    return [line for line in read_jsonl(trajectory_path(run_dir, env, seed)) if line.get("event") == "step"]


def test_eval_report_in_a_browser(browser, run_dir: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    assert invoke("view", str(run_dir), "--out", str(report)).exit_code == 0
    page = browser(report)
    # the numbers shown are summary.json's
    summary = json.loads((run_dir / "summary.json").read_text())
    assert page.locator("#summary tbody tr").count() == len(summary) == 2
    for env, stats in summary.items():
        row = page.locator(f"#summary tr[data-env='{env}']")
        for cls, key, digits in [("score-mean", "score_mean", 2), ("score-se", "score_se", 2),
                                 ("episodes", "episodes", 0), ("errors", "errors", 0), ("llm-calls", "llm_calls", 0),
                                 ("tokens-in", "tokens_in", 0)]:  # fmt: skip
            assert row.locator(f"td.{cls}").inner_text() == f"{stats[key]:.{digits}f}", (env, key)
    # errored episodes apart, with their error as text
    episodes = read_episodes(run_dir)
    errored = [e for e in episodes if e.errored]
    assert page.locator("#episodes tbody tr").count() == len(episodes) - len(errored) == 3
    assert page.locator("#errored tbody tr").count() == 1
    assert HOSTILE_ERROR in page.locator("#errored td.error").inner_text()
    # step through a scored 2048 episode: the step number, observation, frame and score follow the file
    scored = next(e for e in episodes if e.env == "orak/2048-v0" and not e.errored)
    steps = _steps(run_dir, scored.env, scored.seed)
    index = sorted(episodes, key=lambda e: (e.env, e.seed)).index(scored)
    page.click(f"tr.episode[data-id='{index}']")
    assert page.locator("#viewer").is_visible()
    frames = []
    for number in (1, 2, 3):
        assert page.inner_text("#step-num") == f"step {number} of {len(steps)}"
        assert page.text_content("#observation") == steps[number - 1]["observation"]
        assert page.inner_text("#score-now") == f"{steps[number - 1]['score']:.2f}"
        assert page.inner_text("#action") == steps[number - 1]["action"]
        frames.append(page.get_attribute("#frame", "src"))
        page.click("#next")
    assert all(src and src.startswith("data:image/png;base64,") for src in frames)
    assert len(set(frames)) == 3, "each step shows its own frame"
    assert len({s["observation"] for s in steps[:3]}) > 1, "the observations differ, so the check above can fail"
    page.keyboard.press("ArrowLeft")
    assert page.inner_text("#step-num") == f"step 3 of {len(steps)}"
    page.click("#last")
    assert page.inner_text("#step-num") == f"end: {scored.termination}"
    # the hostile answer is shown as text and ran nothing
    hostile = next(
        (e, i) for e in episodes for i, s in enumerate(_steps(run_dir, e.env, e.seed))
        if any("__pwned" in (c.get("raw_response") or "") for c in s["calls"])
    )  # fmt: skip
    page.click(f"tr[data-id='{sorted(episodes, key=lambda e: (e.env, e.seed)).index(hostile[0])}']")
    for _ in range(hostile[1]):
        page.click("#next")
    assert "<script>window.__pwned = 1</script>" in page.locator("#calls pre.response").inner_text()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    # Baba Is You steps too
    baba = next(e for e in episodes if e.env == "orak/BabaIsYou-v0" and not e.errored)
    page.click(f"tr.episode[data-id='{sorted(episodes, key=lambda e: (e.env, e.seed)).index(baba)}']")
    baba_steps = _steps(run_dir, baba.env, baba.seed)
    page.click("#next")
    assert page.inner_text("#step-num") == f"step 2 of {len(baba_steps)}"
    assert page.text_content("#observation") == baba_steps[1]["observation"]
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert browser.errors == [], browser.errors


def test_arena_report_in_a_browser(browser, arena_dir: Path, tmp_path: Path) -> None:
    report = tmp_path / "arena.html"
    assert invoke("view", str(arena_dir), "--out", str(report)).exit_code == 0
    page = browser(report)
    elo = [line.split(",") for line in (arena_dir / "elo.csv").read_text().splitlines()[1:]]
    assert page.locator("#elo tbody tr").count() == len(elo) == 2
    for player, rating, *_ in elo:
        assert page.locator(f"#elo tr[data-player='{player}'] td.elo").inner_text() == rating
    matches = list(read_jsonl(arena_dir / "matches.jsonl"))
    assert page.locator("#matches tbody tr").count() == len(matches) == 2
    assert [page.locator("#matches td.winner").nth(i).inner_text() for i in range(2)] == [
        m["winner"] or "draw" for m in matches
    ]
    moves = [line for line in read_jsonl(arena_dir / matches[0]["replay"]) if "turn" in line]
    page.click("tr.match[data-replay='0']")
    for number in (1, 2):
        assert page.inner_text("#replay-step") == f"move {number} of {len(moves)}"
        assert page.text_content("#replay-observation") == moves[number - 1]["observation"]
        assert page.inner_text("#replay-who") == moves[number - 1]["player"]
        page.click("#replay-next")
    assert {moves[0]["player"], moves[1]["player"]} == {"random", "expert"}, "seats alternate"
    assert browser.errors == [], browser.errors


def test_screenshot_command(run_dir: Path, tmp_path: Path) -> None:
    needs_browser()
    png = tmp_path / "shot.png"
    result = invoke("view", str(run_dir), "--out", str(tmp_path / "r.html"), "--screenshot", str(png), "--episode", "0")
    assert result.exit_code == 0, result.output
    header = png.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", header[16:24])
    assert width >= 600 and height >= 400


#: Every game that runs on this machine, as ``orak-gym list`` tells (no game named here).
READY = [spec.env_id for spec, status in orak_gym.games() if status.readiness.value == "ready"]


@pytest.mark.parametrize("env_id", READY)
def test_a_run_of_every_ready_game_opens_in_the_browser(env_id: str, browser, tmp_path: Path) -> None:
    """Every game that runs on this machine (2048, Baba Is You and Slay the Spire everywhere; the ROM
    games and Minecraft where their files are installed): a real run, its report, two steps."""
    run = tmp_path / "run"
    run_eval(run, RunConfig(envs=[env_id], seeds=[0], agent="random", max_steps=3, frames=True))
    (result,) = read_episodes(run)
    assert not result.errored, result.error
    assert invoke("view", str(run)).exit_code == 0
    page = browser(run / "report.html")
    steps = _steps(run, env_id, 0)
    page.click("tr.episode[data-id='0']")
    for number in (1, 2):
        assert page.inner_text("#step-num") == f"step {number} of {len(steps)}"
        assert page.text_content("#observation") == steps[number - 1]["observation"]
        assert (page.get_attribute("#frame", "src") or "").startswith("data:image/png;base64,")
        page.click("#next")
    assert page.inner_text(f"#summary tr[data-env='{env_id}'] td.score-mean") == f"{result.score:.2f}"
    assert browser.errors == [], browser.errors


def test_a_large_run_opens_fast(browser, tmp_path: Path) -> None:
    """150 episodes, 3,000 steps: the page parses only its index until an episode is opened."""
    import time

    run = tmp_path / "run"
    run_eval(run, RunConfig(envs=["orak/2048-v0"], seeds=list(range(150)), agent="random", max_steps=20))
    page_text = build_report(run)
    index = page_text[
        page_text.index('id="orak-index">') : page_text.index("</script>", page_text.index('id="orak-index">'))
    ]
    assert "Board of 2048" not in index and '"observation"' not in index, "episodes' steps stay out of the index"
    assert page_text.count("Board of 2048") >= 150 * 20, "they are in the episodes' own blocks"
    report = tmp_path / "report.html"
    report.write_text(page_text)
    started = time.perf_counter()
    page = browser(report)
    assert time.perf_counter() - started < 10, "the report opens in seconds (even on a busy machine)"
    assert page.locator("#episodes tbody tr").count() == 150
    page.click("tr.episode[data-id='149']")
    page.click("#last")
    assert page.inner_text("#step-num").startswith("end: ")
    assert browser.errors == [], browser.errors


def test_an_errored_arena_game_is_shown_apart_with_its_moves(browser, tmp_path: Path) -> None:
    """An LLM player whose endpoint starts refusing (400: no retry) mid-game: that game errors, is not
    rated, and its replay up to the error is there, hostile answer included, as text."""
    counter = itertools.count(1)

    def responder(body: dict) -> str | Reply:
        n = next(counter)
        if n == 2:
            return HOSTILE_ANSWER
        return Reply.error(400, HOSTILE_ERROR) if n >= 4 else "### Actions\nleft"

    out = tmp_path / "arena"
    with ScriptedOpenAIServer(responder=responder) as server:
        result = invoke("arena", "--env", "2048-race", "-p", "random", "-p", f"zeroshot:compat:m@{server.base_url}",
                        "--games", "1", "--env-kwargs", '{"target_tile": 16, "max_turns": 15}', "--out", str(out),
                        "--no-plot")  # fmt: skip
    assert result.exit_code == 4, result.output  # games errored
    (match,) = list(read_jsonl(out / "matches.jsonl"))
    assert match["error"] and match["winner"] is None and match["replay"]
    assert invoke("view", str(out)).exit_code == 0
    page = browser(out / "report.html")
    assert page.locator("#matches tbody tr").count() == 0 and page.locator("#arena-errors tbody tr").count() == 1
    assert HOSTILE_ERROR in page.inner_text("#arena-errors td.error")
    page.click("#arena-errors tr.match")
    assert page.inner_text("#replay-meta").startswith("errored, not rated")
    moves = [line for line in read_jsonl(out / match["replay"]) if "turn" in line]
    assert 2 <= len(moves) < 15, "the moves up to the error"
    shown = []
    for _ in moves:
        shown.append(page.text_content("#replay-calls"))
        if page.locator("#replay-next").is_enabled():
            page.click("#replay-next")
    assert any("<script>window.__pwned = 1</script>" in text for text in shown)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert browser.errors == [], browser.errors


def test_render_draws_the_frames_of_a_run_saved_without_them(browser, tmp_path: Path) -> None:
    run = tmp_path / "run"
    run_eval(run, RunConfig(envs=["orak/BabaIsYou-v0"], seeds=[0], agent="random", max_steps=3))
    assert not (run / "trajectories" / "orak__BabaIsYou-v0" / "0.frames").exists()
    assert invoke("view", str(run), "--out", str(tmp_path / "plain.html")).exit_code == 0
    page = browser(tmp_path / "plain.html")
    page.click("tr.episode[data-id='0']")
    assert "--render" in page.inner_text("#frame"), "says how to get frames"
    assert invoke("view", str(run), "--out", str(tmp_path / "drawn.html"), "--render").exit_code == 0
    page = browser(tmp_path / "drawn.html")
    page.click("tr.episode[data-id='0']")
    sources = []
    for _ in range(3):
        sources.append(page.get_attribute("#frame", "src") or "")
        page.click("#next")
    assert all(src.startswith("data:image/png;base64,") for src in sources)
    assert browser.errors == [], browser.errors
