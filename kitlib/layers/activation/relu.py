"""``ReLU`` layer: ``max(x, 0)``, optionally capped, leaky or shifted.

Notebook: ``notebooks/11_cnn_layers.ipynb``.
"""

from __future__ import annotations

from typing import Any

from kitlib import ops
from kitlib.engine.layer import Layer


def _check_non_negative(value: Any, name: str, allow_none: bool = False) -> None:
    if value is None and allow_none:
        return
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ValueError(
            f"ReLU expects {name} to be a number >= 0, but received {name}={value!r}. "
            "Use the defaults ReLU() for the plain max(x, 0)."
        )


class ReLU(Layer):
    """Rectified linear unit with Keras's three options.

    ``f(x) = max_value`` for ``x >= max_value``; ``x`` for
    ``threshold < x < max_value``; ``negative_slope * (x - threshold)`` for
    ``x <= threshold``. With the defaults this is ``max(x, 0)``.

    Args:
        max_value: cap of the output (None: no cap), ``>= 0``.
        negative_slope: slope below the threshold (default 0), ``>= 0``.
        threshold: where the output starts to follow ``x`` (default 0), ``>= 0``.

    Input shape:
        Any.

    Output shape:
        Same as the input.

    Example:
        >>> import numpy as np
        >>> ReLU(max_value=6.0)(np.array([[-1.0, 3.0, 9.0]])).numpy().tolist()
        [[0.0, 3.0, 6.0]]
    """

    def __init__(
        self,
        max_value: float | None = None,
        negative_slope: float = 0.0,
        threshold: float = 0.0,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        _check_non_negative(max_value, "max_value", allow_none=True)
        _check_non_negative(negative_slope, "negative_slope")
        _check_non_negative(threshold, "threshold")
        self.max_value = None if max_value is None else float(max_value)
        self.negative_slope = float(negative_slope)
        self.threshold = float(threshold)
        self.supports_masking = True

    def call(self, inputs: Any) -> Any:
        if self.max_value is None and not self.negative_slope and not self.threshold:
            return ops.relu(inputs)
        above = inputs
        if self.max_value is not None:
            above = ops.minimum(inputs, self.max_value)
        if self.negative_slope:
            below = self.negative_slope * (inputs - self.threshold)
        else:
            below = ops.zeros_like(inputs)  # not 0 * (x - t), which gives -0.0
        return ops.where(inputs > self.threshold, above, below)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return tuple(input_shape)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "max_value": self.max_value,
            "negative_slope": self.negative_slope,
            "threshold": self.threshold,
        }
