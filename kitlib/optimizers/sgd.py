"""SGD: plain gradient descent, optionally with (Nesterov) momentum.

Notebook: ``notebooks/08_gradient_tape.ipynb``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kitlib.optimizers.optimizer import Optimizer
from kitlib.tensor import Variable


class SGD(Optimizer):
    """Gradient descent with optional momentum, with Keras 3's update rule.

    Without momentum: ``w = w - learning_rate * g``. With momentum::

        velocity = momentum * velocity - learning_rate * g
        w = w + velocity                                   # nesterov=False
        w = w + momentum * velocity - learning_rate * g    # nesterov=True

    Args:
        learning_rate: float, schedule or callable. Defaults to 0.01.
        momentum: float in [0, 1]; 0 is vanilla gradient descent.
        nesterov: whether to use Nesterov momentum.
        **kwargs: the base arguments (weight_decay, clipnorm, clipvalue,
            global_clipnorm, name), see :class:`Optimizer`.

    Example:
        >>> w = Variable([1.0])
        >>> opt = SGD(learning_rate=0.1, momentum=0.9)
        >>> for _ in range(2):
        ...     _ = opt.apply_gradients([(np.array([1.0]), w)])
        >>> round(float(w.numpy()[0]), 6)   # 1 - 0.1 - (0.9 * 0.1 + 0.1)
        0.71
    """

    def __init__(
        self,
        learning_rate: Any = 0.01,
        momentum: float = 0.0,
        nesterov: bool = False,
        name: str = "SGD",
        **kwargs: Any,
    ) -> None:
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        if not 0.0 <= momentum <= 1.0:
            raise ValueError(
                f"SGD expects momentum between 0 and 1, but received "
                f"momentum={momentum}. 0.9 is a common choice; 0 disables momentum."
            )
        self.momentum = momentum
        self.nesterov = nesterov

    def build(self, variables: list) -> list[Variable]:
        """Create one ``momentum`` slot per new variable (only if momentum > 0)."""
        new = super().build(variables)
        if self.momentum != 0:
            for variable in new:
                self.add_slot(variable, "momentum")
        return new

    def update_step(
        self, gradient: np.ndarray, variable: Variable, learning_rate: np.float32
    ) -> None:
        """Apply the SGD rule to one variable."""
        step = learning_rate * gradient
        if self.momentum == 0:
            variable.assign(variable.value - step)
            return
        velocity = self.get_slot(variable, "momentum")
        velocity.assign(self.momentum * velocity.value - step)
        if self.nesterov:
            variable.assign(variable.value + (self.momentum * velocity.value - step))
        else:
            variable.assign(variable.value + velocity.value)

    def get_config(self) -> dict:
        """Base config plus ``momentum`` and ``nesterov``."""
        return {
            **super().get_config(),
            "momentum": self.momentum,
            "nesterov": self.nesterov,
        }
