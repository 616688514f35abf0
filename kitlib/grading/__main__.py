"""Command line for instructors: ``python -m kitlib.grading COMMAND``.

Notebook: every exercise notebook in ``exercises/`` (workflow in
``exercises/README.md``).

Commands::

    list                                  the exercises kitlib can check
    release EXERCISES_DIR [IDS...]        regenerate student notebooks (nbgrader)
    course EXERCISES_DIR COURSE_DIR       lay out an nbgrader course directory
    grade ID NOTEBOOK... [--csv FILE]     grade notebooks with the public checks
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kitlib.grading import batch
from kitlib.grading.exercise import exercise_ids, load_exercise
from kitlib.grading.report import reports_to_csv


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m kitlib.grading",
        description="kitlib exercises: release, set up an nbgrader course, grade.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="list the exercises")
    release = commands.add_parser("release", help="regenerate student notebooks")
    release.add_argument("exercises_dir")
    release.add_argument("ids", nargs="*")
    course = commands.add_parser("course", help="create an nbgrader course directory")
    course.add_argument("exercises_dir")
    course.add_argument("course_dir")
    grade = commands.add_parser("grade", help="grade notebooks with the public checks")
    grade.add_argument("exercise_id")
    grade.add_argument("notebooks", nargs="+")
    grade.add_argument("--csv", help="write one row per student to this file")
    grade.add_argument("--cell-timeout", type=float, default=60.0)
    grade.add_argument("--check-timeout", type=float, default=None)
    grade.add_argument("--quiet", action="store_true", help="only the summary")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the exit code."""
    args = _parser().parse_args(argv)
    out = sys.stdout
    if args.command == "list":
        for exercise_id in exercise_ids():
            exercise = load_exercise(exercise_id)
            out.write(
                f"{exercise_id}  {exercise.title} ({exercise.max_score:g} points)\n"
            )
    elif args.command == "release":
        for path in batch.release(args.exercises_dir, args.ids or None):
            out.write(f"released {path}\n")
    elif args.command == "course":
        course = batch.setup_course(args.exercises_dir, args.course_dir)
        out.write(f"course directory ready: {course}\n")
    else:
        results = batch.grade_many(
            args.notebooks, args.exercise_id, args.cell_timeout, args.check_timeout
        )
        for student, report in results:
            if not args.quiet:
                out.write(f"\n=== {student} ===\n{report.to_text()}\n")
            out.write(f"{student}: {report.score:g}/{report.max_score:g}\n")
        if args.csv:
            Path(args.csv).write_text(reports_to_csv(results), encoding="utf-8")
            out.write(f"wrote {args.csv}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
