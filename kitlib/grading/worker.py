"""The sandbox's worker process: run one submitted notebook, then its checks.

Notebook: every exercise notebook in ``exercises/``; started by ``sandbox.py``
as ``python -m kitlib.grading.worker --exercise ID --notebook PATH --result FILE``.

Steps, each guarded so nothing the submission does can stop the report:

1. import kitlib and the grading code first (the snapshot of kitlib's
   functions is taken now, before any submitted code runs);
2. run every code cell in order in a fresh ``__main__`` module, each under a
   time limit, with printed output capped; a cell that raises, loops or calls
   ``sys.exit`` becomes a note and the next cell still runs, as in Jupyter's
   "run all, continue on error";
3. run the public checks (kitlib's originals restored) and write the report
   as JSON after every check, so a worker killed at its deadline still leaves
   the results it had.
"""

from __future__ import annotations

import argparse
import builtins
import json
import linecache
import os
import sys
import types
from pathlib import Path
from typing import Any

from kitlib.grading import checker
from kitlib.grading.exercise import load_exercise
from kitlib.grading.guards import CappedWriter, CheckTimeout, time_limit
from kitlib.grading.notebook import Cell, code_cells, python_source
from kitlib.grading.report import Report

SUBMISSION_OUTPUT_LIMIT = 20_000


def _fresh_main() -> dict[str, Any]:
    """A new ``__main__`` module, so ``learner_namespace()`` finds the cells' names."""
    module = types.ModuleType("__main__")
    module.__dict__["__builtins__"] = builtins
    sys.modules["__main__"] = module
    return module.__dict__


def _run_cell(cell: Cell, namespace: dict, timeout: float) -> str | None:
    """Execute one cell; return None, or a note saying how it went wrong."""
    filename = f"<cell {cell.index}>"
    source = python_source(cell.source)
    lines = [line + "\n" for line in source.splitlines()]
    # Registered so inspect.getsource() works on the learner's functions.
    linecache.cache[filename] = (len(source), None, lines, filename)
    try:
        code = compile(source, filename, "exec")
        with time_limit(timeout):
            exec(code, namespace)  # noqa: S102 - running the submission is the job
    except CheckTimeout:
        return f"did not finish within {timeout:g} s and was stopped"
    except SystemExit as error:
        return f"called sys.exit({error.code!r}); the rest of that cell was skipped"
    except NotImplementedError:
        return "stopped at NotImplementedError (a part not written yet)"
    except KeyboardInterrupt:
        return "raised KeyboardInterrupt"
    except BaseException as error:  # noqa: BLE001 - any failure is a note, not a crash
        message = str(error).splitlines()[0][:300] if str(error) else ""
        return f"raised {type(error).__name__}: {message}"
    return None


def execute_cells(
    cells: list[Cell], namespace: dict, cell_timeout: float, run_tests: bool = False
) -> tuple[list[str], list[dict[str, Any]]]:
    """Run code cells in order in ``namespace``, as "run all, continue on errors".

    Feedback cells (``check(...)``) are skipped; nbgrader test cells run only
    with ``run_tests`` (they call ``check`` on the ``__main__`` namespace).

    Returns:
        ``(notes, test_cells)``: a note per cell that went wrong, and with
        ``run_tests`` one ``{"grade_id", "points", "passed", "error"}`` per test.
    """
    notes: list[str] = []
    tests: list[dict[str, Any]] = []
    for cell in cells:
        if (
            cell.cell_type != "code"
            or cell.is_feedback
            or (cell.is_test and not run_tests)
        ):
            continue
        note = _run_cell(cell, namespace, cell_timeout)
        if cell.is_test:
            tests.append(
                {
                    "grade_id": cell.grade_id,
                    "points": cell.points,
                    "passed": note is None,
                    "error": note or "",
                }
            )
        elif note is not None:
            notes.append(f"Code cell {cell.index} {note}.")
    return notes, tests


def _write(path: str, data: dict) -> None:
    temporary = f"{path}.part"
    Path(temporary).write_text(json.dumps(data), encoding="utf-8")
    os.replace(temporary, path)  # atomic: the parent never reads half a file


def main(argv: list[str] | None = None) -> int:
    """Grade one notebook; the result JSON goes to ``--result``."""
    parser = argparse.ArgumentParser(prog="python -m kitlib.grading.worker")
    parser.add_argument("--exercise", required=True)
    parser.add_argument("--notebook", required=True)
    parser.add_argument("--result", required=True)
    parser.add_argument("--cell-timeout", type=float, default=60.0)
    parser.add_argument("--check-timeout", type=float, default=None)
    parser.add_argument("--run-tests", action="store_true")
    args = parser.parse_args(argv)

    exercise = load_exercise(args.exercise)
    if args.check_timeout:
        for item in exercise.checks:
            item.timeout = min(item.timeout, args.check_timeout)
    report = Report(exercise.id, exercise.title, source=args.notebook)
    result: dict[str, Any] = {
        "report": report.to_dict(),
        "cell_notes": [],
        "test_cells": [],
        "stage": "cells",
    }
    try:
        code_cells(args.notebook)
    except ValueError as error:
        result.update(stage="unreadable", error=str(error))
        _write(args.result, result)
        return 1
    _write(args.result, result)
    namespace = _fresh_main()
    output = CappedWriter(SUBMISSION_OUTPUT_LIMIT)
    sys.stdout = sys.stderr = output
    notes, tests = execute_cells(
        code_cells(args.notebook), namespace, args.cell_timeout, args.run_tests
    )
    result.update(cell_notes=notes, test_cells=tests)
    result["stage"] = "checks"
    result["submission_output_chars"] = output.total
    _write(args.result, result)

    def save_progress(partial: Report) -> None:
        result["report"] = partial.to_dict()
        _write(args.result, result)

    final = checker.run_checks(
        exercise, namespace, source=args.notebook, on_result=save_progress
    )
    result["stage"] = "done"
    save_progress(final)
    # NOTE: os._exit skips interpreter shutdown, where objects the submission
    # left behind (threads, __del__ methods) could still hang or print.
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
