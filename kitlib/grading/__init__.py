"""Graded exercises: instant feedback for learners, batch grading for instructors.

Notebook: every exercise notebook in ``exercises/`` (see ``exercises/README.md``).

For learners, in an exercise notebook::

    from kitlib.grading import check
    check("ex01_custom_dense")               # table: check, result, points, hint
    check("ex01_custom_dense", widget=True)  # a "Check my work" button

For instructors: nbgrader drives the course (``exercises/README.md``);
``python -m kitlib.grading grade ex01_custom_dense submissions/*.ipynb`` grades
notebooks with the public checks in sandboxed processes, without nbgrader.

Modules: ``checker`` (learner feedback), ``sandbox``/``worker`` (a submission
in its own process, with deadlines and output caps), ``batch`` (many
submissions, CSV, releasing the student notebooks), ``report`` (tables),
``exercises/`` (the public checks of each exercise).
"""

from kitlib.grading.checker import check, run_checks
from kitlib.grading.exercise import Exercise, exercise_ids, fail, load_exercise
from kitlib.grading.report import CheckResult, Report
from kitlib.grading.sandbox import grade_notebook

__all__ = [
    "CheckResult",
    "Exercise",
    "Report",
    "check",
    "exercise_ids",
    "fail",
    "grade_notebook",
    "load_exercise",
    "run_checks",
]
