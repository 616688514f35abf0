"""``LeakyReLU`` layer: ``x`` if ``x > 0`` else ``negative_slope * x``.

Notebook: ``notebooks/11_cnn_layers.ipynb``.
"""

from __future__ import annotations

from typing import Any

from kitlib import ops
from kitlib.engine.layer import Layer


class LeakyReLU(Layer):
    """A ReLU that lets a small gradient through for negative inputs.

    Args:
        negative_slope: slope for ``x < 0`` (Keras 3 default 0.3), ``>= 0``.
        alpha: the Keras 2 name of ``negative_slope`` (wins when given).

    Input shape:
        Any.

    Output shape:
        Same as the input.

    Example:
        >>> import numpy as np
        >>> LeakyReLU(0.5)(np.array([[-2.0, 3.0]])).numpy().tolist()
        [[-1.0, 3.0]]

    Keras note: the ``LeakyReLU`` layer defaults to 0.3, the
    ``leaky_relu`` activation function to 0.2, in Keras 3 and here.
    """

    def __init__(
        self, negative_slope: float = 0.3, alpha: float | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        slope = negative_slope if alpha is None else alpha
        if isinstance(slope, bool) or not isinstance(slope, int | float) or slope < 0:
            raise ValueError(
                f"LeakyReLU expects negative_slope to be a number >= 0, but received "
                f"{slope!r}. Typical values are 0.01 to 0.3."
            )
        self.negative_slope = float(slope)
        self.supports_masking = True

    def call(self, inputs: Any) -> Any:
        return ops.leaky_relu(inputs, self.negative_slope)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return tuple(input_shape)

    def get_config(self) -> dict:
        return {**super().get_config(), "negative_slope": self.negative_slope}
