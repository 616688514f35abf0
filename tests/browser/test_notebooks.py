"""Every notebook runs top to bottom in JupyterLab, and every widget in it renders.

nbval proves the kernel side; this proves what the learner sees: Run All in a
real JupyterLab in Chromium, then no error output, no cell left unrun, no widget
stuck on a placeholder or "Error displaying widget", and no exception raised in
a widget callback. The list of notebooks is read when the tests are collected,
so a notebook added to ``notebooks/`` (or ``exercises/``) is tested with no edit.
"""

from __future__ import annotations

import pytest

from tests.browser._lab import ROOT

pytestmark = pytest.mark.browser

NOTEBOOKS = sorted(
    str(path.relative_to(ROOT)) for path in (ROOT / "notebooks").glob("*.ipynb")
)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.split("/")[-1])
def test_notebook_runs_clean_in_jupyterlab(lab, path):
    _, result = lab.run(path)
    problems = "\n".join(f"  - {p}" for p in result.problems)
    assert not result.problems, f"{path} in JupyterLab:\n{problems}"
