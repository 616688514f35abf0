"""nbgrader end to end: generate, autograde three submissions, export the scores.

The course directory is built from ``exercises/`` exactly as an instructor
would (``python -m kitlib.grading course``), then nbgrader's own commands run.
"""

from __future__ import annotations

import copy
import csv
import json
import subprocess

import pytest

from kitlib.grading import batch
from kitlib.grading.notebook import cells, read_notebook
from tests.exercises.support import EXERCISES, released_path, source_path

pytest.importorskip(
    "nbgrader", reason="install the grading extra: pip install -e '.[grading]'"
)
EXERCISE = "ex01_custom_dense"
pytestmark = pytest.mark.exercise(EXERCISE)


def _nbgrader(course, *args):
    done = subprocess.run(  # noqa: S603
        batch.nbgrader_command(*args),
        cwd=course,
        env=batch.nbgrader_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done


def _submit(course, student, released, solution_source=None):
    notebook = copy.deepcopy(released)
    if solution_source is not None:
        for cell in notebook["cells"]:
            if cell["metadata"].get("nbgrader", {}).get("solution"):
                cell["source"] = solution_source
    folder = course / "submitted" / student / EXERCISE
    folder.mkdir(parents=True)
    (folder / f"{EXERCISE}.ipynb").write_text(json.dumps(notebook), encoding="utf-8")


def test_generate_autograde_and_export_three_submissions(tmp_path):
    course = batch.setup_course(EXERCISES, tmp_path / "course", [EXERCISE])
    generated = batch.generate(course, EXERCISE)
    # The committed student notebook is what nbgrader generates today.
    assert [c.source for c in cells(read_notebook(generated))] == [
        c.source for c in cells(read_notebook(released_path(EXERCISE)))
    ]
    released = read_notebook(generated)
    (solution,) = [
        c for c in cells(read_notebook(source_path(EXERCISE))) if c.is_solution
    ]
    broken = solution.source.replace("input_dim = input_shape[-1]", "input_dim = 1 / 0")
    assert broken != solution.source
    _submit(course, "alice", released, solution.source)  # correct
    _submit(course, "bob", released)  # empty: the student notebook untouched
    _submit(course, "carol", released, broken)  # broken: build raises

    _nbgrader(course, "autograde", EXERCISE, "--force")
    _nbgrader(course, "export", "--to", str(course / "grades.csv"))

    with open(course / "grades.csv", newline="", encoding="utf-8") as handle:
        rows = {row["student_id"]: row for row in csv.DictReader(handle)}
    scores = {student: float(row["score"]) for student, row in rows.items()}
    assert scores == {"alice": 8.0, "bob": 0.0, "carol": 2.0}
    assert {float(row["max_score"]) for row in rows.values()} == {8.0}
    feedback = course / "autograded" / "carol" / EXERCISE / f"{EXERCISE}.ipynb"
    assert "ZeroDivisionError in MyDense.build" in feedback.read_text(encoding="utf-8")
