"""``InputSpec``: what a layer accepts, and the one check that explains a mismatch.

Notebook: ``notebooks/03_shapes_and_input_spec.ipynb``.
"""

from __future__ import annotations

from typing import Any

from kitlib.utils.errors import fmt_shape
from kitlib.utils.nest import flatten


class InputSpec:
    """Constraints on the rank, dtype and some axis sizes of a layer's input.

    Args:
        ndim: exact number of axes expected.
        min_ndim: minimum number of axes.
        max_ndim: maximum number of axes.
        axes: ``{axis: size}`` fixed sizes, e.g. ``{-1: 3}`` after Dense is built.
        dtype: expected dtype name.
        shape: full expected shape (``None`` for free dims).

    Example:
        >>> InputSpec(min_ndim=2, axes={-1: 3})
        InputSpec(min_ndim=2, axes={-1: 3})
    """

    def __init__(
        self,
        ndim: int | None = None,
        min_ndim: int | None = None,
        max_ndim: int | None = None,
        axes: dict[int, int] | None = None,
        dtype: str | None = None,
        shape: tuple | None = None,
    ) -> None:
        self.ndim = len(shape) if shape is not None else ndim
        self.min_ndim = min_ndim
        self.max_ndim = max_ndim
        self.axes = dict(axes or {})
        self.dtype = dtype
        self.shape = tuple(shape) if shape is not None else None

    def __repr__(self) -> str:
        parts = [
            f"{key}={value!r}"
            for key, value in vars(self).items()
            if value not in (None, {})
        ]
        return f"InputSpec({', '.join(parts)})"


def _features_hint(layer: Any, axis: int, expected: int, shape: tuple) -> str:
    if not layer.built:
        return (
            f"Input of layer '{layer.name}' ({type(layer).__name__}) must have size "
            f"{expected} on axis {axis}, but received shape {fmt_shape(shape)}. Check "
            "the shape of the data or of the layer before this one."
        )
    kernel = next((w for w in layer.weights if w.name.endswith("kernel")), None)
    built_for = (
        f" (kernel shape {fmt_shape(kernel.shape)})" if kernel is not None else ""
    )
    kind = type(layer).__name__
    return (
        f"Layer '{layer.name}' ({kind}) was built for inputs with {expected} features "
        f"on axis {axis}{built_for}, but it was called on an input of shape "
        f"{fmt_shape(shape)}. A layer creates its weights once, on its first call. "
        f"Pass inputs with {expected} features, or create a new {kind} layer for "
        f"{shape[axis]}-feature inputs."
    )


def _check_one(layer: Any, spec: InputSpec, shape: tuple, dtype: str, index: int):
    who = f"Input {index} of layer '{layer.name}' ({type(layer).__name__})"
    ndim = len(shape)
    if spec.ndim is not None and ndim != spec.ndim:
        raise ValueError(
            f"{who} expects a tensor with {spec.ndim} axes (ndim={spec.ndim}), but "
            f"received shape {fmt_shape(shape)} with {ndim} axes. "
            f"{_rank_hint(ndim, spec.ndim)}"
        )
    if spec.min_ndim is not None and ndim < spec.min_ndim:
        raise ValueError(
            f"{who} expects at least {spec.min_ndim} axes (min_ndim={spec.min_ndim}), "
            f"but received shape {fmt_shape(shape)}. Remember the batch axis: one "
            f"sample of shape {fmt_shape(shape)} is passed as shape "
            f"{fmt_shape((1, *shape))}, e.g. x[None] or x.reshape(1, -1)."
        )
    if spec.max_ndim is not None and ndim > spec.max_ndim:
        raise ValueError(
            f"{who} expects at most {spec.max_ndim} axes, but received shape "
            f"{fmt_shape(shape)}. Flatten or reshape the input first."
        )
    if spec.dtype is not None and dtype is not None and dtype != spec.dtype:
        raise ValueError(
            f"{who} expects dtype {spec.dtype}, but received {dtype}. Cast it with "
            f"ops.cast(x, '{spec.dtype}')."
        )
    for axis, expected in spec.axes.items():
        if -ndim <= axis < ndim and shape[axis] not in (None, expected):
            raise ValueError(_features_hint(layer, axis, expected, shape))
    if spec.shape is not None:
        for got, want in zip(shape, spec.shape, strict=False):
            if want is not None and got is not None and got != want:
                raise ValueError(
                    f"{who} expects shape {fmt_shape(spec.shape)}, but received "
                    f"{fmt_shape(shape)}. {_shape_hint(spec.shape, shape)}"
                )


def _rank_hint(received: int, expected: int) -> str:
    """The usual fix for a rank mismatch."""
    if received == expected - 1:
        return (
            "One axis is missing, usually the last one: images need a channel axis "
            "(28, 28) -> (28, 28, 1) and sequences a feature axis; add it with "
            "x[..., None] or Reshape()."
        )
    return "Reshape the input or check the layer before this one (Flatten, Reshape)."


def _shape_hint(expected: tuple, received: tuple) -> str:
    """Why a fixed shape did not match: the batch axis, or the sample's own shape."""
    if expected[0] is not None and received[0] != expected[0]:
        return (
            f"The batch size was fixed to {expected[0]} when the graph was drawn "
            "(Input(..., batch_size=...)); leave it None to accept any batch size."
        )
    return (
        f"Each sample must have shape {fmt_shape(expected[1:])}, but these have "
        f"{fmt_shape(received[1:])}: check the data, or the Input(shape=...) the "
        "model was built with."
    )


def assert_input_compatibility(layer: Any, inputs: Any) -> None:
    """Raise a learner-facing ``ValueError`` if ``inputs`` break ``layer.input_spec``.

    Raises:
        ValueError: naming the layer, the expectation, what came, and a fix.
    """
    specs = layer.input_spec
    if specs is None:
        return
    if isinstance(specs, InputSpec) and hasattr(inputs, "shape"):
        # the common case, one spec and one tensor: no structures to walk
        _check_one(layer, specs, tuple(inputs.shape), getattr(inputs, "dtype", None), 0)
        return
    if isinstance(inputs, dict):
        if not isinstance(specs, dict):
            return  # inputs matched by name: the model checks them when it runs
        # Compare by key, not by the caller's dict order; a missing key is
        # reported by the model, with the expected keys.
        inputs = [inputs.get(key) for key in specs]
    specs = flatten(specs)
    tensors = flatten(inputs)
    if len(specs) != len(tensors):
        raise ValueError(
            f"Layer '{layer.name}' ({type(layer).__name__}) expects {len(specs)} "
            f"input(s), but it was called on {len(tensors)}. Pass a list of "
            f"{len(specs)} tensors."
        )
    for index, (spec, tensor) in enumerate(zip(specs, tensors, strict=True)):
        if spec is not None and tensor is not None:
            shape = tuple(getattr(tensor, "shape", ()))
            _check_one(layer, spec, shape, getattr(tensor, "dtype", None), index)
