"""Instant feedback: run an exercise's public checks on the learner's own code.

Notebook: every exercise notebook in ``exercises/``; the checks build on
``notebooks/02_layer_lifecycle.ipynb`` and the notebooks that follow it.

In a notebook, one line grades what the learner wrote so far::

    from kitlib.grading import check
    check("ex01_custom_dense")        # a table: check, result, points, hint

The checks read the learner's definitions from the notebook's namespace
(``__main__``), never from a reference solution: kitlib ships none. Each
check runs under the guards of ``guards.py`` (time limit, capped output) with
kitlib's own functions restored (``integrity.py``), and every way learner
code can go wrong becomes a row with a status and a message, never a crash.
"""

from __future__ import annotations

import sys
import sysconfig
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from IPython import get_ipython

import kitlib
from kitlib.grading import integrity
from kitlib.grading.exercise import (
    Check,
    CheckFailed,
    Exercise,
    NotDefinedYet,
    Submission,
    load_exercise,
)
from kitlib.grading.guards import CheckTimeout, captured_output, time_limit
from kitlib.grading.report import CheckResult, Report

OUTPUT_LIMIT = 10_000  # characters of learner output kept per check
_KITLIB_DIR = str(Path(kitlib.__file__).resolve().parent)
_LIBRARY_DIRS = tuple(
    str(Path(sysconfig.get_paths()[key]).resolve())
    for key in ("stdlib", "platstdlib", "purelib", "platlib")
)
# Taken once, when kitlib.grading is first imported (before learner code runs).
SNAPSHOT = integrity.take_snapshot()


def learner_namespace() -> dict[str, Any]:
    """The namespace the learner's cells run in (IPython's, else ``__main__``)."""
    shell = get_ipython()
    if shell is not None:
        return shell.user_ns
    return vars(sys.modules["__main__"])


def check(
    exercise_id: str,
    *names: str,
    namespace: dict[str, Any] | None = None,
    widget: bool = False,
) -> Any:
    """Run the public checks of ``exercise_id`` on your code and show the results.

    The graded test cells of an exercise notebook use it too, one check at a
    time: ``result = check("ex01_custom_dense", "builds_once")`` then
    ``assert result.all_passed, result`` (the message is the table).

    Args:
        exercise_id: e.g. ``"ex01_custom_dense"``.
        *names: run only these checks (default: all of them).
        namespace: where your definitions live; defaults to the notebook's.
        widget: return a "Check my work" button instead of a table.

    Returns:
        A :class:`~kitlib.grading.report.Report` (an HTML table in Jupyter, text
        elsewhere), or a :class:`~kitlib.grading.widget.CheckWidget`.

    Example:
        >>> report = check("ex01_custom_dense", namespace={})
        >>> report.score, report.all_passed
        (0.0, False)
    """
    exercise = load_exercise(exercise_id)
    if widget:
        from kitlib.grading.widget import CheckWidget  # ipywidgets only when asked

        return CheckWidget(exercise, namespace, list(names) or None)
    namespace = learner_namespace() if namespace is None else namespace
    return run_checks(exercise, namespace, names=list(names) or None)


def run_checks(
    exercise: Exercise,
    namespace: dict[str, Any],
    names: list[str] | None = None,
    source: str = "__main__",
    output_limit: int = OUTPUT_LIMIT,
    on_result: Callable[[Report], None] | None = None,
) -> Report:
    """Run ``exercise``'s checks (or only ``names``) on ``namespace``; never raises.

    Args:
        exercise: the exercise whose checks run.
        namespace: the learner's definitions.
        names: ids of the checks to run; all when None.
        source: where the code came from, for the report.
        output_limit: characters of printed output kept per check.
        on_result: called with the partial report after each check (the
            sandbox saves progress with it).

    Returns:
        The :class:`Report`, one row per check.
    """
    selected = (
        exercise.checks if names is None else [exercise.get_check(n) for n in names]
    )
    report = Report(exercise.id, exercise.title, source=source)
    submission = Submission(namespace, exercise)
    with integrity.originals_restored(SNAPSHOT, report.notes):
        for item in selected:
            report.results.append(run_one(item, submission, output_limit))
            if on_result is not None:
                on_result(report)
    if any("more characters not shown" in r.output for r in report.results):
        report.notes.append(
            "Your code printed a lot; only the beginning of its output is shown."
        )
    return report


def run_one(item: Check, submission: Submission, output_limit: int) -> CheckResult:
    """Run one check under the guards and turn whatever happens into a result."""
    with (
        captured_output(output_limit) as output,
        warnings.catch_warnings(record=True) as seen,
    ):
        # Learner warnings (divide by zero...) are clues: keep them with the output.
        warnings.simplefilter("always")
        status, message = _outcome(item, submission)
        for warning in seen[:5]:
            output.write(
                f"\n{warning.category.__name__}: {warning.message} ({warning.filename})"
            )
    points = item.points if status == "pass" else 0.0
    return CheckResult(
        item.name,
        item.description,
        status,
        float(points),
        float(item.points),
        message,
        output.describe(),
    )


def _outcome(item: Check, submission: Submission) -> tuple[str, str]:
    try:
        with time_limit(item.timeout):
            item.function(submission)
    except CheckFailed as error:
        return "fail", str(error)
    except NotDefinedYet as error:
        return "todo", str(error)
    except NotImplementedError as error:
        return "todo", _todo_message(error)
    except CheckTimeout:
        return "timeout", (
            f"Your code did not finish within {item.timeout:g} s, so it was "
            "stopped. Look for a loop that never ends (a while loop whose condition "
            "never changes, or a recursion without a base case)." + _extra(item, None)
        )
    except SystemExit as error:
        return "error", (
            f"Your code called sys.exit({error.code!r}) (or exit()/quit()), which "
            "would stop the whole notebook. Remove that call: return a value or "
            "raise an exception instead."
        )
    except Exception as error:  # noqa: BLE001 - learner errors become hints
        return "error", _error_message(error) + _extra(item, error)
    return "pass", ""


def _extra(item: Check, error: BaseException | None) -> str:
    if item.explain is None or error is None:
        return ""
    hint = item.explain(error)
    return f" Hint: {hint}" if hint else ""


def _learner_frame(error: BaseException) -> tuple[str, int] | None:
    """``(function, line)`` of the deepest traceback frame in the learner's code.

    Frames in kitlib, the standard library and installed packages are skipped;
    what is left ran from a notebook cell (or a learner's own module).
    """
    found = None
    tb = error.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        path = code.co_filename
        if not (
            path.startswith((_KITLIB_DIR, *_LIBRARY_DIRS)) or "site-packages" in path
        ):
            # co_qualname (Python 3.11+) says "MyDense.build", not just "build".
            found = (getattr(code, "co_qualname", code.co_name), tb.tb_lineno)
        tb = tb.tb_next
    return found


def _where(error: BaseException) -> str:
    frame = _learner_frame(error)
    if frame is None:
        return ""
    return f" in {frame[0]} (line {frame[1]} of its cell)"


def _todo_message(error: NotImplementedError) -> str:
    frame = _learner_frame(error)
    where = f"{frame[0]} is" if frame is not None else "Something this check needs is"
    return (
        f"{where} not written yet: it still raises NotImplementedError. Replace "
        "'raise NotImplementedError()' under 'YOUR CODE HERE' with your code, run "
        "the cell, then check again."
    )


def _error_message(error: BaseException) -> str:
    text = str(error) or "(no message)"
    if len(text) > 600:
        text = text[:600] + " ..."
    return f"Your code raised {type(error).__name__}{_where(error)}: {text}"
