"""Adagrad: per-weight step sizes that shrink with the sum of squared gradients.

Notebook: ``notebooks/08_gradient_tape.ipynb``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kitlib.optimizers.optimizer import Optimizer
from kitlib.tensor import Variable


class Adagrad(Optimizer):
    """Adagrad (Duchi et al., 2011), with Keras 3's update rule.

    The update, per variable::

        accumulator = accumulator + g**2        # starts at initial_accumulator_value
        w = w - lr * g / sqrt(accumulator + epsilon)

    Weights that often get large gradients take ever smaller steps.

    Args:
        learning_rate: float, schedule or callable. Defaults to 0.001.
        initial_accumulator_value: starting value of the accumulators (>= 0).
        epsilon: small constant for numerical stability.
        **kwargs: the base arguments, see :class:`Optimizer`.

    Example:
        >>> w = Variable([1.0])
        >>> _ = Adagrad(learning_rate=0.1).apply_gradients([(np.array([0.3]), w)])
        >>> round(float(w.numpy()[0]), 6)     # 1 - 0.1 * 0.3 / sqrt(0.1 + 0.09)
        0.931175
    """

    def __init__(
        self,
        learning_rate: Any = 0.001,
        initial_accumulator_value: float = 0.1,
        epsilon: float = 1e-7,
        name: str = "adagrad",
        **kwargs: Any,
    ) -> None:
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        if initial_accumulator_value < 0:
            raise ValueError(
                "Adagrad expects initial_accumulator_value >= 0, but received "
                f"{initial_accumulator_value}. It is a starting sum of squares."
            )
        self.initial_accumulator_value = initial_accumulator_value
        self.epsilon = epsilon

    def build(self, variables: list) -> list[Variable]:
        """Create one ``accumulator`` slot per new variable."""
        new = super().build(variables)
        for variable in new:
            self.add_slot(variable, "accumulator", self.initial_accumulator_value)
        return new

    def update_step(
        self, gradient: np.ndarray, variable: Variable, learning_rate: np.float32
    ) -> None:
        """Apply the Adagrad rule to one variable."""
        accumulator = self.get_slot(variable, "accumulator")
        accumulator.assign(accumulator.value + np.square(gradient))
        update = learning_rate * gradient / np.sqrt(accumulator.value + self.epsilon)
        variable.assign(variable.value - update)

    def get_config(self) -> dict:
        """Base config plus ``initial_accumulator_value`` and ``epsilon``."""
        return {
            **super().get_config(),
            "initial_accumulator_value": self.initial_accumulator_value,
            "epsilon": self.epsilon,
        }
