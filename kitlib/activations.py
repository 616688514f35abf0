"""Activation functions by name (``"relu"``, ``"softmax"``...), for layers' ``activation=``.

Notebook: ``notebooks/09_compile_and_fit.ipynb``.

Each activation is a plain function of a tensor built from ``kitlib.ops``, so it
works eagerly, on a tape and symbolically.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from kitlib import ops
from kitlib.tensor import Tensor
from kitlib.utils import registry
from kitlib.utils.errors import did_you_mean


def linear(x: Any) -> Any:
    """The identity (Keras's default activation, ``activation=None``)."""
    return x


def relu(x: Any) -> Any:
    """``max(x, 0)``."""
    return ops.relu(x)


def sigmoid(x: Any) -> Any:
    """``1 / (1 + exp(-x))``."""
    return ops.sigmoid(x)


def tanh(x: Any) -> Any:
    """Hyperbolic tangent."""
    return ops.tanh(x)


def softmax(x: Any, axis: int = -1) -> Any:
    """``exp(x) / sum(exp(x))`` along ``axis``: turns scores into probabilities.

    The output remembers its input as ``_keras_logits``, as Keras does, so that
    a cross-entropy loss on it can start from the logits: one fused, exact
    log-softmax instead of softmax, clip and log (``kitlib.losses.crossentropy``).
    """
    output = ops.softmax(x, axis=axis)
    if isinstance(x, Tensor) and axis in (-1, x.ndim - 1):
        output._keras_logits = x
    return output


def log_softmax(x: Any, axis: int = -1) -> Any:
    """``log(softmax(x))``, computed stably."""
    return ops.log_softmax(x, axis=axis)


def elu(x: Any, alpha: float = 1.0) -> Any:
    """``x`` if ``x > 0`` else ``alpha * (exp(x) - 1)``."""
    return ops.elu(x, alpha=alpha)


def leaky_relu(x: Any, negative_slope: float = 0.2) -> Any:
    """``x`` if ``x > 0`` else ``negative_slope * x``."""
    return ops.leaky_relu(x, negative_slope)


def selu(x: Any) -> Any:
    """Scaled ELU with the self-normalising constants of Klambauer et al."""
    alpha, scale = 1.6732632423543772, 1.0507009873554805
    return scale * ops.elu(x, alpha=alpha)


def softplus(x: Any) -> Any:
    """``log(1 + exp(x))``, stable for large ``|x|``."""
    return ops.maximum(x, 0.0) + ops.log1p(ops.exp(-ops.abs(x)))


def softsign(x: Any) -> Any:
    """``x / (1 + |x|)``."""
    return x / (1.0 + ops.abs(x))


def silu(x: Any) -> Any:
    """``x * sigmoid(x)`` (also called swish)."""
    return x * ops.sigmoid(x)


def gelu(x: Any) -> Any:
    """Gaussian error linear unit (tanh approximation, as Keras's ``approximate=True``)."""
    inner = math.sqrt(2.0 / math.pi) * (x + 0.044715 * x * x * x)
    return 0.5 * x * (1.0 + ops.tanh(inner))


def exponential(x: Any) -> Any:
    """``exp(x)``."""
    return ops.exp(x)


def hard_sigmoid(x: Any) -> Any:
    """Piecewise-linear sigmoid: ``clip(x / 6 + 0.5, 0, 1)`` (Keras 3)."""
    return ops.clip(x / 6.0 + 0.5, 0.0, 1.0)


_ALL: dict[str, Callable[..., Any]] = {
    fn.__name__: fn
    for fn in (linear, relu, sigmoid, tanh, softmax, log_softmax, elu, leaky_relu,
               selu, softplus, softsign, silu, gelu, exponential, hard_sigmoid)
}  # fmt: skip
_ALL["swish"] = silu


def get(identifier: Any) -> Callable[..., Any]:
    """Resolve ``None``, a name or a callable to an activation function.

    Example:
        >>> get("relu").__name__
        'relu'
        >>> get(None).__name__
        'linear'
    """
    if identifier is None:
        return linear
    if isinstance(identifier, str):
        found = _ALL.get(identifier) or registry.get_registered_object(identifier)
        if found is None:
            raise ValueError(
                f"Unknown activation {identifier!r}.{did_you_mean(identifier, _ALL)} "
                f"Known activations: {', '.join(sorted(_ALL))}. A custom function must "
                "be registered with @kitlib.saving.register_serializable() or passed "
                "in custom_objects."
            )
        return found
    if callable(identifier):
        return identifier
    raise TypeError(
        f"activation must be a name such as 'relu', a function, or None, but received "
        f"{type(identifier).__name__}."
    )


def serialize(activation: Callable[..., Any]) -> str:
    """The name of a built-in activation (for ``get_config``).

    Raises:
        ValueError: for a custom function, which has no name to save by.
    """
    name = getattr(activation, "__name__", None)
    if _ALL.get(name) is activation:
        return name
    registered = registry.get_registered_name(activation)
    if registry.get_registered_object(registered) is activation:
        return registered
    raise ValueError(
        f"Cannot save activation {activation!r} by name: it is not a built-in "
        "activation. Register it with kitlib.saving.register_serializable or pass "
        "custom_objects when loading."
    )


def add_bias_and_activate(x: Any, bias: Any, activation: Callable[..., Any]) -> Any:
    """``activation(x + bias)``, how ``Dense`` and ``Conv2D`` end their ``call``.

    With a bias and a linear or relu activation this is one fused op,
    ``ops.bias_activation`` (one pass over ``x`` instead of two); otherwise the
    bias is added and the activation applied as separate ops. The result is the
    same either way.

    Args:
        x: the layer's pre-activation output.
        bias: the bias variable, or ``None`` for ``use_bias=False``.
        activation: an activation function (from :func:`get`).

    Example:
        >>> import numpy as np
        >>> x = np.array([[-1.0, 2.0]], "float32")
        >>> add_bias_and_activate(x, np.array([0.5, 0.5], "float32"), relu).numpy()
        array([[0. , 2.5]], dtype=float32)
    """
    if bias is None:
        return activation(x)
    if activation is linear or activation is relu:
        return ops.bias_activation(x, bias, activation.__name__)
    # NOTE: softmax lands here: the fused op adds the bias, and softmax stays a
    # separate op, so the loss can still find its logits (see ``softmax``).
    return activation(ops.bias_activation(x, bias, "linear"))
