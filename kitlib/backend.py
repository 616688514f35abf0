"""``kitlib.backend`` (``K``): the Keras 2 backend functions the seeds use.

Notebook: ``notebooks/01_tensors_and_graphs.ipynb``.

Keras 2 wrapped TensorFlow/Theano behind this module. kitlib's version is a
thin facade over ``kitlib.ops`` and the graph engine, with no math of its own::

    import kitlib.backend as K
    x = K.placeholder(shape=(3,))           # a symbolic tensor (an Input)
    y = Activation("sigmoid")(x)            # a layer called on it: a graph
    f = K.function([x], [y])                # the graph, made callable
    f([np.array([1.0, 2.0, 3.0])])          # real numbers flow through it

Keras note: Keras 2 built *symbolic* gradients (``K.gradients(loss, vars)`` on
graph tensors). kitlib computes gradients eagerly, with a ``GradientTape``, so
:func:`gradients` takes a function that computes the loss (see its docstring).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from kitlib import ops
from kitlib.autodiff import GradientTape
from kitlib.engine.input_layer import Input
from kitlib.engine.keras_tensor import KerasTensor
from kitlib.models.model import Model
from kitlib.tensor import Tensor, Variable, to_array
from kitlib.utils import dtypes, naming
from kitlib.utils.nest import map_structure

_state: dict[str, Any] = {"learning_phase": 0, "epsilon": 1e-7}


# --- configuration ---------------------------------------------------------------
def floatx() -> str:
    """The default float dtype, ``"float32"``."""
    return dtypes.floatx()


def epsilon() -> float:
    """The small constant added to denominators (default ``1e-7``, as Keras)."""
    return _state["epsilon"]


def set_epsilon(value: float) -> None:
    """Change the value :func:`epsilon` returns."""
    _state["epsilon"] = float(value)


def image_data_format() -> str:
    """Always ``"channels_last"``: images are (batch, height, width, channels)."""
    return "channels_last"


def clear_session() -> None:
    """Restart automatic names, so the next Dense is ``dense`` again."""
    naming.reset_names()


class LearningPhase(int):
    """The learning phase (0 = test, 1 = train): an int that :func:`function` spots."""


def learning_phase() -> LearningPhase:
    """The learning phase, 0 (test) or 1 (train), as :func:`function` will use it.

    Put it in the inputs of :func:`function` to choose the phase per call, as
    in Keras 2: ``f = K.function([x, K.learning_phase()], [y]); f([data, 1])``.
    """
    return LearningPhase(_state["learning_phase"])


def set_learning_phase(value: int) -> None:
    """Set the default phase of :func:`function` calls (0 or 1).

    Keras note: layers called directly are not affected; pass ``training=``.
    """
    if value not in (0, 1):
        raise ValueError(f"set_learning_phase expects 0 or 1, but received {value!r}.")
    _state["learning_phase"] = int(value)


# --- symbolic tensors and graphs ---------------------------------------------------
def placeholder(
    shape: Any = None,
    ndim: int | None = None,
    dtype: Any = None,
    name: str | None = None,
) -> KerasTensor:
    """A symbolic tensor of the full ``shape`` (batch axis included, as in Keras 2).

    Example:
        >>> placeholder(shape=(None, 3)).shape
        (None, 3)
    """
    if shape is None:
        if ndim is None:
            raise ValueError("placeholder() needs a shape=, e.g. (None, 3), or ndim=.")
        shape = (None,) * ndim
    return Input(batch_shape=tuple(shape), dtype=dtype, name=name)


def is_keras_tensor(x: Any) -> bool:
    """Whether ``x`` is a symbolic tensor from ``Input``/``placeholder`` or a layer."""
    return isinstance(x, KerasTensor) and x._keras_history is not None


class GraphFunction:
    """The callable :func:`function` returns: runs the graph from inputs to outputs."""

    def __init__(self, inputs: Any, outputs: Any, name: str | None = None) -> None:
        inputs = list(inputs) if isinstance(inputs, list | tuple) else [inputs]
        phases = [i for i, x in enumerate(inputs) if isinstance(x, LearningPhase)]
        self._phase_index = phases[0] if phases else None
        tensors = [x for x in inputs if not isinstance(x, LearningPhase)]
        # A Model over the graph checks the input shapes and passes `training`.
        self._model = Model(tensors, outputs, name=name or "backend_function")

    def __call__(self, values: Any) -> Any:
        values = list(values) if isinstance(values, list | tuple) else [values]
        phase = _state["learning_phase"]
        if self._phase_index is not None:
            phase = int(values.pop(self._phase_index))
        # One array per input: a nested Python list must not be read as one tensor.
        arrays = [v if hasattr(v, "shape") else np.asarray(v) for v in values]
        outputs = self._model(arrays, training=bool(phase))
        return map_structure(lambda t: np.asarray(eval(t)), outputs)


def function(inputs: Any, outputs: Any, name: str | None = None) -> GraphFunction:
    """Turn the graph between ``inputs`` and ``outputs`` into a Python function.

    The returned function takes a list of arrays (one per input) and returns
    NumPy arrays in the structure of ``outputs``. Typical use: intermediate
    outputs, ``K.function([model.input], [model.layers[1].output])([x])``.

    Example:
        >>> from kitlib.layers import Activation
        >>> x = placeholder(shape=(3,))
        >>> f = function([x], [Activation("relu")(x)])
        >>> f([np.array([-1.0, 0.0, 2.0])])[0].tolist()
        [0.0, 0.0, 2.0]
    """
    return GraphFunction(inputs, outputs, name)


def gradients(loss: Callable[[], Any], variables: Any) -> list[Any]:
    """Gradients of the loss computed by ``loss()`` with respect to ``variables``.

    Args:
        loss: a function without arguments that computes a scalar loss from the
            variables (kitlib records it on a ``GradientTape`` while it runs).
        variables: a Variable or Tensor, or a list of them.

    Returns:
        A list with one gradient Tensor (or None if unconnected) per variable.

    Example:
        >>> w = Variable([1.0, 2.0])
        >>> [g.numpy().tolist() for g in gradients(lambda: sum(square(w)), [w])]
        [[2.0, 4.0]]
    """
    if not callable(loss):
        raise TypeError(
            f"K.gradients expects a function that computes the loss, but received "
            f"{type(loss).__name__}. kitlib differentiates eagerly: a loss value "
            "computed earlier kept no record of how it was made. Pass the "
            "computation instead, e.g. K.gradients(lambda: K.mean(K.square(w)), [w]), "
            "or use a GradientTape."
        )
    sources = list(variables) if isinstance(variables, list | tuple) else [variables]
    with GradientTape() as tape:
        for source in sources:
            tape.watch(source)
        value = loss()
    return list(tape.gradient(value, sources))


# --- reading tensors -----------------------------------------------------------------
def eval(x: Any) -> np.ndarray:  # noqa: A001 - Keras's name
    """The value of a tensor or variable as a NumPy array."""
    if isinstance(x, KerasTensor):
        raise TypeError(
            f"K.eval needs a tensor with a value, but {x!r} is symbolic (a "
            "placeholder in a graph). Run the graph with K.function([inputs], [x]) "
            "and real data instead."
        )
    return x.numpy() if isinstance(x, Tensor) else np.asarray(x)


get_value = eval


def batch_get_value(xs: list) -> list[np.ndarray]:
    """``[eval(x) for x in xs]``."""
    return [eval(x) for x in xs]


def set_value(x: Variable, value: Any) -> None:
    """Assign a new value to a Variable (same shape)."""
    x.assign(value)


def int_shape(x: Any) -> tuple:
    """The shape as a tuple of ints (``None`` for unknown dims), e.g. ``(None, 3)``."""
    return tuple(x.shape) if hasattr(x, "shape") else tuple(np.shape(x))


def shape(x: Any) -> tuple:
    """The shape of ``x`` (Keras 3 returns a tuple too; Keras 2 returned a tensor)."""
    return int_shape(x)


def ndim(x: Any) -> int:
    """Number of axes."""
    return len(int_shape(x))


def dtype(x: Any) -> str:
    """The dtype name, e.g. ``"float32"``."""
    return x.dtype if isinstance(x, Tensor | KerasTensor) else np.asarray(x).dtype.name


def count_params(x: Any) -> int:
    """Number of scalars in a tensor or variable."""
    return int(np.prod(int_shape(x)))


# --- creating tensors ----------------------------------------------------------------
def variable(value: Any, dtype: Any = None, name: str | None = None) -> Variable:
    """A Variable holding ``value``."""
    return Variable(value, name=name, dtype=dtype)


def constant(value: Any, dtype: Any = None, shape: Any = None) -> Tensor:
    """A Tensor holding ``value`` (broadcast to ``shape`` if given)."""
    tensor = Tensor(value, dtype)
    return tensor if shape is None else ops.broadcast_to(tensor, tuple(shape))


def zeros(shape: Any, dtype: Any = None, name: str | None = None) -> Variable:
    """A Variable of zeros (Keras 2 returns a variable)."""
    return Variable(to_array(np.zeros(shape), dtype or floatx()), name=name)


def ones(shape: Any, dtype: Any = None, name: str | None = None) -> Variable:
    """A Variable of ones."""
    return Variable(to_array(np.ones(shape), dtype or floatx()), name=name)


# --- the array helpers: each one is a kitlib op --------------------------------------
def dot(x: Any, y: Any) -> Any:
    """Matrix product (``ops.matmul``)."""
    return ops.matmul(x, y)


def concatenate(tensors: list, axis: int = -1) -> Any:
    """Join tensors along ``axis`` (default: the last one, as in Keras 2)."""
    return ops.concatenate(list(tensors), axis=axis)


def sum(x: Any, axis: Any = None, keepdims: bool = False) -> Any:  # noqa: A001
    """Sum over ``axis`` (all axes by default)."""
    return ops.sum(x, axis=axis, keepdims=keepdims)


def mean(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """Mean over ``axis``."""
    return ops.mean(x, axis=axis, keepdims=keepdims)


def max(x: Any, axis: Any = None, keepdims: bool = False) -> Any:  # noqa: A001
    """Maximum over ``axis``."""
    return ops.max(x, axis=axis, keepdims=keepdims)


def min(x: Any, axis: Any = None, keepdims: bool = False) -> Any:  # noqa: A001
    """Minimum over ``axis``."""
    return ops.min(x, axis=axis, keepdims=keepdims)


def argmax(x: Any, axis: int = -1) -> Any:
    """Index of the largest value along ``axis`` (default: last, as in Keras 2)."""
    return ops.argmax(x, axis=axis)


def clip(x: Any, min_value: float, max_value: float) -> Any:
    """Limit values to ``[min_value, max_value]``."""
    return ops.clip(x, min_value, max_value)


def pow(x: Any, a: Any) -> Any:  # noqa: A001
    """``x ** a``."""
    return ops.power(x, a)


def reshape(x: Any, shape: Any) -> Any:
    """The values of ``x`` in a new shape."""
    return ops.reshape(x, shape)


def cast(x: Any, dtype: Any) -> Any:
    """``x`` converted to ``dtype``."""
    return ops.cast(x, dtype)


# Element-wise and shape helpers whose Keras 2 signature is the op's own.
abs = ops.abs  # noqa: A001
square, sqrt, exp, log = ops.square, ops.sqrt, ops.exp, ops.log
relu, sigmoid, tanh, softmax = ops.relu, ops.sigmoid, ops.tanh, ops.softmax
maximum, minimum, equal = ops.maximum, ops.minimum, ops.equal
transpose, expand_dims, squeeze, stack = (
    ops.transpose, ops.expand_dims, ops.squeeze, ops.stack
)  # fmt: skip
zeros_like, ones_like = ops.zeros_like, ops.ones_like
