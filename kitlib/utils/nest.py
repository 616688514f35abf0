"""Flatten and map the only structures kitlib needs: tensors, lists, tuples, dicts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def _is_container(value: Any) -> bool:
    return isinstance(value, list | tuple | dict) and not hasattr(value, "_fields")


def flatten(structure: Any) -> list[Any]:
    """All leaves of ``structure`` in a stable order (dicts in insertion order).

    Example:
        >>> flatten([1, {"a": 2, "b": (3, 4)}])
        [1, 2, 3, 4]
    """
    leaves: list[Any] = []
    _flatten_into(structure, leaves)
    return leaves


def _flatten_into(structure: Any, leaves: list[Any]) -> None:
    # NOTE: one list, filled in place, and a leaf costs no function call: layers
    # flatten their attributes many times per training step to find weights.
    if not _is_container(structure):
        leaves.append(structure)
        return
    for value in structure.values() if isinstance(structure, dict) else structure:
        if isinstance(value, list | tuple | dict) and _is_container(value):
            _flatten_into(value, leaves)
        else:
            leaves.append(value)


def map_structure(fn: Callable[[Any], Any], structure: Any) -> Any:
    """Apply ``fn`` to each leaf, keeping the list/tuple/dict shape.

    Example:
        >>> map_structure(lambda x: x * 10, {"a": [1, 2]})
        {'a': [10, 20]}
    """
    if isinstance(structure, dict):
        return {key: map_structure(fn, value) for key, value in structure.items()}
    if _is_container(structure):
        mapped = [map_structure(fn, value) for value in structure]
        return mapped if isinstance(structure, list) else tuple(mapped)
    return fn(structure)


def pack_like(structure: Any, flat: list[Any]) -> Any:
    """Inverse of :func:`flatten`: put ``flat`` leaves back into ``structure``'s shape."""
    leaves = iter(flat)
    return map_structure(lambda _: next(leaves), structure)
