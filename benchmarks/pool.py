"""Start framework workers and talk to them (see ``benchmarks/worker.py``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.frameworks import FRAMEWORKS, worker_env

ROOT = Path(__file__).resolve().parents[1]


class WorkerProcess:
    """One persistent worker; its stderr goes to ``log_dir/NAME.log``."""

    def __init__(self, name: str, log_dir: Path, env: dict | None = None) -> None:
        self.name = name
        self.log_path = log_dir / f"{name}.log"
        self._log = open(self.log_path, "a")  # noqa: SIM115 - closed in close()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.worker", name],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
            cwd=ROOT,
            env=worker_env(FRAMEWORKS[name], env),
        )

    def ask(self, **request: Any) -> dict:
        """Send one request and wait for its reply."""
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            return {"error": f"worker died; see {self.log_path}: {self.log_tail()}"}
        return json.loads(line)

    def log_tail(self, lines: int = 3) -> str:
        """The last lines the worker wrote to its log, for error messages."""
        self._log.flush()
        text = self.log_path.read_text().strip().splitlines()
        return " | ".join(text[-lines:])

    def close(self) -> None:
        """Ask the worker to quit; kill it if it does not."""
        try:
            self.process.stdin.write(json.dumps({"cmd": "quit"}) + "\n")
            self.process.stdin.flush()
            self.process.wait(timeout=30)
        except (BrokenPipeError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        self._log.close()


def cold_start(
    name: str, workload_path: Path, data_path: Path, env: dict | None = None
) -> float | str:
    """Seconds from process start until the first epoch is done (or an error text)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.worker", name, "--cold",
         str(workload_path), str(data_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=worker_env(FRAMEWORKS[name], env),
    )  # fmt: skip
    line = process.stdout.readline()
    seconds = time.perf_counter() - start
    _, errors = process.communicate()
    if line.strip() != "done":
        return "error: " + (errors.strip().splitlines() or ["no output"])[-1]
    return seconds


def base_env() -> dict[str, str]:
    """This process's environment, unchanged: every worker starts from the same one."""
    return dict(os.environ)
