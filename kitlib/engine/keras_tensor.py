"""Symbolic tensors: a shape and a dtype, no values, plus where they came from.

Notebook: ``notebooks/01_tensors_and_graphs.ipynb``.

A ``KerasTensor`` is a reserved seat: it says what *will* flow through the graph
(shape, dtype) without holding numbers. Its ``_keras_history`` names the
operation that made it, which of that operation's calls (node) and which of
that call's outputs, so a model can walk back from outputs to inputs.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from kitlib.tensor import TensorOperators
from kitlib.utils.dtypes import standardize_dtype
from kitlib.utils.errors import fmt_shape
from kitlib.utils.nest import map_structure


class KerasHistory(NamedTuple):
    """``(operation, node_index, tensor_index)``: who made a tensor, in which call."""

    operation: Any
    node_index: int
    tensor_index: int

    @property
    def layer(self) -> Any:
        """Keras 2 name of ``operation``."""
        return self.operation


class KerasTensor(TensorOperators):
    """A symbolic tensor: shape (``None`` for unknown dims) and dtype only.

    Args:
        shape: tuple of ints or ``None``.
        dtype: dtype name, default ``"float32"``.
        name: optional name, for display.

    Example:
        >>> t = KerasTensor((None, 5))
        >>> t.shape, t.ndim
        ((None, 5), 2)
    """

    def __init__(self, shape: Any, dtype: Any = "float32", name: str | None = None):
        self.shape = tuple(None if d is None else int(d) for d in shape)
        self.dtype = standardize_dtype(dtype)
        self.name = name
        self._keras_history: KerasHistory | None = None

    @property
    def ndim(self) -> int:
        """Number of axes."""
        return len(self.shape)

    def _no_value(self, what: str) -> TypeError:
        return TypeError(
            f"{what} needs actual numbers, but {self!r} is symbolic: it only "
            "records a shape and a dtype while the model graph is being built. Use "
            "kitlib.ops functions (they accept symbolic tensors), or wrap NumPy code "
            "in a Layer that defines compute_output_shape()."
        )

    def numpy(self) -> Any:
        """Always raises: a symbolic tensor has no value."""
        raise self._no_value("numpy()")

    def __array__(self, dtype: Any = None, copy: Any = None) -> Any:
        raise self._no_value("Converting to a NumPy array")

    def __bool__(self) -> bool:
        raise self._no_value("A Python `if`/`bool()` on a tensor")

    def __float__(self) -> float:
        raise self._no_value("float()")

    def __int__(self) -> int:
        raise self._no_value("int()")

    def __len__(self) -> int:
        if self.shape and self.shape[0] is not None:
            return self.shape[0]
        raise self._no_value("len() of an unknown (batch) dimension")

    def __iter__(self) -> Any:
        raise self._no_value("Iterating")

    def __repr__(self) -> str:
        name = f", name={self.name}" if self.name else ""
        return f"<KerasTensor shape={fmt_shape(self.shape)}, dtype={self.dtype}{name}>"


def is_keras_tensor(value: Any) -> bool:
    """Whether ``value`` is a symbolic ``KerasTensor``."""
    return isinstance(value, KerasTensor)


def shapes_of(structure: Any) -> Any:
    """The shape of every tensor in ``structure`` (same list/dict layout)."""
    return map_structure(
        lambda t: tuple(t.shape) if hasattr(t, "shape") else t, structure
    )


def specs_from_shapes(shapes: Any, dtype: str) -> Any:
    """KerasTensors for a shape, or a list of shapes (the inverse of ``shapes_of``)."""
    if isinstance(shapes, tuple) and all(
        d is None or isinstance(d, int) for d in shapes
    ):
        return KerasTensor(shapes, dtype)
    return [specs_from_shapes(s, dtype) for s in shapes]


def fresh_copy(value: Any) -> Any:
    """A new KerasTensor when the call returned one that already has a history."""
    if isinstance(value, KerasTensor) and value._keras_history is not None:
        return KerasTensor(value.shape, value.dtype)
    return value
