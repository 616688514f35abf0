"""Build and grade exercise submissions for the tests.

A *mistake* is the reference solution with a few textual edits (``old`` ->
``new``), so each test states exactly which slip it makes. Submissions are
graded in-process here (fast: kitlib is imported once); the sandboxed path,
with its own process per submission, is covered by ``test_solutions_pass.py``
and ``tests/grading``.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from pathlib import Path

from kitlib.grading import batch
from kitlib.grading.checker import run_checks
from kitlib.grading.exercise import load_exercise
from kitlib.grading.notebook import cells, read_notebook
from kitlib.grading.report import Report
from kitlib.grading.worker import execute_cells

ROOT = Path(__file__).resolve().parents[2]
EXERCISES = ROOT / "exercises"


@dataclass
class Mistake:
    """A common slip: edits applied to one solution cell, and what the checks say.

    Attributes:
        name: test id.
        cell: ``grade_id`` of the solution cell to edit.
        edits: ``(old, new)`` replacements; each ``old`` must occur in the cell.
        failing: the checks that must fail (all others must pass).
        hint: a fragment one failing check's message must contain.
    """

    name: str
    cell: str
    edits: list[tuple[str, str]]
    failing: set[str]
    hint: str


def source_path(exercise_id: str) -> Path:
    return batch.source_notebook(EXERCISES, exercise_id)


def released_path(exercise_id: str) -> Path:
    return batch.released_notebook(EXERCISES, exercise_id)


def edited_notebook(exercise_id: str, mistake: Mistake | None = None) -> dict:
    """The source notebook, with ``mistake``'s edits applied to its cell."""
    notebook = copy.deepcopy(read_notebook(source_path(exercise_id)))
    if mistake is None:
        return notebook
    for cell in notebook["cells"]:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") != mistake.cell:
            continue
        text = "".join(cell["source"])
        for old, new in mistake.edits:
            assert old in text, f"{mistake.name}: {old!r} not in cell {mistake.cell}"
            text = text.replace(old, new)
        cell["source"] = text
        return notebook
    raise AssertionError(f"no cell with grade_id {mistake.cell!r} in {exercise_id}")


def grade_in_process(exercise_id: str, notebook: dict) -> tuple[Report, list[str]]:
    """Run the notebook's cells in a fresh namespace, then the public checks."""
    namespace: dict = {"__name__": "__main__"}
    notes, _ = execute_cells(cells(notebook), namespace, cell_timeout=60)
    return run_checks(load_exercise(exercise_id), namespace), notes


def write_notebook(notebook: dict, path: Path) -> Path:
    path.write_text(json.dumps(notebook), encoding="utf-8")
    return path


def assert_mistake_graded(exercise_id: str, mistake: Mistake) -> Report:
    """The mistake loses points on exactly its checks, with the specific hint."""
    report, _ = grade_in_process(exercise_id, edited_notebook(exercise_id, mistake))
    failed = {r.name for r in report.results if not r.passed}
    assert failed == mistake.failing, report.to_text()
    messages = [r.message for r in report.results if r.name in mistake.failing]
    assert any(mistake.hint in m for m in messages), report.to_text()
    assert 0 < report.score < report.max_score and not report.all_passed
    assert "All" not in report.summary()
    return report
