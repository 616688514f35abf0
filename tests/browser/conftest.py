"""Fixtures of the browser suite: one JupyterLab, one Chromium, for the whole session.

JupyterLab is loaded once, in one browser tab; notebooks run one after another
in its dock (two cores: running them side by side would only make each slower).
``lab.run(path)`` opens a notebook, presses Run All, waits for idle, saves,
checks and takes screenshots into ``screenshots/browser/`` (git-ignored), then
closes it and shuts its kernel down. With ``keep=True`` (the notebooks the
interaction tests drive) it stays open, so each notebook runs once per session.

The session ends with a table of each notebook's time-to-idle.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from tests.browser._checks import check_page
from tests.browser._lab import CHROMIUM, ROOT, LabServer, launch_chromium
from tests.browser._notebook import LabPage, NotebookTab

SHOTS = ROOT / "screenshots" / "browser"
TIMINGS: dict[str, float] = {}
# The notebooks test_widgets.py drives, by widget family. They stay open after
# their Run All in test_notebooks.py, so the interaction tests do not rerun them.
INTERACTIVE = {
    "layer": "notebooks/02_layer_lifecycle.ipynb",
    "graph": "notebooks/04_nodes_and_history.ipynb",
    "monitor": "notebooks/10_callbacks.ipynb",
    "cnn": "notebooks/11_cnn_layers.ipynb",
}


@dataclass
class RunResult:
    """What one Run All produced."""

    seconds_to_idle: float
    notebook: dict  # the saved .ipynb, read back from disk
    problems: list[str]


class Lab:
    """A running JupyterLab in a browser tab, with a cache of run notebooks."""

    def __init__(self, server: LabServer, context: object) -> None:
        self.server = server
        self.page = LabPage(server, context)
        self._kept: dict[str, tuple[NotebookTab, RunResult]] = {}

    def run(self, path: str, keep: bool | None = None) -> tuple[NotebookTab, RunResult]:
        """Open ``path``, Run All, save and check it.

        ``keep`` (default: for the :data:`INTERACTIVE` notebooks) leaves it open,
        and a later call returns the same tab and result without a second run.
        """
        keep = path in INTERACTIVE.values() if keep is None else keep
        if path in self._kept:
            tab, result = self._kept[path]
            tab.activate()
            return tab, result
        tab = self.page.open(path)
        try:
            seconds = tab.run_all()
            notebook = tab.save()
            problems = check_page(tab, notebook)
            tab.screenshot(SHOTS, path.removesuffix(".ipynb").replace("/", "__"))
        except Exception:
            tab.close()
            raise
        TIMINGS[path] = seconds
        result = RunResult(seconds, notebook, problems)
        if keep:
            self._kept[path] = (tab, result)
        else:
            tab.close()
        return tab, result

    def release(self, path: str) -> None:
        """Close a kept notebook and stop its kernel."""
        kept = self._kept.pop(path, None)
        if kept is not None:
            kept[0].activate()
            kept[0].save()  # interaction tests add cells: close without a save prompt
            kept[0].close()

    def close(self) -> None:
        """Close every kept notebook."""
        for path in list(self._kept):
            self.release(path)


@pytest.fixture(scope="session")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """The session's JupyterLab and Chromium; skipped (with the reason) without Chromium."""
    if not CHROMIUM.exists():
        pytest.skip(
            f"no Chromium at {CHROMIUM}: `apt-get install -y chromium` to run these"
        )
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright missing: pip install -e '.[browser]'"
    )
    server = LabServer(tmp_path_factory.mktemp("lab"), ["notebooks", "exercises"])
    playwright = sync_api.sync_playwright().start()
    browser = None
    lab = None
    try:
        server.start()
        browser = launch_chromium(playwright)
        context = browser.new_context(viewport={"width": 1400, "height": 1600})
        context.set_default_timeout(30_000)
        lab = Lab(server, context)
        yield lab
    finally:
        if lab is not None:
            lab.close()
        if browser is not None:
            browser.close()
        playwright.stop()
        server.stop()


@pytest.fixture
def opened(lab: Lab) -> Iterator[Callable[[str], NotebookTab]]:
    """``opened("layer")``: the family's notebook, run clean and open in the browser.

    Skips (with the reason) when the notebook does not exist yet; fails when its
    Run All has problems. Closes the notebook after the test.
    """
    used = []

    def open_family(family: str) -> NotebookTab:
        path = INTERACTIVE[family]
        if not (ROOT / path).exists():
            pytest.skip(f"{path} does not exist yet")
        tab, result = lab.run(path, keep=True)
        used.append(path)
        assert not result.problems, "\n".join(result.problems)
        return tab

    yield open_family
    for path in used:
        lab.release(path)


@pytest.fixture
def shoot() -> Callable[[object, str], None]:
    """``shoot(locator, "name")``: save a screenshot of one element as ``name.png``."""

    def save(locator: object, name: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        locator.screenshot(path=SHOTS / f"{name}.png")

    return save


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print each notebook's time-to-idle after Run All (and keep it as JSON)."""
    if not TIMINGS:
        return
    terminalreporter.section("browser: time to idle after Run All")
    for path, seconds in TIMINGS.items():
        terminalreporter.write_line(f"{seconds:7.1f} s  {path}")
    terminalreporter.write_line(f"{sum(TIMINGS.values()):7.1f} s  total")
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / "timings.json").write_text(json.dumps(TIMINGS, indent=1))
