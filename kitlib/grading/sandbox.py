"""Grade a submitted notebook in a separate process, with deadlines and output caps.

Notebook: every exercise notebook in ``exercises/``; used by ``batch.py``.

:func:`grade_notebook` starts ``python -m kitlib.grading.worker`` in a
temporary folder (files the submission writes land there) and its own process
group. Whatever the submission does, the caller gets a
:class:`~kitlib.grading.report.Report` with a score and a reason:

* an exception in a cell, ``sys.exit``, an endless Python loop: handled inside
  the worker (notes, time limits per cell and per check);
* an endless loop the worker cannot interrupt (compiled code), a crash of the
  interpreter, ``os._exit``: the worker is killed at its deadline or dies, and
  every check it did not finish is reported as such, with the reason;
* megabytes of output written below ``sys.stdout`` (``os.write(1, ...)``): the
  pipes are drained continuously and only their beginning is kept.

This isolates grading from mistakes, not from malice: the submission runs with
the grader's permissions (as with ``nbgrader autograde``).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from kitlib.grading.exercise import load_exercise
from kitlib.grading.report import CheckResult, Report

PIPE_LIMIT = 20_000  # bytes kept from each of the worker's stdout/stderr


@dataclass
class SandboxRun:
    """Everything one worker run produced.

    Attributes:
        report: the graded report (always complete: one row per check).
        test_cells: with ``run_tests``, one dict per nbgrader test cell
            (``grade_id``, ``points``, ``passed``, ``error``).
        seconds: wall-clock time of the run.
        stderr: the beginning of the worker's own stderr (for debugging).
    """

    report: Report
    test_cells: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0
    stderr: str = ""


def grade_notebook(
    path: str | Path,
    exercise_id: str,
    cell_timeout: float = 60.0,
    check_timeout: float | None = None,
    deadline: float | None = None,
) -> Report:
    """Run a submitted notebook in a worker process and grade it.

    Args:
        path: the submitted ``.ipynb``.
        exercise_id: which exercise's checks to run.
        cell_timeout: seconds each notebook cell may run.
        check_timeout: if set, lowers every check's own time limit to this.
        deadline: seconds before the worker is killed (default: enough for
            every cell limit of a short notebook plus every check's limit).

    Returns:
        The report; never raises for anything the submission does.

    Example:
        >>> report = grade_notebook("missing.ipynb", "ex01_custom_dense")
        >>> report.score, "Could not read notebook" in report.notes[0]
        (0.0, True)
    """
    return run_sandbox(path, exercise_id, cell_timeout, check_timeout, deadline).report


def run_sandbox(
    path: str | Path,
    exercise_id: str,
    cell_timeout: float = 60.0,
    check_timeout: float | None = None,
    deadline: float | None = None,
    run_tests: bool = False,
) -> SandboxRun:
    """Like :func:`grade_notebook`, returning the whole :class:`SandboxRun`.

    With ``run_tests`` the nbgrader test cells run too (hidden tests included,
    in a source notebook) and their outcomes are returned in ``test_cells``.
    """
    exercise = load_exercise(exercise_id)
    limits = [min(c.timeout, check_timeout or c.timeout) for c in exercise.checks]
    if deadline is None:
        deadline = 30.0 + 4 * cell_timeout + sum(limits)
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kitlib-grading-") as workdir:
        result_path = os.path.join(workdir, "result.json")
        command = [
            sys.executable, "-m", "kitlib.grading.worker",
            "--exercise", exercise_id,
            "--notebook", str(Path(path).resolve()),
            "--result", result_path,
            "--cell-timeout", str(cell_timeout),
        ]  # fmt: skip
        if check_timeout:
            command += ["--check-timeout", str(check_timeout)]
        if run_tests:
            command.append("--run-tests")
        exit_code, timed_out, _, stderr = _run(command, workdir, deadline)
        data = _read_result(result_path)
    run = _to_run(exercise, data, exit_code, timed_out, deadline, stderr)
    run.report.source = str(path)
    run.seconds = time.monotonic() - start
    return run


def _run(command: list[str], cwd: str, deadline: float) -> tuple[int, bool, str, str]:
    env = dict(os.environ, MPLBACKEND="Agg", PYTHONHASHSEED="0")
    process = subprocess.Popen(  # noqa: S603 - our own worker, no shell
        command,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: killed as a whole
    )
    kept: dict[str, bytes] = {}
    readers = [
        threading.Thread(
            target=_drain, args=(process.stdout, kept, "out"), daemon=True
        ),
        threading.Thread(
            target=_drain, args=(process.stderr, kept, "err"), daemon=True
        ),
    ]
    for reader in readers:
        reader.start()
    timed_out = False
    try:
        process.wait(timeout=deadline)
    except subprocess.TimeoutExpired:
        timed_out = True
        # NOTE: the group is killed only while its leader is alive (not yet
        # reaped), so its id cannot have been reused by an unrelated process.
        _kill_group(process)
        process.wait()
    for reader in readers:
        reader.join(timeout=5)
    decode = lambda key: kept.get(key, b"").decode("utf-8", "replace")  # noqa: E731
    return process.returncode, timed_out, decode("out"), decode("err")


def _drain(stream: IO[bytes], kept: dict[str, bytes], key: str) -> None:
    """Read a pipe to its end (so the worker never blocks), keeping its start."""
    buffer = b""
    for chunk in iter(lambda: stream.read(65536), b""):
        if len(buffer) < PIPE_LIMIT:
            buffer += chunk[: PIPE_LIMIT - len(buffer)]
    kept[key] = buffer
    stream.close()


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, AttributeError):
        # AttributeError: no process groups on Windows; kill the worker alone.
        if process.poll() is None:
            process.kill()


def _read_result(path: str) -> dict[str, Any] | None:
    try:
        with open(path, encoding="utf-8") as handle:
            return json.loads(handle.read(50_000_000))
    except (OSError, ValueError):
        return None


def _to_run(
    exercise: Any,
    data: dict[str, Any] | None,
    exit_code: int,
    timed_out: bool,
    deadline: float,
    stderr: str,
) -> SandboxRun:
    """Turn whatever the worker left into a complete report, with reasons."""
    if data is None:
        report = Report(exercise.id, exercise.title)
        stage = "start"
    else:
        report = Report.from_dict(data["report"])
        stage = data.get("stage", "start")
        report.notes = data.get("cell_notes", []) + report.notes
        chars = data.get("submission_output_chars", 0)
        if chars > 20_000:
            report.notes.append(
                f"The notebook printed {chars:,} characters while running; only the "
                "first 20,000 were kept."
            )
    if stage != "done":
        reason = (data or {}).get("error") or _stop_reason(
            exit_code, timed_out, deadline, stage, stderr
        )
        report.notes.append(reason)
        done = {r.name for r in report.results}
        status = "timeout" if timed_out else "error"
        report.results += [
            CheckResult(c.name, c.description, status, 0.0, float(c.points), reason)
            for c in exercise.checks
            if c.name not in done
        ]
    tests = data.get("test_cells", []) if data else []
    return SandboxRun(report, tests, stderr=stderr)


def _stop_reason(
    exit_code: int, timed_out: bool, deadline: float, stage: str, stderr: str
) -> str:
    where = "while running the notebook's cells" if stage == "cells" else ""
    where = where or ("while running the checks" if stage == "checks" else "")
    if timed_out:
        return (
            f"Grading was stopped after {deadline:g} s {where}: the submission was "
            "still running (an endless loop, possibly in compiled Numba code), so "
            "the remaining checks could not run."
        )
    last = stderr.strip().splitlines()[-1:] or [""]
    if stage == "start" and last[0]:
        return f"The notebook could not be graded: {last[0]}"
    return (
        f"The grading process ended unexpectedly (exit code {exit_code}) {where}: "
        "the submission may call os._exit() or crash the Python interpreter. "
        f"Last message: {last[0] or 'none'}"
    )
