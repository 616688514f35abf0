"""Every untouched student notebook scores 0, with kind "not written yet" messages."""

import pytest

from kitlib.grading import batch
from kitlib.grading.sandbox import grade_notebook
from tests.exercises.support import EXERCISES, released_path

IDS = batch.available(EXERCISES)


@pytest.mark.parametrize("exercise_id", IDS)
def test_untouched_student_notebook_scores_zero_kindly(exercise_id):
    report = grade_notebook(released_path(exercise_id), exercise_id)
    assert report.score == 0 and report.max_score > 0
    assert {r.status for r in report.results} == {"todo"}, report.to_text()
    for result in report.results:
        assert (
            "not written yet" in result.message or "not defined yet" in result.message
        )
        assert "YOUR CODE HERE" in result.message
        assert "Traceback" not in result.message
    assert "nothing is implemented yet" in report.summary()
    assert "All" not in report.summary()
