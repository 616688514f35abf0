"""Student notebooks: generated from the source, with no solution and no hidden test.

The committed ``exercises/<id>/<id>.ipynb`` must equal what ``nbgrader
generate_assignment`` makes from ``exercises/<id>/source/<id>.ipynb``
(``release_source`` mirrors it cell by cell); if not, run ``make exercises``.
"""

import pytest

from kitlib.grading import batch
from kitlib.grading.exercise import load_exercise
from kitlib.grading.notebook import (
    BEGIN_HIDDEN,
    BEGIN_SOLUTION,
    END_HIDDEN,
    END_SOLUTION,
    cells,
    read_notebook,
    release_source,
)
from tests.exercises.support import EXERCISES, released_path, source_path

IDS = batch.available(EXERCISES)


def _blocks(source, begin, end):
    """Lines strictly between begin/end markers."""
    found, inside = [], False
    for line in source.split("\n"):
        if line.strip() in (begin, end):
            inside = line.strip() == begin
        elif inside:
            found.append(line.strip())
    return found


@pytest.mark.parametrize("exercise_id", IDS)
def test_released_notebook_is_up_to_date_with_its_source(exercise_id):
    source = cells(read_notebook(source_path(exercise_id)))
    released = cells(read_notebook(released_path(exercise_id)))
    assert [c.cell_type for c in released] == [c.cell_type for c in source]
    for mine, theirs in zip(source, released, strict=True):
        assert theirs.source == release_source(mine.source), (
            f"cell {mine.index} of {exercise_id} differs from its source: run "
            "`make exercises` to regenerate the student notebook"
        )


@pytest.mark.parametrize("exercise_id", IDS)
def test_released_notebook_has_no_solution_and_no_hidden_test(exercise_id):
    source = cells(read_notebook(source_path(exercise_id)))
    released = cells(read_notebook(released_path(exercise_id)))
    text = "\n".join(c.source for c in released)
    code_lines = {
        line.strip()
        for c in released
        if c.cell_type == "code"
        for line in c.source.split("\n")
    }
    for marker in (BEGIN_SOLUTION, END_SOLUTION, BEGIN_HIDDEN, END_HIDDEN):
        assert marker not in text
    visible = {
        line.strip() for c in source for line in release_source(c.source).split("\n")
    }
    secret = []
    for cell in source:
        secret += _blocks(cell.source, BEGIN_SOLUTION, END_SOLUTION)
        secret += _blocks(cell.source, BEGIN_HIDDEN, END_HIDDEN)
    secret = [line for line in secret if len(line) > 12 and line not in visible]
    assert secret, "the source should hold solutions and hidden tests"
    leaked = [line for line in secret if line in code_lines]
    assert not leaked, (
        f"solution or hidden-test lines in the student notebook: {leaked}"
    )
    assert "raise NotImplementedError()" in text


@pytest.mark.parametrize("exercise_id", IDS)
def test_each_public_check_has_one_graded_cell_with_its_points(exercise_id):
    exercise = load_exercise(exercise_id)
    tests = [c for c in cells(read_notebook(released_path(exercise_id))) if c.is_test]
    assert {c.grade_id: c.points for c in tests} == {
        f"test_{check.name}": check.points for check in exercise.checks
    }
    for cell in tests:
        assert cell.nbgrader.get("locked") and "checksum" in cell.nbgrader
        assert f'check("{exercise_id}", "{cell.grade_id[5:]}")' in cell.source
    solutions = [
        c for c in cells(read_notebook(source_path(exercise_id))) if c.is_solution
    ]
    assert solutions and all(BEGIN_SOLUTION in c.source for c in solutions)
