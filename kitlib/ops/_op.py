"""The ``Op`` record: forward on arrays + VJP + shape rule, in one class.

Notebook: ``notebooks/08_gradient_tape.ipynb``.

Every differentiable function in ``kitlib.ops`` is an ``Op`` subclass plus a
lowercase wrapper (``add(x, y)`` -> ``Add()(x, y)``). An op defines three
things side by side:

* ``forward(*arrays) -> (output_array, ctx)``: the eager rule on NumPy arrays;
  ``ctx`` is whatever the backward pass needs (inputs, masks, indices...).
* ``backward(ctx, grad) -> tuple``: the vector-Jacobian product, one gradient
  per input (``None`` for inputs that have no gradient, e.g. integer indices).
* ``shape_rule(*shapes) -> shape``: the output shape for symbolic inputs, with
  ``None`` for unknown dimensions. ``dtype_rule`` picks the output dtype.

``Op.call`` runs eagerly and records on active ``GradientTape``s;
``Operation.__call__`` sends KerasTensors to ``compute_output_spec`` instead,
which builds a graph Node from the shape rule without computing anything.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from kitlib import autodiff
from kitlib.engine.keras_tensor import KerasTensor
from kitlib.engine.operation import Operation
from kitlib.tensor import Tensor, to_array
from kitlib.utils.dtypes import is_float, result_dtype
from kitlib.utils.errors import fmt_shape
from kitlib.utils.naming import to_snake_case

Shape = tuple[int | None, ...]

#: Every Op subclass by snake-case name; the gradient tests iterate over it.
OP_REGISTRY: dict[str, type[Op]] = {}


class Op(Operation):
    """Base class of every op: see the module docstring for the contract.

    Subclasses set ``differentiable = False`` when they have no gradient
    (comparisons, argmax); every other op must have a gradient-check case in
    ``tests/ops/test_gradients.py`` (a meta-test enforces it).
    """

    differentiable: ClassVar[bool] = True
    #: Set by ``GradientTape`` just before ``backward``: one bool per input, True
    #: where a gradient is wanted (PyTorch's ``ctx.needs_input_grad``). An op may
    #: return None for the others instead of computing them; None means "all".
    needs_input_grad: tuple[bool, ...] | None = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not cls.__name__.startswith("_"):
            OP_REGISTRY[to_snake_case(cls.__name__)] = cls

    # --- the three rules an op defines -------------------------------------
    def forward(self, *arrays: np.ndarray) -> tuple[np.ndarray, Any]:
        """Compute the output array and the context backward() needs."""
        raise NotImplementedError(f"{type(self).__name__} must implement forward().")

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple[Any, ...]:
        """Return one gradient per input, given the output's gradient."""
        raise NotImplementedError(
            f"{type(self).__name__} has no gradient (backward() not implemented)."
        )

    def wants_grad(self, index: int) -> bool:
        """Whether ``backward`` must compute the gradient of input ``index``."""
        return self.needs_input_grad is None or self.needs_input_grad[index]

    def shape_rule(self, *shapes: Shape) -> Shape:
        """Output shape for symbolic inputs (``None`` = unknown dimension)."""
        raise NotImplementedError(f"{type(self).__name__} must implement shape_rule().")

    def dtype_rule(self, *dtypes: str) -> str:
        """Output dtype; by default the common type of the inputs."""
        return result_dtype(*dtypes)

    # --- eager and symbolic execution ---------------------------------------
    def call(self, *inputs: Any) -> Tensor:
        """Run eagerly on Tensors/arrays/numbers and record on active tapes."""
        tensors = convert_inputs(inputs)
        arrays = [t.value for t in tensors]
        try:
            output, ctx = self.forward(*arrays)
        except ValueError as error:
            raise ValueError(self._explain(error, [a.shape for a in arrays])) from None
        result = (
            Tensor(output)
            if isinstance(output, np.ndarray)
            else Tensor(np.asarray(output))
        )
        if autodiff.is_recording() and self.differentiable:
            autodiff.record(self, tuple(tensors), result, ctx)
        return result

    def compute_output_spec(self, *inputs: Any) -> KerasTensor:
        """The symbolic output: shape from ``shape_rule``, dtype from ``dtype_rule``."""
        shapes = [shape_of(x) for x in inputs]
        try:
            shape = self.shape_rule(*shapes)
        except ValueError as error:
            raise ValueError(self._explain(error, shapes)) from None
        return KerasTensor(shape, self.dtype_rule(*[dtype_of(x) for x in inputs]))

    def _explain(self, error: Exception, shapes: list) -> str:
        shown = ", ".join(fmt_shape(s) for s in shapes)
        hint = (
            " Check the shapes: broadcasting needs each pair of trailing dimensions "
            "to be equal or 1."
            if "broadcast" in str(error)
            else ""
        )
        return (
            f"ops.{to_snake_case(type(self).__name__)} could not combine inputs of "
            f"shapes [{shown}]: {error}.{hint}"
        )


# --- helpers shared by all ops ----------------------------------------------
def convert_inputs(inputs: tuple) -> list[Tensor]:
    """Wrap every input as a Tensor; Python numbers take the tensors' float dtype.

    So ``x + 1`` stays float32 and ``2.0 * int_tensor`` becomes float32.
    """
    if all(isinstance(value, Tensor) for value in inputs):
        return list(inputs)  # the common case inside a model: nothing to convert
    dtypes = [x.dtype for x in inputs if isinstance(x, Tensor | np.ndarray)]
    like = result_dtype(*dtypes) if dtypes else None
    tensors = []
    for value in inputs:
        if isinstance(value, Tensor):
            tensors.append(value)
        elif isinstance(value, bool | int | float) and like is not None:
            dtype = like if (is_float(like) or isinstance(value, int)) else None
            tensors.append(Tensor(to_array(value, dtype)))
        else:
            tensors.append(Tensor(value))
    return tensors


def shape_of(value: Any) -> Shape:
    """Static shape of a KerasTensor, Tensor, array or number."""
    if isinstance(value, KerasTensor | Tensor | np.ndarray):
        return tuple(value.shape)
    return tuple(np.shape(value))


def dtype_of(value: Any) -> str:
    """dtype name of a KerasTensor, Tensor, array or Python number."""
    if isinstance(value, KerasTensor | Tensor):
        return value.dtype
    if isinstance(value, np.ndarray | np.generic):
        return value.dtype.name
    return None  # type: ignore[return-value] # a Python number adapts to the other


def broadcast_shapes(*shapes: Shape) -> Shape:
    """NumPy broadcasting over shapes that may hold ``None`` (unknown) dims.

    Example:
        >>> broadcast_shapes((None, 1, 5), (3, 1))
        (None, 3, 5)
    """
    ndim = max((len(s) for s in shapes), default=0)
    result = []
    for axis in range(-ndim, 0):
        dims = [s[axis] for s in shapes if len(s) >= -axis]
        known = {d for d in dims if d is not None and d != 1}
        if len(known) > 1:
            raise ValueError(
                "shapes "
                + " and ".join(fmt_shape(s) for s in shapes)
                + f" do not broadcast at axis {axis}"
            )
        if known:
            result.append(known.pop())
        elif None in dims:
            result.append(None)
        else:
            result.append(1)
    return tuple(result)


def unbroadcast(grad: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Sum ``grad`` over the axes broadcasting added, so it matches ``shape``.

    NOTE: if ``x`` of shape (3,) was broadcast against (4, 3), each element of
    ``x`` was used 4 times, so its gradient is the sum over that new axis.
    """
    if grad.shape == tuple(shape):
        return grad
    extra = grad.ndim - len(shape)
    grad = grad.sum(axis=tuple(range(extra))) if extra > 0 else grad
    axes = tuple(i for i, d in enumerate(shape) if d == 1 and grad.shape[i] != 1)
    return grad.sum(axis=axes, keepdims=True) if axes else grad


def normalize_axis(axis: int | tuple | list | None, ndim: int) -> tuple[int, ...]:
    """``axis`` as a sorted tuple of non-negative ints (``None`` = all axes)."""
    if axis is None:
        return tuple(range(ndim))
    axes = (axis,) if isinstance(axis, int) else tuple(axis)
    for a in axes:
        if not -ndim <= a < max(ndim, 1):
            raise ValueError(f"axis {a} is out of range for a tensor with {ndim} axes")
    return tuple(sorted(a % max(ndim, 1) for a in axes))
