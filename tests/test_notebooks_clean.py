"""House rules for every teaching notebook, checked without running it.

nbval (``make notebooks``) runs the notebooks; this file checks how they are
stored and shaped, fast, as part of the unit tests. Every ``notebooks/*.ipynb``
and every ``.ipynb`` under ``exercises/``:

1. is stored without outputs or execution counts (cells whose first line is
   ``# NBVAL_CHECK_OUTPUT`` may keep theirs: nbval compares exactly those);
2. opens with a markdown title cell (``# ...``);
3. calls ``set_random_seed`` right after importing kitlib, if it imports it;
4. has the self-check as its last code cell: ``assert`` statements over what
   it built (markdown such as "Go further" may follow).

Each rule is a small ``*_problem(nb, name)`` function returning a message that
says how to fix it, or None. See ``/work/shared/NOTEBOOKS.md`` and
``tools/strip_notebooks.py``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STRIP = ".venv/bin/python tools/strip_notebooks.py"
CHECK_MARKER = "# NBVAL_CHECK_OUTPUT"
IMPORTS_KITLIB = re.compile(r"^\s*(?:import kitlib\b|from kitlib\b)", re.MULTILINE)
ASSERT_STATEMENT = re.compile(r"^\s*assert\b", re.MULTILINE)


def _notebooks() -> list[Path]:
    found = sorted((ROOT / "notebooks").glob("*.ipynb"))
    found += sorted((ROOT / "exercises").rglob("*.ipynb"))
    return [p for p in found if ".ipynb_checkpoints" not in p.parts]


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _code_cells(nb: dict) -> list[str]:
    return [_source(c) for c in nb["cells"] if c["cell_type"] == "code"]


def _keeps_output(cell: dict) -> bool:
    lines = _source(cell).lstrip().splitlines()
    return bool(lines) and lines[0].strip() == CHECK_MARKER


def outputs_problem(nb: dict, name: str) -> str | None:
    """Rule 1: no outputs, execution counts or saved widget state."""
    dirty = [
        i
        for i, cell in enumerate(nb["cells"])
        if cell["cell_type"] == "code"
        and not _keeps_output(cell)
        and (cell.get("outputs") or cell.get("execution_count") is not None)
    ]
    if dirty:
        return (
            f"{name} is stored with outputs or execution counts in cells {dirty}, "
            f"but notebooks are kept without them (they change on every run and "
            f"bloat diffs). Run `{STRIP} {name}`. To keep a stable output for nbval "
            f"to compare, make '{CHECK_MARKER}' the cell's first line."
        )
    if "widgets" in nb.get("metadata", {}):
        return (
            f"{name} stores saved ipywidgets state in its metadata, but notebooks "
            f"are kept without it. Run `{STRIP} {name}`."
        )
    return None


def title_problem(nb: dict, name: str) -> str | None:
    """Rule 2: the first cell is a markdown title."""
    first = nb["cells"][0] if nb["cells"] else {"cell_type": "missing"}
    if first["cell_type"] == "markdown" and _source(first).lstrip().startswith("# "):
        return None
    return (
        f"{name} should open with a markdown cell whose first line is the title "
        f"('# 00 · Python dunders ...') followed by what the learner will be able "
        f"to do, but its first cell is a {first['cell_type']} cell starting "
        f"{_source(first)[:40]!r}. Add the title cell at the top."
    )


def seed_problem(nb: dict, name: str) -> str | None:
    """Rule 3: a notebook importing kitlib seeds it in that cell or the next."""
    code = _code_cells(nb)
    first = next((i for i, c in enumerate(code) if IMPORTS_KITLIB.search(c)), None)
    if first is None or "set_random_seed(" in "\n".join(code[first : first + 2]):
        return None
    return (
        f"{name} imports kitlib in code cell {first} but does not call "
        f"set_random_seed there or in the next code cell, so its numbers can change "
        f"from run to run. Add `from kitlib.utils import set_random_seed` and "
        f"`set_random_seed(0)` to the set-up cell."
    )


def self_check_problem(nb: dict, name: str) -> str | None:
    """Rule 4: the last code cell holds assert statements."""
    code = _code_cells(nb)
    last = code[-1] if code else ""
    if ASSERT_STATEMENT.search(last):
        return None
    return (
        f"{name} should end with a 'Check yourself' code cell of assert statements "
        f"over what it built, so nbval tests values and not just that it runs, but "
        f"its last code cell has no assert: {last[:60]!r}. Add the self-check as "
        f"the last code cell (markdown such as 'Go further' may follow it)."
    )


def kernelspec_problem(nb: dict, name: str) -> str | None:
    """Rule 5: the notebook names its kernel, so JupyterLab's Run All just works.

    Without ``metadata.kernelspec`` JupyterLab opens a "Select Kernel" dialog
    and Run All silently does nothing until the learner answers it.
    """
    if nb.get("metadata", {}).get("kernelspec", {}).get("name"):
        return None
    return (
        f"{name} has no metadata.kernelspec, so JupyterLab asks the learner to pick "
        "a kernel before anything runs. Add {'name': 'python3', 'display_name': "
        "'Python 3 (ipykernel)', 'language': 'python'} to the notebook metadata."
    )


RULES = [outputs_problem, title_problem, seed_problem, self_check_problem,
         kernelspec_problem]  # fmt: skip
NOTEBOOKS = _notebooks()


@pytest.mark.parametrize("rule", RULES, ids=[r.__name__ for r in RULES])
@pytest.mark.parametrize(
    "path", NOTEBOOKS, ids=[str(p.relative_to(ROOT)) for p in NOTEBOOKS]
)
def test_notebook_follows_house_rule(path, rule):
    nb = json.loads(path.read_text(encoding="utf-8"))
    problem = rule(nb, str(path.relative_to(ROOT)))
    assert problem is None, problem


# The rules themselves, on small hand-made notebooks.


def _nb(*cells: tuple[str, str], **metadata: object) -> dict:
    made = []
    for kind, source in cells:
        cell = {"cell_type": kind, "metadata": {}, "source": source}
        if kind == "code":
            cell.update(outputs=[], execution_count=None)
        made.append(cell)
    metadata.setdefault("kernelspec", {"name": "python3"})
    return {"cells": made, "metadata": dict(metadata)}


GOOD = _nb(
    ("markdown", "# 99 · Demo\nYou will learn X."),
    ("code", "from kitlib.utils import set_random_seed\n\nset_random_seed(0)"),
    ("code", "x = 1"),
    ("code", "assert x == 1"),
    ("markdown", "## Go further"),
)


def test_rules_accept_a_well_formed_notebook():
    assert [rule(GOOD, "demo.ipynb") for rule in RULES] == [None] * len(RULES)


def test_kernelspec_rule_explains_the_select_kernel_dialog():
    assert "pick a kernel" in kernelspec_problem(dict(GOOD, metadata={}), "x.ipynb")


def test_outputs_rule_names_dirty_cells_and_the_fix():
    nb = json.loads(json.dumps(GOOD))
    nb["cells"][2]["execution_count"] = 3
    problem = outputs_problem(nb, "demo.ipynb")
    assert "cells [2]" in problem and f"{STRIP} demo.ipynb" in problem
    nb["cells"][2]["source"] = "# NBVAL_CHECK_OUTPUT\nx = 1"
    nb["cells"][2]["outputs"] = [{"output_type": "stream", "text": "1"}]
    assert outputs_problem(nb, "demo.ipynb") is None
    assert "ipywidgets" in outputs_problem(_nb(widgets={"state": {}}), "w.ipynb")


def test_title_rule_wants_a_markdown_heading_first():
    problem = title_problem(_nb(("code", "x = 1")), "t.ipynb")
    assert "first cell is a code cell starting 'x = 1'" in problem
    assert title_problem(_nb(("markdown", "Intro")), "t.ipynb") is not None
    assert "missing" in title_problem(_nb(), "t.ipynb")


def test_seed_rule_only_applies_when_kitlib_is_imported():
    assert seed_problem(_nb(("code", "import numpy as np")), "s.ipynb") is None
    late = _nb(("code", "import kitlib"), ("code", "y = 2"), ("code", "seed"))
    assert "code cell 0" in seed_problem(late, "s.ipynb")
    nxt = _nb(("code", "import kitlib"), ("code", "kitlib.utils.set_random_seed(1)"))
    assert seed_problem(nxt, "s.ipynb") is None


def test_self_check_rule_looks_at_the_last_code_cell():
    no_assert = _nb(("code", "assert True"), ("code", "print('done')"))
    assert "last code cell has no assert" in self_check_problem(no_assert, "c.ipynb")
    # A word containing 'assert' is not an assert statement.
    assert self_check_problem(_nb(("code", "reassert = 1")), "c.ipynb") is not None
