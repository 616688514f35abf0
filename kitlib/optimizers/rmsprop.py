"""RMSprop: divide each gradient by a running root-mean-square of its history.

Notebook: ``notebooks/08_gradient_tape.ipynb``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kitlib.optimizers.optimizer import Optimizer
from kitlib.tensor import Variable


class RMSprop(Optimizer):
    """RMSprop (Hinton, 2012), with Keras 3's update rule.

    The update, per variable::

        v = rho * v + (1 - rho) * g**2
        a = rho * a + (1 - rho) * g             # only when centered
        denominator = v - a**2 + eps if centered else v + eps
        increment = lr * g / sqrt(denominator)
        mom = momentum * mom + increment        # only when momentum > 0
        w = w - (mom if momentum > 0 else increment)

    NOTE: epsilon is added *inside* the square root here (unlike Adam).

    Args:
        learning_rate: float, schedule or callable. Defaults to 0.001.
        rho: decay rate of the running average of squared gradients.
        momentum: plain (not Nesterov) momentum; 0 disables it.
        epsilon: small constant for numerical stability.
        centered: normalize by the estimated variance instead of the raw second
            moment.
        **kwargs: the base arguments, see :class:`Optimizer`.

    Example:
        >>> w = Variable([10.0])
        >>> _ = RMSprop(learning_rate=0.1).apply_gradients([(w.numpy(), w)])
        >>> round(float(w.numpy()[0]), 6)    # 10 - 0.1 * 10 / sqrt(0.1 * 100)
        9.683772
    """

    def __init__(
        self,
        learning_rate: Any = 0.001,
        rho: float = 0.9,
        momentum: float = 0.0,
        epsilon: float = 1e-7,
        centered: bool = False,
        name: str = "rmsprop",
        **kwargs: Any,
    ) -> None:
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.rho = rho
        self.momentum = momentum
        self.epsilon = epsilon
        self.centered = centered

    def build(self, variables: list) -> list[Variable]:
        """Create ``velocity`` (and ``momentum`` / ``average_gradient``) slots."""
        new = super().build(variables)
        for variable in new:
            self.add_slot(variable, "velocity")
            if self.momentum > 0:
                self.add_slot(variable, "momentum")
            if self.centered:
                self.add_slot(variable, "average_gradient")
        return new

    def update_step(
        self, gradient: np.ndarray, variable: Variable, learning_rate: np.float32
    ) -> None:
        """Apply the RMSprop rule to one variable."""
        rho = self.rho
        velocity = self.get_slot(variable, "velocity")
        velocity.assign(rho * velocity.value + (1 - rho) * np.square(gradient))
        if self.centered:
            average = self.get_slot(variable, "average_gradient")
            average.assign(rho * average.value + (1 - rho) * gradient)
            denominator = velocity.value - np.square(average.value) + self.epsilon
        else:
            denominator = velocity.value + self.epsilon
        increment = learning_rate * gradient / np.sqrt(denominator)
        if self.momentum > 0:
            momentum = self.get_slot(variable, "momentum")
            momentum.assign(self.momentum * momentum.value + increment)
            increment = momentum.value
        variable.assign(variable.value - increment)

    def get_config(self) -> dict:
        """Base config plus the RMSprop hyperparameters."""
        return {
            **super().get_config(),
            "rho": self.rho,
            "momentum": self.momentum,
            "epsilon": self.epsilon,
            "centered": self.centered,
        }
