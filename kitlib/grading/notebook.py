"""Read exercise notebooks: code cells, nbgrader cell roles, solution markers.

Notebook: every exercise notebook in ``exercises/``.

A ``.ipynb`` file is JSON; nbgrader keeps each cell's role in
``cell.metadata.nbgrader``: ``solution`` cells are where the learner writes code,
``grade`` cells (not solutions) are autograded tests worth ``points``. In the
instructor's source notebook, solution code sits between ``### BEGIN SOLUTION``
and ``### END SOLUTION``, and tests the learners must not see between
``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN TESTS``. ``nbgrader
generate_assignment`` replaces the first with a stub and drops the second;
:func:`release_source` does the same on one cell's text, so tests can check
that a committed student notebook is up to date and leaks nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHECK_TAG = "kitlib-check"  # cell tag of the feedback cell (check(...)); not graded
STUB = "# YOUR CODE HERE\nraise NotImplementedError()"
BEGIN_SOLUTION, END_SOLUTION = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"


@dataclass
class Cell:
    """One notebook cell, with its nbgrader role."""

    index: int
    cell_type: str
    source: str
    nbgrader: dict[str, Any] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)

    @property
    def is_test(self) -> bool:
        """An autograded test cell (nbgrader ``grade`` and not ``solution``)."""
        return bool(self.nbgrader.get("grade")) and not self.nbgrader.get("solution")

    @property
    def is_solution(self) -> bool:
        """A cell the learner writes code in."""
        return bool(self.nbgrader.get("solution"))

    @property
    def is_feedback(self) -> bool:
        """The ``check(...)`` cell: feedback for the learner, not part of grading."""
        return CHECK_TAG in self.tags

    @property
    def points(self) -> float:
        """Points of a test cell (0 for others)."""
        return float(self.nbgrader.get("points", 0)) if self.is_test else 0.0

    @property
    def grade_id(self) -> str:
        """nbgrader's id of the cell ("" when it has none)."""
        return str(self.nbgrader.get("grade_id", ""))


def read_notebook(path: str | Path) -> dict[str, Any]:
    """The notebook as a dict.

    Raises:
        ValueError: if the file is not a notebook (with the reason).
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(
            f"Could not read notebook {str(path)!r}: {error}. Submit the .ipynb file "
            "saved from Jupyter (File > Save), not a copy or export."
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        raise ValueError(
            f"{str(path)!r} is JSON but not a Jupyter notebook (it has no 'cells' "
            "list). Submit the .ipynb file saved from Jupyter."
        )
    return data


def cells(notebook: dict[str, Any]) -> list[Cell]:
    """Every cell of a notebook dict, with sources joined into one string."""
    found = []
    for index, cell in enumerate(notebook["cells"]):
        source = cell.get("source", "")
        metadata = cell.get("metadata", {}) or {}
        found.append(
            Cell(
                index,
                cell.get("cell_type", "code"),
                "".join(source) if isinstance(source, list) else str(source),
                dict(metadata.get("nbgrader", {}) or {}),
                list(metadata.get("tags", []) or []),
            )
        )
    return found


def code_cells(path: str | Path) -> list[Cell]:
    """The code cells of the notebook at ``path``."""
    return [c for c in cells(read_notebook(path)) if c.cell_type == "code"]


def python_source(source: str) -> str:
    """Cell text as plain Python: IPython magics and shell lines are commented out.

    Example:
        >>> python_source("%matplotlib inline\\nx = 1")
        '# %matplotlib inline\\nx = 1'
    """
    return "\n".join(
        f"# {line}" if line.lstrip().startswith(("%", "!")) else line
        for line in source.splitlines()
    )


def release_source(source: str, stub: str = STUB) -> str:
    """A source cell as nbgrader releases it: solutions stubbed, hidden tests gone.

    Works line by line, as nbgrader's ``ClearSolutions`` and
    ``ClearHiddenTests`` do: each marked block, markers included, is replaced
    by the stub (indented like the ``BEGIN`` line) or removed.

    Example:
        >>> text = "def f():\\n    ### BEGIN SOLUTION\\n    return 1\\n    ### END SOLUTION"
        >>> print(release_source(text))
        def f():
            # YOUR CODE HERE
            raise NotImplementedError()
    """
    released: list[str] = []
    inside: str | None = None
    for line in source.split("\n"):
        marker = line.strip()
        if inside is None and marker == BEGIN_SOLUTION:
            inside = END_SOLUTION
            indent = line[: len(line) - len(line.lstrip())]
            released += [indent + stub_line for stub_line in stub.split("\n")]
        elif inside is None and marker == BEGIN_HIDDEN:
            inside = END_HIDDEN
        elif inside is not None and marker == inside:
            inside = None
        elif inside is None:
            released.append(line)
    return "\n".join(released)
