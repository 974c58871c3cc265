"""A headless Chromium for reports: the screenshots of ``orak-gym view --screenshot`` and the browser tests.

Playwright drives the system's Chromium (Debian's ``chromium`` package, or ``$ORAK_CHROMIUM``):
``playwright install`` downloads a browser, which a machine without a network cannot do, and a system
browser is what a researcher opens the report with anyway.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from orak_gym.core.errors import MissingDependencyError
from orak_gym.eval.view import ViewError

#: Flags that let Chromium run headless as root in a container, and keep it off the network.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    """The browser to drive: ``$ORAK_CHROMIUM``, else the first Chromium on ``PATH``."""
    given = os.environ.get("ORAK_CHROMIUM")
    if given:
        return given if Path(given).is_file() else None
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def check_browser() -> str:
    """The Chromium path, once Playwright and a Chromium are both there; else a one-line error."""
    try:
        import playwright  # noqa: F401
    except ImportError as exc:
        raise MissingDependencyError("playwright", "browser", "report screenshots") from exc
    path = find_chromium()
    if path is None:
        raise ViewError(
            "no Chromium found for the screenshot: install it (Debian: apt-get install chromium) "
            "or set ORAK_CHROMIUM to its path"
        )
    return path


@contextmanager
def chromium_page(width: int = 1280, height: int = 900) -> Iterator[Any]:
    """A fresh page in a headless system Chromium with its own profile, closed afterwards."""
    from playwright.sync_api import sync_playwright

    executable = check_browser()
    with tempfile.TemporaryDirectory(prefix="orak-chromium-") as profile, sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            profile,
            executable_path=executable,
            headless=True,
            args=[flag for flag in CHROMIUM_FLAGS if flag != "--headless"],
            viewport={"width": width, "height": height},
        )
        try:
            yield context.pages[0] if context.pages else context.new_page()
        finally:
            context.close()


def take_screenshot(report: Path, png: Path, episode: int | None = None, steps: int = 3) -> Path:
    """A full-page PNG of ``report``; with ``episode``, that episode (or arena game) opened and stepped
    ``steps`` times, the step-through alone.

    It runs on a thread of its own: Playwright's sync API refuses a thread with a running event loop
    (a notebook's, or another Playwright session's)."""
    from concurrent.futures import ThreadPoolExecutor

    if not png.parent.is_dir():
        raise ViewError(f"cannot write {png}: the folder {png.parent} does not exist")
    with ThreadPoolExecutor(1, thread_name_prefix="orak-screenshot") as pool:
        return pool.submit(_shoot, report, png, episode, steps).result()


def _shoot(report: Path, png: Path, episode: int | None, steps: int) -> Path:
    try:
        with chromium_page() as page:
            page.goto(Path(report).resolve().as_uri())
            page.wait_for_selector("body[data-ready='1']", timeout=60_000)  # a busy machine
            if episode is not None:
                row = page.locator(f"tr.episode[data-id='{int(episode)}'], tr.match[data-replay='{int(episode)}']")
                if row.count() == 0:
                    raise ViewError(f"--episode {episode}: the report has no such episode or arena game")
                row.first.click()
                section, forward = (
                    ("#viewer", "#next") if page.locator("#viewer").count() else ("#replay", "#replay-next")
                )
                for _ in range(steps):
                    if page.locator(forward).is_enabled():
                        page.click(forward)
                page.locator(section).screenshot(path=str(png))
            else:
                page.screenshot(path=str(png), full_page=True)
    except ViewError:
        raise
    except Exception as exc:  # Playwright's own errors: the browser would not start or the page broke
        raise ViewError(f"the screenshot failed: {type(exc).__name__}: {str(exc).splitlines()[0]}") from exc
    return png
