"""The package's shape, checked: import directions and size budgets (docs/ARCHITECTURE.md)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "kitlib"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
# Modules allowed to be longer, each with its reason.
LONG_MODULE_ALLOWLIST: dict[str, str] = {}


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def _rel(path: Path) -> str:
    return path.relative_to(PACKAGE.parent).as_posix()


@pytest.mark.parametrize("path", _modules(), ids=_rel)
def test_import_direction(path: Path) -> None:
    rel = _rel(path)
    imports = _imports(path)
    if rel.startswith("kitlib/kernels/"):
        bad = [
            name
            for name in imports
            if name.startswith("kitlib") and not name.startswith("kitlib.kernels")
        ]
        assert not bad, f"{rel}: kernels may import only sibling kernels, found {bad}"
        climbs = [
            node.lineno
            for node in ast.walk(ast.parse(path.read_text()))
            if isinstance(node, ast.ImportFrom) and node.level > 1
        ]
        assert not climbs, f"{rel}:{climbs}: kernels must not import from ../ (kitlib)"
    if not rel.startswith(("kitlib/ops/", "kitlib/kernels/", "kitlib/warmup.py")):
        bad = [name for name in imports if name.startswith("kitlib.kernels")]
        assert not bad, f"{rel}: only kitlib/ops may import kitlib.kernels, found {bad}"
    if not rel.startswith(("kitlib/widgets/", "kitlib/grading/")):
        bad = [n for n in imports if n.startswith(("kitlib.widgets", "kitlib.grading"))]
        assert not bad, f"{rel}: library code must not import widgets/grading: {bad}"


@pytest.mark.parametrize("path", _modules(), ids=_rel)
def test_module_and_function_sizes(path: Path) -> None:
    rel = _rel(path)
    lines = path.read_text().count("\n")
    if rel not in LONG_MODULE_ALLOWLIST:
        assert lines <= MAX_MODULE_LINES, (
            f"{rel} has {lines} lines (budget {MAX_MODULE_LINES}). Split it by concept, "
            "or add it to LONG_MODULE_ALLOWLIST with a reason."
        )
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = node.end_lineno - node.lineno + 1
            assert length <= MAX_FUNCTION_LINES, (
                f"{rel}:{node.lineno} {node.name}() has {length} lines "
                f"(budget {MAX_FUNCTION_LINES}); split it into named steps."
            )


def test_no_assert_for_user_input_in_library() -> None:
    offenders = [
        f"{_rel(p)}:{n.lineno}"
        for p in _modules()
        if "/testing/" not in p.as_posix()
        for n in ast.walk(ast.parse(p.read_text()))
        if isinstance(n, ast.Assert)
    ]
    assert not offenders, (
        f"use real exceptions, not assert, in library code: {offenders}"
    )


NOTEBOOK_REFERENCE = re.compile(r"notebooks/[0-9]{2}_[a-z0-9_]+\.ipynb")


@pytest.mark.parametrize("path", _modules(), ids=_rel)
def test_module_docstring_names_an_existing_notebook(path: Path) -> None:
    """One concept, one module, one notebook: the link must lead somewhere."""
    for reference in NOTEBOOK_REFERENCE.findall(path.read_text()):
        assert (PACKAGE.parent / reference).exists(), (
            f"{_rel(path)} points learners to {reference}, which does not exist. "
            "Fix the name (see `ls notebooks`)."
        )
