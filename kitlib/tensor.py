"""Eager tensors: a NumPy array with operators that go through ``kitlib.ops``.

Notebook: ``notebooks/01_tensors_and_graphs.ipynb``.

A :class:`Tensor` holds a value right now (unlike a symbolic ``KerasTensor``,
which only knows its shape). Every operator (``+``, ``@``, ``x[0]``...) calls the
matching op, so a ``GradientTape`` sees it. A :class:`Variable` is a named,
mutable tensor: layers keep their weights in Variables.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kitlib.utils import naming
from kitlib.utils.dtypes import floatx, is_float, standardize_dtype
from kitlib.utils.errors import fmt_shape


def _ops() -> Any:
    # NOTE: the one late import of the package. ops sits *above* tensor (ops
    # build Tensors), yet ``x + y`` on a Tensor must reach ``ops.add``.
    from kitlib import ops

    return ops


class TensorOperators:
    """Python operators shared by eager ``Tensor`` and symbolic ``KerasTensor``.

    Each dunder forwards to a public op, so the same expression works on both.
    """

    __array_priority__ = 100  # so ndarray + Tensor calls Tensor.__radd__

    def __add__(self, other: Any) -> Any:
        return _ops().add(self, other)

    def __radd__(self, other: Any) -> Any:
        return _ops().add(other, self)

    def __sub__(self, other: Any) -> Any:
        return _ops().subtract(self, other)

    def __rsub__(self, other: Any) -> Any:
        return _ops().subtract(other, self)

    def __mul__(self, other: Any) -> Any:
        return _ops().multiply(self, other)

    def __rmul__(self, other: Any) -> Any:
        return _ops().multiply(other, self)

    def __truediv__(self, other: Any) -> Any:
        return _ops().divide(self, other)

    def __rtruediv__(self, other: Any) -> Any:
        return _ops().divide(other, self)

    def __matmul__(self, other: Any) -> Any:
        return _ops().matmul(self, other)

    def __rmatmul__(self, other: Any) -> Any:
        return _ops().matmul(other, self)

    def __pow__(self, other: Any) -> Any:
        return _ops().power(self, other)

    def __rpow__(self, other: Any) -> Any:
        return _ops().power(other, self)

    def __neg__(self) -> Any:
        return _ops().negative(self)

    def __pos__(self) -> Any:
        return self

    def __abs__(self) -> Any:
        return _ops().abs(self)

    def __getitem__(self, key: Any) -> Any:
        return _ops().get_item(self, key)

    def __lt__(self, other: Any) -> Any:
        return _ops().less(self, other)

    def __le__(self, other: Any) -> Any:
        return _ops().less_equal(self, other)

    def __gt__(self, other: Any) -> Any:
        return _ops().greater(self, other)

    def __ge__(self, other: Any) -> Any:
        return _ops().greater_equal(self, other)

    @property
    def T(self) -> Any:  # noqa: N802 - NumPy's name
        """The transpose (reverses all axes)."""
        return _ops().transpose(self)


def to_array(value: Any, dtype: Any = None) -> np.ndarray:
    """Return ``value`` as a NumPy array; Python floats become ``floatx()``.

    Tensors give their array back (cast when ``dtype`` differs). Python and
    float64 NumPy scalars/lists become float32 unless ``dtype`` says otherwise,
    as in Keras, so a learner never gets float64 by accident.
    """
    if isinstance(value, Tensor):
        value = value.value
    if dtype is not None:
        return np.asarray(value, dtype=standardize_dtype(dtype))
    array = np.asarray(value)
    if array.dtype == np.float64 and not isinstance(value, np.ndarray):
        return array.astype(floatx())
    if array.dtype.kind in "OUS":
        raise TypeError(
            f"Expected a number, array or tensor, but received {type(value).__name__} "
            f"(dtype {array.dtype}). Convert it to numbers first, e.g. np.asarray(...)."
        )
    return array


class Tensor(TensorOperators):
    """An eager, NumPy-backed tensor.

    Args:
        value: array-like contents.
        dtype: optional dtype; Python floats default to ``float32``.

    Example:
        >>> t = Tensor([[1.0, 2.0]])
        >>> (t * 2).numpy().tolist()
        [[2.0, 4.0]]
        >>> t.shape, t.dtype
        ((1, 2), 'float32')
    """

    __hash__ = object.__hash__  # identity: tensors key dicts in the tape

    def __init__(self, value: Any, dtype: Any = None) -> None:
        self.value = to_array(value, dtype)

    @property
    def shape(self) -> tuple[int, ...]:
        """The static shape, as a tuple of ints."""
        return tuple(self.value.shape)

    @property
    def dtype(self) -> str:
        """The dtype name, e.g. ``"float32"``."""
        return standardize_dtype(self.value.dtype)

    @property
    def ndim(self) -> int:
        """Number of axes."""
        return self.value.ndim

    @property
    def size(self) -> int:
        """Number of elements."""
        return self.value.size

    def numpy(self) -> np.ndarray:
        """The value as a NumPy array (shared, not copied: do not write to it)."""
        return self.value

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        return self.value if dtype is None else self.value.astype(dtype)

    def __len__(self) -> int:
        if self.ndim == 0:
            raise TypeError("len() of a 0-d tensor (a scalar) is undefined.")
        return self.value.shape[0]

    def __float__(self) -> float:
        return float(self.value)

    def __int__(self) -> int:
        return int(self.value)

    def __bool__(self) -> bool:
        if self.size != 1:
            raise ValueError(
                f"The truth value of a tensor of shape {fmt_shape(self.shape)} is "
                "ambiguous. Use ops.any(t) or ops.all(t) to reduce it first."
            )
        return bool(self.value)

    def __eq__(self, other: Any) -> Any:  # type: ignore[override]
        return _ops().equal(self, other)

    def __ne__(self, other: Any) -> Any:  # type: ignore[override]
        return _ops().not_equal(self, other)

    def __repr__(self) -> str:
        body = np.array2string(self.value, precision=4, threshold=20, separator=", ")
        return (
            f"<{type(self).__name__} shape={fmt_shape(self.shape)} "
            f"dtype={self.dtype} numpy=\n{body}>"
        )


class Variable(Tensor):
    """A named, mutable tensor: the storage of a layer's weights.

    Trainable variables are watched by ``GradientTape`` automatically.
    ``assign`` replaces the stored array (after a shape check), so values a
    tape saved earlier are never changed behind its back.

    Args:
        value: initial value.
        name: a name (auto-generated ``variable``, ``variable_1``... if None).
        trainable: whether optimizers update it and tapes watch it.
        dtype: optional dtype.
        constraint: optional callable applied after each optimizer update.

    Example:
        >>> v = Variable([1.0, 2.0], name="w")
        >>> v.assign_add([0.5, 0.5]).numpy().tolist()
        [1.5, 2.5]
    """

    def __init__(
        self,
        value: Any,
        name: str | None = None,
        trainable: bool = True,
        dtype: Any = None,
        constraint: Any = None,
    ) -> None:
        array = to_array(value, dtype)
        if is_float(array.dtype) and dtype is None:
            array = array.astype(floatx())
        super().__init__(array.copy())
        self.name = name or naming.auto_name("variable")
        self.path = self.name  # layers set "layer_name/weight_name"
        self.trainable = trainable
        self.constraint = constraint
        self.regularizer = None
        self.initializer = None

    def assign(self, value: Any) -> Variable:
        """Set a new value of the same shape; returns the variable."""
        array = to_array(value, self.dtype)
        if array.shape != self.value.shape:
            raise ValueError(
                f"Variable '{self.name}' has shape {fmt_shape(self.shape)}, but "
                f"assign() received a value of shape {fmt_shape(array.shape)}. A "
                "variable's shape is fixed when it is created; assign a value of "
                "the same shape."
            )
        self.value = array.copy() if array is value else array
        return self

    def assign_add(self, delta: Any) -> Variable:
        """``v.assign(v + delta)``, without recording on a tape."""
        return self.assign(self.value + self._delta(delta, "assign_add"))

    def assign_sub(self, delta: Any) -> Variable:
        """``v.assign(v - delta)``, without recording on a tape."""
        return self.assign(self.value - self._delta(delta, "assign_sub"))

    def _delta(self, delta: Any, method: str) -> np.ndarray:
        # Check before the arithmetic: NumPy would otherwise either fail with
        # its own message or broadcast the variable up to a bigger shape.
        array = to_array(delta, self.dtype)
        try:
            fits = np.broadcast_shapes(array.shape, self.shape) == self.shape
        except ValueError:
            fits = False
        if not fits:
            raise ValueError(
                f"Variable '{self.name}' has shape {fmt_shape(self.shape)}, but "
                f"{method}() received a value of shape {fmt_shape(array.shape)}. "
                "The change must have the variable's shape (or broadcast to it)."
            )
        return array

    def __repr__(self) -> str:
        body = np.array2string(self.value, precision=4, threshold=20, separator=", ")
        return (
            f"<Variable '{self.name}' shape={fmt_shape(self.shape)} "
            f"dtype={self.dtype} trainable={self.trainable} numpy=\n{body}>"
        )


def convert_to_tensor(value: Any, dtype: Any = None) -> Tensor:
    """Return ``value`` as a :class:`Tensor` (a Tensor of the right dtype is returned as is).

    Example:
        >>> convert_to_tensor([1, 2]).dtype
        'int64'
    """
    if isinstance(value, Tensor) and (dtype is None or value.dtype == dtype):
        return value
    return Tensor(value, dtype)
