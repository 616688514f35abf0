"""Store notebooks the way the repository keeps them: without outputs.

Usage (from the project root)::

    .venv/bin/python tools/strip_notebooks.py            # notebooks/ and exercises/
    .venv/bin/python tools/strip_notebooks.py notebooks/00_python_dunders.ipynb
    .venv/bin/python tools/strip_notebooks.py --check    # list dirty files, exit 1

Why: outputs hold timings, memory addresses and images that change on every
run, so they bloat diffs and hide the real change. Cells whose first line is
``# NBVAL_CHECK_OUTPUT`` keep their output and execution count, because nbval
compares exactly those against a fresh run. ``tests/test_notebooks_clean.py``
checks the result.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIRS = ("notebooks", "exercises")
CHECK_MARKER = "# NBVAL_CHECK_OUTPUT"
# Cell metadata that records how a cell was last run, not what it says.
VOLATILE_CELL_METADATA = ("execution", "collapsed", "scrolled", "ExecuteTime")


def keeps_output(cell: dict) -> bool:
    """Whether nbval compares this cell's output (so it must stay stored)."""
    lines = cell.get("source", "").lstrip().splitlines()
    return bool(lines) and lines[0].strip() == CHECK_MARKER


def strip(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove outputs, execution counts and run metadata in place; return ``nb``."""
    nb.metadata.pop("widgets", None)  # saved ipywidgets state
    for cell in nb.cells:
        for key in VOLATILE_CELL_METADATA:
            cell.metadata.pop(key, None)
        if cell.cell_type != "code" or keeps_output(cell):
            continue
        cell.outputs = []
        cell.execution_count = None
    return nb


def find_notebooks(paths: list[str]) -> list[Path]:
    """Expand files and folders into a sorted list of ``.ipynb`` files."""
    found: set[Path] = set()
    for raw in paths or [str(ROOT / d) for d in DEFAULT_DIRS]:
        path = Path(raw)
        if path.is_file():
            found.add(path)
        elif path.is_dir():
            found.update(
                p for p in path.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts
            )
    return sorted(found)


def main(argv: list[str] | None = None) -> int:
    """Strip every notebook given (or all); with --check only report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help="notebooks or folders")
    parser.add_argument("--check", action="store_true", help="do not write")
    args = parser.parse_args(argv)
    dirty = []
    for path in find_notebooks(args.paths):
        before = path.read_text(encoding="utf-8")
        nb = strip(nbformat.reads(before, as_version=4))
        after = nbformat.writes(nb) + "\n"
        if after != before:
            dirty.append(path)
            if not args.check:
                path.write_text(after, encoding="utf-8")
    verb = "needs stripping" if args.check else "stripped"
    for path in dirty:
        sys.stdout.write(f"{verb}: {path}\n")
    return 1 if args.check and dirty else 0


if __name__ == "__main__":
    sys.exit(main())
