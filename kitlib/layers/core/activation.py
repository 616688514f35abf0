"""``Activation``: apply an activation function (``relu``, ``sigmoid``...) as a layer.

Notebook: ``notebooks/03_shapes_and_input_spec.ipynb``.
"""

from __future__ import annotations

from typing import Any

from kitlib import activations
from kitlib.engine.layer import Layer


class Activation(Layer):
    """Applies ``activation`` element-wise; it has no weights.

    ``Dense(4, activation="relu")`` and ``Dense(4)`` followed by
    ``Activation("relu")`` compute the same thing; the separate layer makes the
    activation visible as its own node in the graph.

    Args:
        activation: an activation name (``"relu"``) or a function of a tensor.

    Input shape:
        Any.

    Output shape:
        Same as the input.

    Example:
        >>> Activation("relu")([[-1.0, 2.0]]).numpy().tolist()
        [[0.0, 2.0]]
    """

    def __init__(self, activation: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.activation = activations.get(activation)

    def call(self, inputs: Any) -> Any:
        return self.activation(inputs)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return tuple(input_shape)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "activation": activations.serialize(self.activation),
        }
