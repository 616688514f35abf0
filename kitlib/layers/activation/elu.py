"""``ELU`` layer: ``x`` if ``x > 0`` else ``alpha * (exp(x) - 1)``.

Notebook: ``notebooks/11_cnn_layers.ipynb``.
"""

from __future__ import annotations

from typing import Any

from kitlib import ops
from kitlib.engine.layer import Layer


class ELU(Layer):
    """Exponential linear unit: smooth for negative inputs, saturating at ``-alpha``.

    Args:
        alpha: the negative saturation value (default 1.0).

    Input shape:
        Any.

    Output shape:
        Same as the input.

    Example:
        >>> import numpy as np
        >>> ELU()(np.array([[0.0, 2.0]])).numpy().tolist()
        [[0.0, 2.0]]
    """

    def __init__(self, alpha: float = 1.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if isinstance(alpha, bool) or not isinstance(alpha, int | float):
            raise ValueError(
                f"ELU expects alpha to be a number, but received alpha={alpha!r}. "
                "The default alpha=1.0 saturates negative outputs at -1."
            )
        self.alpha = float(alpha)
        self.supports_masking = True

    def call(self, inputs: Any) -> Any:
        return ops.elu(inputs, alpha=self.alpha)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return tuple(input_shape)

    def get_config(self) -> dict:
        return {**super().get_config(), "alpha": self.alpha}
