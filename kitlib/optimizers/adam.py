"""Adam: momentum plus a per-weight step size from the gradient's running scale.

Notebook: ``notebooks/08_gradient_tape.ipynb``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from kitlib.ops.optimizer_updates import adam_update, fusable
from kitlib.optimizers.optimizer import Optimizer
from kitlib.tensor import Variable


class Adam(Optimizer):
    """Adam (Kingma & Ba, 2014), in Keras 3's form.

    With ``t = iterations + 1`` (the step being taken)::

        m = m + (g - m) * (1 - beta_1)          # running mean of g
        v = v + (g * g - v) * (1 - beta_2)      # running mean of g**2
        alpha = lr * sqrt(1 - beta_2**t) / (1 - beta_1**t)
        w = w - alpha * m / (sqrt(v) + epsilon)

    NOTE: the bias correction is folded into ``alpha`` and ``epsilon`` is added to
    ``sqrt(v)`` *uncorrected* ("epsilon hat" in the paper), exactly as Keras does;
    the paper's Algorithm 1 corrects ``m`` and ``v`` separately, which gives
    slightly different numbers for the same epsilon.

    Args:
        learning_rate: float, schedule or callable. Defaults to 0.001.
        beta_1: decay rate of the first-moment estimate.
        beta_2: decay rate of the second-moment estimate.
        epsilon: small constant for numerical stability.
        amsgrad: use the AMSGrad variant (divide by the running maximum of v).
        **kwargs: the base arguments, see :class:`Optimizer`.

    Example:
        >>> w = Variable([1.0])
        >>> _ = Adam(learning_rate=0.1).apply_gradients([(np.array([0.5]), w)])
        >>> round(float(w.numpy()[0]), 5)   # the first Adam step is about lr
        0.9
    """

    def __init__(
        self,
        learning_rate: Any = 0.001,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
        epsilon: float = 1e-7,
        amsgrad: bool = False,
        name: str = "adam",
        **kwargs: Any,
    ) -> None:
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.amsgrad = amsgrad

    def build(self, variables: list) -> list[Variable]:
        """Create ``momentum`` and ``velocity`` (and ``velocity_hat``) slots."""
        new = super().build(variables)
        for variable in new:
            self.add_slot(variable, "momentum")
            self.add_slot(variable, "velocity")
            if self.amsgrad:
                self.add_slot(variable, "velocity_hat")
        return new

    def update_step(
        self, gradient: np.ndarray, variable: Variable, learning_rate: np.float32
    ) -> None:
        """Apply the Adam rule to one variable."""
        step = int(self.iterations) + 1
        dtype = variable.value.dtype
        correction = math.sqrt(1.0 - self.beta_2**step) / (1.0 - self.beta_1**step)
        alpha = np.asarray(correction, dtype) * learning_rate
        momentum = self.get_slot(variable, "momentum")
        velocity = self.get_slot(variable, "velocity")
        if not self.amsgrad and fusable(variable.value):
            # The same rule as below, in one Numba loop (kitlib/kernels/optimizers.py).
            # NOTE: it returns three new arrays that nobody else holds, so they
            # replace the values directly; assign() would copy each once more to
            # protect a caller's array. Nothing is written in place.
            variable.value, momentum.value, velocity.value = adam_update(
                variable.value, gradient, momentum.value, velocity.value,
                alpha, self.beta_1, self.beta_2, self.epsilon,
            )  # fmt: skip
            return
        momentum.assign(
            momentum.value + (gradient - momentum.value) * (1 - self.beta_1)
        )
        velocity.assign(
            velocity.value + (np.square(gradient) - velocity.value) * (1 - self.beta_2)
        )
        second_moment = velocity.value
        if self.amsgrad:
            velocity_hat = self.get_slot(variable, "velocity_hat")
            velocity_hat.assign(np.maximum(velocity_hat.value, velocity.value))
            second_moment = velocity_hat.value
        update = momentum.value * alpha / (np.sqrt(second_moment) + self.epsilon)
        variable.assign(variable.value - update)

    def get_config(self) -> dict:
        """Base config plus the Adam hyperparameters."""
        return {
            **super().get_config(),
            "beta_1": self.beta_1,
            "beta_2": self.beta_2,
            "epsilon": self.epsilon,
            "amsgrad": self.amsgrad,
        }
