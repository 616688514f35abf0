"""Drive JupyterLab as a learner would: open a notebook, Run All, save, look.

One :class:`LabPage` (a browser tab with JupyterLab loaded once: loading it
costs seconds on two cores) opens notebooks one after another through
*File > Open from Path*, each as a :class:`NotebookTab`. The page listens to
every kernel's websocket (to see exceptions raised in widget callbacks, which
no cell shows), waits for a notebook's kernel before pressing anything, and
reads the notebook back from disk after *Save*, so the checks see exactly
what the front-end holds.
"""

from __future__ import annotations

import json
import re
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from tests.browser._lab import LabServer
from tests.browser._page_js import (
    KernelMessage,
    decode_frame,
    monitor_recorder_js,
    status_js,
)


class LabPage:
    """JupyterLab loaded in one browser tab; the notebooks open in its dock.

    Args:
        server: the running :class:`LabServer`.
        context: a Playwright browser context.
    """

    def __init__(self, server: LabServer, context: Any) -> None:
        self.server = server
        self.page = context.new_page()
        self.messages: dict[str, list[KernelMessage]] = defaultdict(list)
        self.console_errors: list[str] = []
        self.page.on("websocket", self._watch_socket)
        self.page.on("console", self._watch_console)
        self.page.on(
            "pageerror", lambda error: self.console_errors.append(f"pageerror: {error}")
        )
        url = (
            f"{server.base_url}/lab/workspaces/browser-suite?reset&token={server.token}"
        )
        self.page.goto(url)
        self.page.wait_for_selector(".jp-Launcher", timeout=120_000)
        self.page.evaluate(monitor_recorder_js())

    def _watch_socket(self, socket: Any) -> None:
        found = re.search(r"/api/kernels/([0-9a-f-]+)/channels", socket.url)
        if not found:
            return
        received = self.messages[found.group(1)]  # connected: the key now exists

        def keep(payload: str | bytes) -> None:
            message = decode_frame(payload)
            if message is not None and message.msg_type == "error":
                received.append(message)  # the only kind the checks read

        socket.on("framereceived", keep)

    def _watch_console(self, message: Any) -> None:
        if message.type == "error":
            where = message.location.get("url", "")
            self.console_errors.append(f"{message.text} (at {where})")

    def menu(self, menu: str, item: str) -> None:
        """Click ``menu`` in the menu bar, then the entry whose label matches ``item``."""
        self.page.locator(
            ".lm-MenuBar-itemLabel", has_text=re.compile(f"^{menu}$")
        ).click()
        entry = self.page.locator(".lm-Menu-itemLabel", has_text=re.compile(item))
        entry.first.click()

    def open(self, path: str, timeout: float = 120.0) -> NotebookTab:
        """Open ``path`` (relative to the server root) and wait for its kernel."""
        before = set(self.page.evaluate(_PANEL_IDS_JS))
        self.menu("File", "^Open from Path")
        self.page.locator(".jp-Dialog input").fill(path)
        self.page.locator(".jp-Dialog .jp-mod-accept").click()
        panel_id = None
        deadline = time.monotonic() + timeout
        while panel_id is None:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{path} did not open in {timeout:.0f} s")
            fresh = set(self.page.evaluate(_PANEL_IDS_JS)) - before
            panel_id = fresh.pop() if fresh else None
            self.page.wait_for_timeout(100)
        tab = NotebookTab(self, path, panel_id)
        tab.wait_kernel(deadline - time.monotonic())
        return tab


_PANEL_IDS_JS = (
    "() => [...document.querySelectorAll('.jp-NotebookPanel')].map(e => e.id)"
)


class NotebookTab:
    """One open notebook: its panel in the DOM, its kernel, its file on disk."""

    def __init__(self, lab_page: LabPage, path: str, panel_id: str) -> None:
        self.lab_page = lab_page
        self.page = lab_page.page
        self.path = path
        self.file = lab_page.server.root / path
        self.selector = f"#{panel_id}"
        self.kernel_id = ""
        self._console_start = len(lab_page.console_errors)

    @property
    def messages(self) -> list[KernelMessage]:
        """The ``error`` messages this notebook's kernel sent to the page."""
        return self.lab_page.messages.get(self.kernel_id, [])

    @property
    def console_errors(self) -> list[str]:
        """Console errors logged since this notebook opened (notebooks run one by one)."""
        return self.lab_page.console_errors[self._console_start :]

    def activate(self) -> None:
        """Bring this notebook's tab to the front (menus act on the active tab)."""
        title = self.file.name
        self.page.locator(
            ".lm-DockPanel-tabBar .lm-TabBar-tab", has_text=title
        ).first.click()

    def status(self) -> dict:
        """``{"status": "Python 3 (ipykernel) | Idle", "running": <cells with [*]>}``."""
        return self.page.evaluate(status_js(self.selector))

    def wait_kernel(self, timeout: float) -> None:
        """Wait until the server has a kernel for this notebook, the page is connected
        to it, and it is idle: Run All before that silently does nothing."""
        deadline = time.monotonic() + timeout
        while not self.kernel_id:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.path}: no kernel after {timeout:.0f} s")
            for session in self.lab_page.server.api("GET", "/api/sessions") or []:
                if session["path"] == self.path and session.get("kernel"):
                    self.kernel_id = session["kernel"]["id"]
            self.page.wait_for_timeout(200)
        while self.kernel_id not in self.lab_page.messages:
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"{self.path}: the page never connected to its kernel"
                )
            self.page.wait_for_timeout(100)
        self.wait_idle(max(deadline - time.monotonic(), 1.0), settle=0.3)

    def wait_idle(self, timeout: float, settle: float = 0.6) -> float:
        """Wait until the kernel is idle and no cell is queued; seconds waited.

        Idle must hold for ``settle`` seconds: between two queued cells the
        kernel reports idle for an instant.

        Raises:
            TimeoutError: with the last status seen.
        """
        start = time.monotonic()
        idle_since = None
        state: dict = {}
        while time.monotonic() - start < timeout:
            state = self.status()
            idle = state["status"].endswith("| Idle") and state["running"] == 0
            if not idle:
                idle_since = None
            elif idle_since is None:
                idle_since = time.monotonic()
            elif time.monotonic() - idle_since >= settle:
                return idle_since - start
            self.page.wait_for_timeout(150)
        raise TimeoutError(
            f"{self.path}: kernel not idle after {timeout:.0f} s ({state})"
        )

    def run_all(self, timeout: float = 240.0) -> float:
        """Run All Cells and wait for the kernel to finish; seconds to idle."""
        start = time.monotonic()
        self.lab_page.menu("Run", "^Run All Cells$")
        self.page.wait_for_timeout(300)  # let the cells get queued ([*]) first
        self.wait_idle(timeout)
        return time.monotonic() - start - 0.6  # minus the settle time of wait_idle

    def save(self, timeout: float = 30.0) -> dict:
        """Save from the File menu; the notebook as written to disk."""
        before = self.file.stat().st_mtime_ns
        self.lab_page.menu("File", "^Save( Notebook)?$")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.file.stat().st_mtime_ns != before:
                try:
                    return json.loads(self.file.read_text())
                except json.JSONDecodeError:
                    pass  # caught mid-write: read again
            self.page.wait_for_timeout(200)
        raise TimeoutError(
            f"{self.path}: Save did not write the file in {timeout:.0f} s"
        )

    def locator(self, selector: str) -> Any:
        """A Playwright locator for ``selector`` inside this notebook's panel."""
        return self.page.locator(f"{self.selector} {selector}")

    def add_cell_and_run(self, code: str, timeout: float = 60.0) -> Any:
        """Append a code cell after the last one, type ``code``, run it; its locator."""
        cells = self.locator(".jp-Notebook-cell")
        count = cells.count()
        cells.last.locator(".jp-InputPrompt").click()  # select it in command mode
        self.page.keyboard.press("Escape")
        self.page.keyboard.press("b")  # insert a cell below
        self.page.wait_for_function(
            f"() => document.querySelectorAll('{self.selector} .jp-Notebook-cell').length"
            f" > {count}"
        )
        new_cell = cells.nth(count)
        new_cell.locator(".cm-content").click()
        self.page.keyboard.insert_text(code)  # no auto-indent or bracket closing
        self.page.keyboard.press("Shift+Enter")
        new_cell.locator(".jp-InputPrompt", has_text=re.compile(r"\[\d+\]")).wait_for(
            timeout=timeout * 1000
        )
        self.wait_idle(timeout)
        return new_cell

    def screenshot(self, folder: Path, name: str) -> list[Path]:
        """Save the page and each kitlib widget of this notebook as PNG files."""
        folder.mkdir(parents=True, exist_ok=True)
        shots = [folder / f"{name}.png"]
        self.page.screenshot(path=shots[0])
        widgets = self.locator("[class*='kitlib-']:is(.widget-vbox, .widget-box)")
        for index in range(widgets.count()):
            shot = folder / f"{name}--widget{index}.png"
            widgets.nth(index).screenshot(path=shot)
            shots.append(shot)
        return shots

    def monitor_log(self) -> list[dict]:
        """What the TrainingMonitor recorder saw in this notebook, in order."""
        log = self.page.evaluate("() => window.__kitlibMonitor || []")
        return [entry for entry in log if f"#{entry['panel']}" == self.selector]

    def close(self) -> None:
        """Close the tab and shut its kernel down (File > Close and Shut Down).

        Returns once the confirmation is accepted: JupyterLab finishes the
        shutdown while the next notebook opens. Save first if cells were edited
        (a second dialog would ask to).
        """
        self.activate()
        self.lab_page.menu("File", "^Close and Shut Down")
        gone = f"() => !document.querySelector('{self.selector}')"
        confirm = self.page.locator(".jp-Dialog .jp-mod-accept")
        self.page.wait_for_function(
            f"() => ({gone})() || document.querySelector('.jp-Dialog .jp-mod-accept')"
        )
        if confirm.count():
            confirm.first.click()
            self.page.wait_for_function("() => !document.querySelector('.jp-Dialog')")
