"""``ActivityRegularization``: pass inputs through, add a penalty on them to the loss.

Notebook: ``notebooks/11_cnn_layers.ipynb``.
"""

from __future__ import annotations

from typing import Any

from kitlib import regularizers
from kitlib.engine.keras_tensor import KerasTensor
from kitlib.engine.layer import Layer


class ActivityRegularization(Layer):
    """Identity layer that adds ``l1 * sum(|x|) + l2 * sum(x**2)`` to ``losses``.

    The penalty pushes the *activations* (not the weights) of the layer
    before it toward zero or sparsity. ``fit`` adds ``sum(model.losses)``
    to the training loss.

    Args:
        l1: L1 factor, ``>= 0``.
        l2: L2 factor, ``>= 0``.

    Input shape:
        Any.

    Output shape:
        Same as the input.

    Example:
        >>> import numpy as np
        >>> layer = ActivityRegularization(l1=0.1)
        >>> _ = layer(np.array([[1.0, -2.0]]))
        >>> round(float(layer.losses[0]), 6)
        0.3
    """

    def __init__(self, l1: float = 0.0, l2: float = 0.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        for name, value in (("l1", l1), ("l2", l2)):
            if (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or value < 0
            ):
                raise ValueError(
                    f"ActivityRegularization expects {name} to be a number >= 0, but "
                    f"received {name}={value!r}. A negative factor would reward large "
                    "activations; use e.g. l1=1e-4."
                )
        self.l1, self.l2 = float(l1), float(l2)
        self.activity_regularizer = regularizers.L1L2(l1=self.l1, l2=self.l2)
        self.supports_masking = True

    def call(self, inputs: Any) -> Any:
        if not isinstance(inputs, KerasTensor):  # a symbolic call has no value
            self.add_loss(self.activity_regularizer(inputs))
        return inputs

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return tuple(input_shape)

    def get_config(self) -> dict:
        return {**super().get_config(), "l1": self.l1, "l2": self.l2}
