"""Helpers shared by the kernel-backed ops: array preparation and conv/pool geometry.

Notebook: ``notebooks/12_numba_kernels.ipynb``.

Numba compiles one version of a kernel per combination of argument types
(dtype, number of axes, memory layout). ``as_float`` hands every kernel
C-contiguous float32 or float64 arrays, so the versions compiled (and cached)
by ``python -m kitlib.warmup`` are the ones actually used.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numba.core.dispatcher import Dispatcher

from kitlib.kernels import (
    activations,
    batchnorm,
    bias_activation,
    conv,
    dropout,
    embedding,
    optimizers,
    pooling,
    softmax_xent,
)
from kitlib.ops._op import Op, Shape
from kitlib.utils.dtypes import result_dtype
from kitlib.utils.errors import fmt_shape
from kitlib.utils.naming import to_snake_case

KERNEL_FLOATS = ("float32", "float64")
_KERNEL_MODULES = (
    activations,
    bias_activation,
    conv,
    pooling,
    batchnorm,
    softmax_xent,
    dropout,
    embedding,
    optimizers,
)


class _KernelOp(Op):
    """Base of the nn ops: their ValueErrors already name the op and the fix."""

    def _explain(self, error: Exception, shapes: list) -> str:
        # NOTE: Op._explain adds a broadcasting hint, which would mislead here:
        # these ops do not broadcast and word their own messages ("ops.conv2d
        # expects ..."). Anything else still gets the op's name and the shapes.
        message = str(error)
        if message.startswith("ops."):
            return message
        name = to_snake_case(type(self).__name__)
        shown = ", ".join(fmt_shape(s) for s in shapes)
        return f"ops.{name} failed on inputs of shapes [{shown}]: {message}"


def float_dtype(*dtypes: Any) -> str:
    """The kernel dtype for inputs of ``dtypes``: float64 only if all floats are."""
    name = result_dtype(*dtypes)
    return name if name in KERNEL_FLOATS else "float32"


def as_float(array: Any, dtype: Any = None) -> np.ndarray:
    """``array`` as a C-contiguous float32/float64 array (no copy if it is one)."""
    array = np.asarray(array)
    dtype = float_dtype(array.dtype) if dtype is None else dtype
    return np.ascontiguousarray(array, dtype=dtype)


def as_index(array: Any, who: str, what: str) -> np.ndarray:
    """Integer labels/indices as C-contiguous int64; whole-valued floats are accepted.

    Raises:
        ValueError: for floats with a fractional part (e.g. probabilities).
    """
    array = np.asarray(array)
    if array.dtype.kind == "f":
        if not np.all(np.isfinite(array)) or np.any(array != np.round(array)):
            raise ValueError(
                f"{who} expects integer {what}, but received float values that "
                "are not whole numbers. Pass class numbers such as [0, 3, 1] "
                "(e.g. y.argmax(-1) for one-hot rows)."
            )
    elif array.dtype.kind not in "iub":
        raise TypeError(
            f"{who} expects integer {what}, but received dtype {array.dtype}."
        )
    return np.ascontiguousarray(array, dtype=np.int64)


def check_index_range(indices: np.ndarray, limit: int, who: str, what: str) -> None:
    """Raise if an index is outside ``[0, limit)`` (the kernels do not check bounds)."""
    if indices.size and (indices.min() < 0 or indices.max() >= limit):
        bad = indices[(indices < 0) | (indices >= limit)].flat[0]
        raise ValueError(
            f"{who} expects {what} in [0, {limit}), but received {int(bad)}. "
            f"{what.capitalize()} count from 0, so the largest allowed is "
            f"{limit - 1}."
        )


def normalize_tuple(value: Any, who: str, name: str, length: int = 2) -> tuple:
    """``3`` -> ``(3, 3)``; checks a tuple/list has ``length`` positive ints."""
    values = (value,) * length if isinstance(value, int | np.integer) else value
    try:
        values = tuple(int(v) for v in values)
        ok = len(values) == length and all(v >= 1 for v in values)
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise ValueError(
            f"{who} expects {name} to be a positive int or a tuple of {length} "
            f"positive ints, but received {value!r}. For example {name}=2 or "
            f"{name}=({', '.join(['2'] * length)})."
        )
    return values


def normalize_padding(padding: Any, who: str) -> str:
    """``"valid"`` or ``"same"`` (case-insensitive), else a ValueError."""
    if isinstance(padding, str) and padding.lower() in ("valid", "same"):
        return padding.lower()
    raise ValueError(
        f"{who} expects padding='valid' or padding='same', but received "
        f"{padding!r}. 'valid' uses no padding (the output shrinks); 'same' pads "
        "with zeros so that output size = ceil(input size / stride)."
    )


def axis_geometry(
    size: int | None, window: int, stride: int, dilation: int, padding: str
) -> tuple[int | None, int, int]:
    """``(output size, pad before, pad after)`` along one spatial axis.

    ``window`` is the kernel/pool size; a dilated window spans
    ``(window - 1) * dilation + 1`` pixels. ``"same"`` pads the total
    ``(out - 1) * stride + span - size`` zeros, the extra one (for even spans)
    after, as TensorFlow does. Unknown ``size`` (None) gives ``(None, 0, 0)``.

    Example:
        >>> axis_geometry(5, 4, 1, 1, "same")
        (5, 1, 2)
    """
    if size is None:
        return None, 0, 0
    span = (window - 1) * dilation + 1
    if padding == "valid":
        return (size - span) // stride + 1 if size >= span else 0, 0, 0
    out = -(-size // stride)  # ceil(size / stride)
    total = max((out - 1) * stride + span - size, 0)
    return out, total // 2, total - total // 2


def spatial_plan(
    who: str,
    x_shape: Shape,
    window: tuple,
    strides: tuple,
    dilation: tuple,
    padding: str,
) -> tuple[tuple[int | None, int | None], tuple[int, int, int, int]]:
    """Output ``(H_out, W_out)`` and pads ``(top, bottom, left, right)``.

    Raises:
        ValueError: for a non-4-D input, or a ``"valid"`` window larger than
            the image (which would leave no output at all).
    """
    if len(x_shape) != 4:
        raise ValueError(
            f"{who} expects a 4-D input (batch, height, width, channels), but "
            f"received shape {fmt_shape(x_shape)}. Add a batch axis with "
            "x[None] or a channels axis with x[..., None]."
        )
    out_h, top, bottom = axis_geometry(
        x_shape[1], window[0], strides[0], dilation[0], padding
    )
    out_w, left, right = axis_geometry(
        x_shape[2], window[1], strides[1], dilation[1], padding
    )
    if out_h == 0 or out_w == 0:
        span = tuple((k - 1) * d + 1 for k, d in zip(window, dilation, strict=True))
        raise ValueError(
            f"{who} with padding='valid' needs an image at least as large as its "
            f"window, but the image is {x_shape[1]}x{x_shape[2]} and the window "
            f"spans {span[0]}x{span[1]}. Use padding='same', a smaller window, "
            "or a larger input."
        )
    return (out_h, out_w), (top, bottom, left, right)


def kernel_dispatchers() -> dict[str, Any]:
    """Every public Numba kernel, as ``{"module.function": dispatcher}``.

    Used by ``python -m kitlib.warmup`` to report what was compiled, and by
    notebooks to show the signatures each kernel was compiled for. Empty when
    ``NUMBA_DISABLE_JIT=1`` (the kernels are plain Python functions then).
    """
    found = {}
    for module in _KERNEL_MODULES:
        short = module.__name__.rsplit(".", 1)[-1]
        for name, value in vars(module).items():
            if isinstance(value, Dispatcher) and not name.startswith("_"):
                found[f"{short}.{name}"] = value
    return found
