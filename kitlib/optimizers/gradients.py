"""Checking the gradients an optimizer receives, with errors that teach.

Notebook: ``notebooks/08_gradient_tape.ipynb``.

Most optimizer mistakes happen before the update rule runs: pairs passed in the
wrong order, a loss that does not depend on the weights (every gradient is
``None``), gradients of the wrong shape. These helpers catch them at the door.
"""

from __future__ import annotations

import sys
import warnings
from typing import Any

import numpy as np

from kitlib.tensor import Tensor, Variable
from kitlib.utils.errors import fmt_shape


def check_pairs(name: str, pairs: list) -> None:
    """Raise unless ``pairs`` are ``(gradient, variable)`` tuples in that order."""
    for pair in pairs:
        if not isinstance(pair, tuple | list) or len(pair) != 2:
            raise TypeError(
                f"Optimizer '{name}'.apply_gradients() expects (gradient, variable) "
                f"pairs, but received {type(pair).__name__}. Call "
                "apply_gradients(zip(grads, variables))."
            )
        grad, variable = pair
        if isinstance(grad, Variable) and not isinstance(variable, Variable):
            raise TypeError(
                f"Optimizer '{name}'.apply_gradients() expects (gradient, variable) "
                "pairs, but the variable came first. Write "
                "zip(grads, variables), not zip(variables, grads)."
            )


def check_variables(name: str, grads: list, variables: list) -> None:
    """Raise unless there is one kitlib Variable per gradient."""
    if len(grads) != len(variables):
        raise ValueError(
            f"Optimizer '{name}' expects one gradient per variable, but received "
            f"{len(grads)} gradients for {len(variables)} variables. Compute them "
            "with tape.gradient(loss, variables) on the same list."
        )
    for variable in variables:
        if not isinstance(variable, Variable):
            raise TypeError(
                f"Optimizer '{name}' can only update kitlib Variables, but received "
                f"{type(variable).__name__}. Pass model.trainable_variables (or "
                "Variables you created)."
            )


def filter_empty_gradients(name: str, grads: list, variables: list) -> tuple:
    """Drop ``None`` gradients (with a warning); raise if all are ``None``.

    Returns:
        ``(grads, variables)`` without the pairs whose gradient is None.
    """
    kept = [(g, v) for g, v in zip(grads, variables, strict=True) if g is not None]
    if not kept:
        names = [v.name for v in variables]
        raise ValueError(
            f"No gradients provided for any variable: optimizer '{name}' received "
            f"None for all of {names}. The loss does not depend on them: compute "
            "the loss inside the `with GradientTape() as tape:` block, use kitlib "
            "ops (not NumPy, .numpy() or float()) on the way, and pass the same "
            "variables to tape.gradient()."
        )
    if len(kept) < len(grads):
        missing = [v.name for g, v in zip(grads, variables, strict=True) if g is None]
        warnings.warn(
            f"Gradients do not exist for variables {missing} when minimizing the "
            "loss; they are not updated. If you use model.compile(), check that a "
            "loss was given and that every layer is used by the outputs.",
            UserWarning,
            stacklevel=user_stacklevel(),
        )
    return [g for g, _ in kept], [v for _, v in kept]


def gradient_array(name: str, gradient: Any, variable: Variable) -> np.ndarray:
    """The gradient as an array of the variable's dtype (shape-checked)."""
    array = gradient.value if isinstance(gradient, Tensor) else np.asarray(gradient)
    if array.shape != variable.value.shape:
        raise ValueError(
            f"Optimizer '{name}' received a gradient of shape "
            f"{fmt_shape(array.shape)} for variable '{variable.name}' of shape "
            f"{fmt_shape(variable.shape)}. Each gradient must have its variable's "
            "shape: keep grads and variables in the same order."
        )
    return array.astype(variable.dtype, copy=False)


def user_stacklevel() -> int:
    """The ``stacklevel`` that makes a warning point at the learner's own line.

    However many optimizer classes sit between (AdamW -> Adam -> Optimizer), the
    first frame outside ``kitlib.optimizers`` is the caller to blame.
    """
    frame, level = sys._getframe(1), 1
    while frame is not None and frame.f_globals.get("__name__", "").startswith(
        "kitlib.optimizers"
    ):
        frame, level = frame.f_back, level + 1
    return level
