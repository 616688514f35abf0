"""A real JupyterHub on 127.0.0.1 for the workshop tests, driven through its REST API.

The hub runs ``SimpleLocalProcessSpawner`` (every learner's server is a process
of the same Unix user, with its own home folder), the ``dummy`` authenticator
with one shared password, and configurable-http-proxy from npm. An admin
*service* token, declared in the generated ``jupyterhub_config.py``, creates
users, starts their servers and mints a token per user, so each learner then
talks to its own server with its own token, as a browser session would.

Every process started here is recorded by PID and stopped by PID in
:meth:`Hub.stop`, also after a failure half-way through start-up.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil

ADMIN_SERVICE = "workshop-admin"
# What the admin service may do: manage users and their servers, mint user
# tokens, read server state (it holds the PID we must be able to kill).
ADMIN_SCOPES = [
    "admin:users",
    "admin:servers",
    "admin:server_state",
    "tokens",
    "list:users",
    "read:users",
]

CONFIG = """\
c = get_config()  # noqa: F821 - JupyterHub config files are exec'd with get_config
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.JupyterHub.db_url = "sqlite:///{work}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{work}/jupyterhub_cookie_secret"
c.JupyterHub.pid_file = "{work}/jupyterhub.pid"
c.JupyterHub.cleanup_servers = True
c.ConfigurableHTTPProxy.command = ["{chp}"]
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api_port}"
c.ConfigurableHTTPProxy.pid_file = "{work}/proxy.pid"
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = "{password}"
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = "{work}/home/{{username}}"
c.Spawner.cmd = ["{singleuser}"]
c.Spawner.args = {args!r}
c.Spawner.environment = {environment!r}
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180
c.JupyterHub.services = [{{"name": "{service}", "api_token": "{token}"}}]
c.JupyterHub.load_roles = [
    {{"name": "{service}", "scopes": {scopes!r}, "services": ["{service}"]}}
]
"""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Hub:
    """One JupyterHub process with its proxy and the servers it spawns.

    Args:
        work: an empty folder for the config, database, logs and home folders.
        chp: path of the ``configurable-http-proxy`` executable.
        environment: extra variables every learner's server (and kernel) gets.
    """

    def __init__(self, work: Path, chp: str, environment: dict[str, str]) -> None:
        self.work = work
        self.chp = chp
        self.environment = environment
        self.token = secrets.token_hex(16)
        self.password = secrets.token_hex(8)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        # Everything we must see gone at the end. psutil.Process remembers each
        # process's start time, so a PID reused by another program is never killed.
        self.processes: dict[int, psutil.Process] = {}
        self.user_tokens: dict[str, str] = {}

    # -- lifecycle ----------------------------------------------------------
    def start(self, timeout: float = 120.0) -> float:
        """Write the config, start the hub and wait for its API; returns seconds."""
        bindir = Path(sys.executable).parent
        args = ["--allow-root"] if os.geteuid() == 0 else []
        config = CONFIG.format(
            port=self.port,
            hub_port=free_port(),
            proxy_api_port=free_port(),
            work=self.work,
            chp=self.chp,
            password=self.password,
            singleuser=bindir / "jupyterhub-singleuser",
            args=args,
            environment=self.environment,
            service=ADMIN_SERVICE,
            token=self.token,
            scopes=ADMIN_SCOPES,
        )
        (self.work / "jupyterhub_config.py").write_text(config)
        (self.work / "home").mkdir(exist_ok=True)
        env = {**os.environ, "PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}"}
        started = time.perf_counter()
        with open(self.work / "jupyterhub.log", "wb") as log:
            self.process = subprocess.Popen(
                [
                    str(bindir / "jupyterhub"),
                    "-f",
                    str(self.work / "jupyterhub_config.py"),
                ],
                cwd=self.work,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self._track(self.process.pid)
        self._wait(lambda: self._answers(), timeout, "the hub API to answer")
        self._track(int((self.work / "proxy.pid").read_text().strip()))
        return time.perf_counter() - started

    def stop(self) -> list[int]:
        """Stop servers, hub and proxy; kill by PID whatever is left. Returns killed PIDs."""
        for proc in list(self.processes.values()):  # kernels: the servers' children
            try:
                for child in proc.children(recursive=True):
                    self.processes.setdefault(child.pid, child)
            except psutil.NoSuchProcess:
                pass
        if self.process is not None and self.process.poll() is None:
            for name in list(self.user_tokens):
                self._try(lambda n=name: self.api("DELETE", f"/users/{n}/server"))
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        killed = []
        for pid, proc in sorted(self.processes.items()):
            try:
                if proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE:
                    proc.kill()  # raises NoSuchProcess if the PID was reused
                    killed.append(pid)
            except psutil.NoSuchProcess:
                pass
        return killed

    def own_rss_mib(self) -> float:
        """RSS in MiB of the hub and its proxy alone (not the servers they started)."""
        total = 0.0
        for pid in (self.process.pid, int((self.work / "proxy.pid").read_text())):
            total += self.processes[pid].memory_info().rss / 2**20
        return total

    def log_tail(self, lines: int = 40) -> str:
        """The end of the hub's log, for assertion messages."""
        path = self.work / "jupyterhub.log"
        text = path.read_text(errors="replace") if path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    # -- REST API -----------------------------------------------------------
    def api(self, method: str, path: str, body: dict | None = None) -> dict:
        """Call ``/hub/api<path>`` with the admin service token; returns the JSON."""
        return request(
            method, f"{self.url}/hub/api{path}", self.token, body, timeout=60
        )

    def add_users(self, names: list[str]) -> None:
        """Create users (one POST for all) and mint an API token for each."""
        self.api("POST", "/users", {"usernames": names})
        for name in names:
            reply = self.api("POST", f"/users/{name}/tokens", {"note": "workshop test"})
            self.user_tokens[name] = reply["token"]

    def spawn(self, name: str, timeout: float = 180.0) -> float:
        """Start a user's server and wait until the hub says it is ready; seconds."""
        started = time.perf_counter()
        self.api("POST", f"/users/{name}/server")
        self._wait(lambda: self.is_ready(name), timeout, f"{name}'s server")
        return time.perf_counter() - started

    def server_pid(self, name: str) -> int:
        """PID of a user's single-user server (from the spawner's saved state)."""
        server = self.api("GET", f"/users/{name}")["servers"][""]
        pid = int(server["state"]["pid"])
        self._track(pid)
        return pid

    def user_request(
        self, name: str, method: str, path: str, body: dict | None = None
    ) -> dict:
        """Call the user's own server (``/user/<name>/api<path>``) with their token."""
        url = f"{self.url}/user/{name}/api{path}"
        return request(method, url, self.user_tokens[name], body, timeout=120)

    # -- helpers ------------------------------------------------------------
    def _track(self, pid: int) -> None:
        if pid not in self.processes:
            self.processes[pid] = psutil.Process(pid)

    def _answers(self) -> bool:
        if self.process is not None and self.process.poll() is not None:
            raise RuntimeError(f"JupyterHub exited at start-up:\n{self.log_tail()}")
        try:
            self.api("GET", "/")
            return True
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return False

    def is_ready(self, name: str) -> bool:
        server = self.api("GET", f"/users/{name}")["servers"].get("")
        return bool(server and server["ready"])

    def _wait(self, check, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while not check():
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"waited {timeout:.0f} s for {what}:\n{self.log_tail()}"
                )
            time.sleep(0.2)

    @staticmethod
    def _try(call) -> None:
        try:
            call()
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass  # the hub is going away anyway; PIDs are checked after


def request(
    method: str, url: str, token: str, body: dict | None = None, timeout: float = 60
) -> dict:
    """One JSON request with ``Authorization: token ...``; {} for an empty reply."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Authorization", f"token {token}")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, timeout=timeout) as reply:  # loopback only
        text = reply.read().decode()
    return json.loads(text) if text.strip() else {}


def process_memory(pid: int) -> dict[str, float]:
    """Memory in MiB of a server and its children (the kernels), RSS and PSS.

    RSS counts shared library pages in full for every process; PSS splits them
    between the processes that share them, so PSS is what one more learner
    really adds on a single machine (TLJH) and RSS is the safe upper bound
    (a Kubernetes pod limit counts about that).
    """
    root = psutil.Process(pid)
    totals = {
        "server_rss_mib": 0.0,
        "kernels_rss_mib": 0.0,
        "rss_mib": 0.0,
        "pss_mib": 0.0,
    }
    for proc in [root, *root.children(recursive=True)]:
        try:
            info = proc.memory_full_info()
        except psutil.NoSuchProcess:
            continue
        part = "server_rss_mib" if proc.pid == pid else "kernels_rss_mib"
        totals[part] += info.rss / 2**20
        totals["rss_mib"] += info.rss / 2**20
        totals["pss_mib"] += getattr(info, "pss", info.rss) / 2**20
    return totals
