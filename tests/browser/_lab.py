"""A throw-away JupyterLab server and a headless Chromium, both torn down by PID.

The server runs from the project's ``.venv`` on a free loopback port with a
random token. Every directory it could write to (config, data, runtime,
workspaces, user settings, IPython profile) lives in one temporary folder, so a
test run neither reads nor changes the developer's own Jupyter set-up. The
notebooks are *copied* there too: Run All and Save never touch the repository.

Settings overrides written into that folder turn off what would get in a
test's way: the "Jupyter news" pop-up, update checks, and notebook windowing
(with windowing, cells outside the viewport are not in the DOM, so a checker
could not see their outputs).
"""

from __future__ import annotations

import ctypes
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
# Debian's Chromium, offline: no sandbox (root in CI), no GPU, and no calls home.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SETTINGS = {
    "@jupyterlab/apputils-extension:notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
    "@jupyterlab/extensionmanager-extension:plugin": {"enabled": False},
}


def _die_with_parent() -> None:
    """In the child before exec: get SIGTERM when the test process dies, even by
    SIGKILL (a CI timeout), so no server outlives its run. Its kernels follow:
    the server stops them, and ipykernel exits when its parent is gone."""
    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def _children(pid: int) -> list[int]:
    """PIDs whose parent is ``pid`` (the server's kernels), read from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended while we looked
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""  # gone


def venv_python() -> str:
    """The project's ``.venv`` interpreter (the running one when there is none)."""
    candidate = ROOT / ".venv" / "bin" / "python"
    return str(candidate) if candidate.exists() else sys.executable


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def write_settings(user_settings_dir: Path) -> None:
    """Write :data:`SETTINGS` as user settings files JupyterLab reads at start."""
    for plugin, values in SETTINGS.items():
        package, name = plugin.split(":")
        target = user_settings_dir / package / f"{name}.jupyterlab-settings"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values))


class LabServer:
    """``jupyter lab`` in its own process group, serving a copy of the notebooks.

    Args:
        home: an empty temporary folder; everything the server writes goes here.
        folders: project folders (``notebooks``, ``exercises``...) to copy
            under ``home / "root"``, the server's root directory.
    """

    def __init__(self, home: Path, folders: list[str]) -> None:
        self.home = home
        self.root = home / "root"
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.log_path = home / "server.log"
        self.process: subprocess.Popen | None = None
        for folder in folders:
            if (ROOT / folder).is_dir():
                ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
                shutil.copytree(ROOT / folder, self.root / folder, ignore=ignore)
        self.root.mkdir(parents=True, exist_ok=True)

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>``."""
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 90.0) -> None:
        """Start the server and wait until its REST API answers.

        Raises:
            RuntimeError: when the server exits or does not answer in time.
        """
        dirs = {
            name: self.home / name for name in ("config", "data", "runtime", "ipython")
        }
        for path in dirs.values():
            path.mkdir(parents=True, exist_ok=True)
        write_settings(self.home / "user-settings")
        env = dict(os.environ)
        env.pop("MPLBACKEND", None)  # the Makefile's Agg would hide inline figures
        env.update(
            JUPYTER_CONFIG_DIR=str(dirs["config"]),
            JUPYTER_DATA_DIR=str(dirs["data"]),
            JUPYTER_RUNTIME_DIR=str(dirs["runtime"]),
            IPYTHONDIR=str(dirs["ipython"]),
            JUPYTER_PLATFORM_DIRS="1",
        )
        command = [
            venv_python(),
            "-m",
            "jupyterlab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={self.port}",
            "--port-retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root}",
            f"--LabApp.user_settings_dir={self.home / 'user-settings'}",
            f"--LabApp.workspaces_dir={self.home / 'workspaces'}",
            # A backstop: kernels nobody is connected to stop after 10 idle minutes.
            "--MappingKernelManager.cull_idle_timeout=600",
            "--MappingKernelManager.cull_interval=60",
        ]
        if os.geteuid() == 0:
            command.append("--allow-root")  # CI runs as root; Lab refuses otherwise
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                command,
                cwd=self.root,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_die_with_parent if sys.platform == "linux" else None,
            )
        self._wait_ready(timeout)

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterLab exited early:\n{self.log_tail()}")
            try:
                self.api("GET", "/api/status")
                return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.3)
        raise RuntimeError(
            f"JupyterLab did not answer in {timeout:.0f} s:\n{self.log_tail()}"
        )

    def api(self, method: str, path: str) -> object:
        """Call the server's REST API; the decoded JSON answer (None when empty)."""
        request = urllib.request.Request(
            f"{self.base_url}{path}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=10) as answer:
            body = answer.read()
        return json.loads(body) if body else None

    def shutdown_kernel(self, kernel_id: str) -> None:
        """Stop one kernel (ignore one that is already gone)."""
        try:
            self.api("DELETE", f"/api/kernels/{kernel_id}")
        except urllib.error.HTTPError:
            pass

    def log_tail(self, lines: int = 40) -> str:
        """The last lines the server printed."""
        if not self.log_path.exists():
            return ""
        text = self.log_path.read_text(errors="replace").splitlines()
        return "\n".join(text[-lines:])

    def stop(self) -> None:
        """Stop every kernel, then the server; kill by PID whatever is left of them."""
        if self.process is None or self.process.poll() is not None:
            return
        kernels = _children(self.process.pid)  # each kernel runs in its own session
        try:
            for kernel in self.api("GET", "/api/kernels") or []:
                self.shutdown_kernel(kernel["id"])
        except (urllib.error.URLError, ConnectionError):
            pass
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        for pid in kernels:
            # Only a kernel of ours (its connection file is in our runtime folder),
            # never a process that got a recycled PID.
            if str(self.home) in _command_line(pid):
                try:
                    os.kill(pid, signal.SIGKILL)  # did not stop in time
                except ProcessLookupError:
                    pass


def launch_chromium(playwright: object) -> object:
    """Debian's Chromium through Playwright (never ``playwright install``)."""
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
    )
