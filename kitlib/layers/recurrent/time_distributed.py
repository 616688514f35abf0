"""``TimeDistributed``: apply the same layer to every time step of a sequence.

Notebook: ``notebooks/14_rnn_and_embeddings.ipynb``.
"""

from __future__ import annotations

from typing import Any

from kitlib import ops
from kitlib.engine.input_spec import InputSpec
from kitlib.engine.keras_tensor import KerasTensor
from kitlib.engine.layer import Layer
from kitlib.layers.recurrent.rnn_base import (
    _symbolic,
    deserialize_layer,
    serialize_inner,
)


class TimeDistributed(Layer):
    """Apply ``layer`` to each slice ``inputs[:, t]``, with shared weights.

    It folds the time axis into the batch axis ``(batch * steps, ...)``, calls
    the layer once, and unfolds the result, which is the same as calling the
    layer on every step but in one go.

    Args:
        layer: the layer to apply (e.g. ``Dense(10)`` or ``Conv2D(...)``).

    Input shape:
        ``(batch_size, steps, ...)``: at least 3 axes.

    Output shape:
        ``(batch_size, steps) + layer_output_shape[1:]``.

    Example:
        >>> import numpy as np
        >>> from kitlib.layers import Dense
        >>> td = TimeDistributed(Dense(4))
        >>> td(np.ones((2, 5, 3), "float32")).shape
        (2, 5, 4)
        >>> td.layer.kernel.shape
        (3, 4)
    """

    def __init__(self, layer: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not isinstance(layer, Layer):
            raise ValueError(
                f"TimeDistributed expects a Layer instance, but received {layer!r}. "
                "Pass a layer object: TimeDistributed(Dense(10))."
            )
        self.layer = layer
        self.input_spec = InputSpec(min_ndim=3)
        self.supports_masking = True

    def build(self, input_shape: tuple) -> None:
        if not self.layer.built:
            self.layer.build((None, *input_shape[2:]))
            self.layer.built = True

    def call(self, inputs: Any, training: Any = None) -> Any:
        if isinstance(inputs, KerasTensor):
            return _symbolic(self.compute_output_shape(inputs.shape), inputs.dtype)
        batch_size, steps = inputs.shape[:2]
        folded = ops.reshape(inputs, (batch_size * steps, *inputs.shape[2:]))
        kwargs = {} if training is None else {"training": training}
        outputs = self.layer(folded, **kwargs)
        return ops.reshape(outputs, (batch_size, steps, *outputs.shape[1:]))

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        inner = self.layer.compute_output_shape((None, *input_shape[2:]))
        return (input_shape[0], input_shape[1], *tuple(inner)[1:])

    def get_config(self) -> dict:
        return {**super().get_config(), "layer": serialize_inner(self.layer)}

    @classmethod
    def from_config(cls, config: dict) -> TimeDistributed:
        """Rebuild from :meth:`get_config` (the wrapped layer is recreated)."""
        config = dict(config)
        config["layer"] = deserialize_layer(config["layer"])
        return super().from_config(config)
