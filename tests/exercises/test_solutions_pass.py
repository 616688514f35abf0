"""Every exercise's reference solution scores full marks, hidden tests included."""

import pytest

from kitlib.grading import batch
from kitlib.grading.exercise import exercise_ids, load_exercise
from kitlib.grading.sandbox import run_sandbox
from tests.exercises.support import EXERCISES, source_path

IDS = batch.available(EXERCISES)


def test_every_exercise_with_checks_has_a_source_notebook():
    assert len(IDS) >= 2
    assert IDS == exercise_ids(), "an exercise module has no exercises/<id>/source/"


@pytest.mark.parametrize("exercise_id", IDS)
def test_reference_solution_scores_full_marks_in_the_sandbox(exercise_id):
    run = run_sandbox(source_path(exercise_id), exercise_id, run_tests=True)
    report = run.report
    assert report.all_passed, report.to_text()
    assert report.score == report.max_score == load_exercise(exercise_id).max_score
    assert report.notes == [], report.notes  # no cell raised, nothing replaced
    assert "All" in report.summary()
    # The nbgrader test cells (hidden tests included) pass on the solution too.
    failed = [t for t in run.test_cells if not t["passed"]]
    assert run.test_cells and not failed, failed
    assert sum(t["points"] for t in run.test_cells) == report.max_score
