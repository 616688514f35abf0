"""Instructor tools: release student notebooks with nbgrader, grade many submissions.

Notebook: every exercise notebook in ``exercises/`` (workflow in
``exercises/README.md``).

* :func:`release` runs ``nbgrader generate_assignment`` on each source
  notebook (``exercises/<id>/source/<id>.ipynb``) in a throw-away course
  directory and copies the result to ``exercises/<id>/<id>.ipynb``: the
  committed student notebook, with solutions stubbed and hidden tests gone.
  ``make exercises`` calls it.
* :func:`setup_course` lays the sources out as an nbgrader course directory,
  ready for ``nbgrader generate_assignment`` / ``autograde`` / ``export``.
* :func:`grade_many` grades notebooks with the public checks, each in its own
  sandboxed process, and :func:`student_of` names a submission's student
  (nbgrader's ``submitted/<student>/<assignment>/`` layout, else the file name).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from kitlib.grading.exercise import exercise_ids
from kitlib.grading.report import Report
from kitlib.grading.sandbox import grade_notebook

COURSE_CONFIG = "nbgrader_config.py"


def nbgrader_command(*args: str) -> list[str]:
    """``python -m nbgrader ARGS`` with this interpreter (the venv's nbgrader)."""
    return [sys.executable, "-m", "nbgrader", *args]


def nbgrader_env() -> dict[str, str]:
    """The environment nbgrader needs: this venv's ``bin`` first on ``PATH``.

    NOTE: nbgrader runs ``alembic`` (its database migrations) as a program, so
    the venv's scripts must be on PATH even when the venv is not activated.
    """
    scripts = str(Path(sys.executable).parent)
    return dict(os.environ, PATH=scripts + os.pathsep + os.environ.get("PATH", ""))


def source_notebook(exercises_dir: str | Path, exercise_id: str) -> Path:
    """``exercises/<id>/source/<id>.ipynb``: the instructor's version."""
    return Path(exercises_dir) / exercise_id / "source" / f"{exercise_id}.ipynb"


def released_notebook(exercises_dir: str | Path, exercise_id: str) -> Path:
    """``exercises/<id>/<id>.ipynb``: the student version generated from the source."""
    return Path(exercises_dir) / exercise_id / f"{exercise_id}.ipynb"


def available(exercises_dir: str | Path) -> list[str]:
    """Exercise ids that have a source notebook under ``exercises_dir``."""
    return [i for i in exercise_ids() if source_notebook(exercises_dir, i).is_file()]


def setup_course(
    exercises_dir: str | Path, course_dir: str | Path, ids: Iterable[str] | None = None
) -> Path:
    """Create (or update) an nbgrader course directory from the source notebooks.

    Copies each ``exercises/<id>/source/<id>.ipynb`` to
    ``<course>/source/<id>/<id>.ipynb`` and, if missing, the course config
    ``exercises/nbgrader_config.py``.

    Returns:
        The course directory.
    """
    course = Path(course_dir)
    for exercise_id in ids or available(exercises_dir):
        target = course / "source" / exercise_id
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source_notebook(exercises_dir, exercise_id), target)
    config = Path(exercises_dir) / COURSE_CONFIG
    if config.is_file() and not (course / COURSE_CONFIG).exists():
        shutil.copy2(config, course / COURSE_CONFIG)
    return course


def generate(course_dir: str | Path, exercise_id: str) -> Path:
    """Run ``nbgrader generate_assignment`` for one exercise in ``course_dir``.

    Returns:
        The released notebook inside the course directory.

    Raises:
        RuntimeError: with nbgrader's last lines, if it fails.
    """
    command = nbgrader_command("generate_assignment", exercise_id, "--force")
    done = subprocess.run(  # noqa: S603 - fixed command, no shell
        command,
        cwd=course_dir,
        env=nbgrader_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    released = Path(course_dir) / "release" / exercise_id / f"{exercise_id}.ipynb"
    if done.returncode != 0 or not released.is_file():
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
        raise RuntimeError(
            f"nbgrader generate_assignment {exercise_id} failed (exit code "
            f"{done.returncode}):\n{tail}\nIs nbgrader installed? `pip install -e "
            "'.[grading]'` (make test installs it)."
        )
    return released


def release(exercises_dir: str | Path, ids: Iterable[str] | None = None) -> list[Path]:
    """Regenerate the committed student notebooks with nbgrader (``make exercises``).

    Returns:
        The student notebooks written.
    """
    written = []
    ids = list(ids or available(exercises_dir))
    with tempfile.TemporaryDirectory(prefix="kitlib-release-") as course:
        setup_course(exercises_dir, course, ids)
        for exercise_id in ids:
            generated = generate(course, exercise_id)
            target = released_notebook(exercises_dir, exercise_id)
            shutil.copyfile(generated, target)
            written.append(target)
    return written


def student_of(path: str | Path, exercise_id: str) -> str:
    """The student a submission belongs to.

    Example:
        >>> student_of("submitted/alice/ex01_custom_dense/ex01_custom_dense.ipynb",
        ...            "ex01_custom_dense")
        'alice'
        >>> student_of("inbox/bob.ipynb", "ex01_custom_dense")
        'bob'
    """
    path = Path(path)
    if path.parent.name == exercise_id and len(path.parts) >= 3:
        return path.parent.parent.name
    return path.stem


def grade_many(
    paths: Iterable[str | Path],
    exercise_id: str,
    cell_timeout: float = 60.0,
    check_timeout: float | None = None,
) -> list[tuple[str, Report]]:
    """Grade each notebook in its own sandboxed process.

    Returns:
        ``(student, report)`` pairs, in the order given.
    """
    return [
        (
            student_of(path, exercise_id),
            grade_notebook(path, exercise_id, cell_timeout, check_timeout),
        )
        for path in paths
    ]
