"""``Flatten``: ``(batch, d1, d2, ...) -> (batch, d1 * d2 * ...)``.

Notebook: ``notebooks/03_shapes_and_input_spec.ipynb``.
"""

from __future__ import annotations

import math
from typing import Any

from kitlib import ops
from kitlib.engine.input_spec import InputSpec
from kitlib.engine.keras_tensor import KerasTensor
from kitlib.engine.layer import Layer


class Flatten(Layer):
    """Flattens every axis but the batch axis; the batch size is unchanged.

    Typically placed between convolution/pooling layers and ``Dense``.

    Args:
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.
            With ``channels_first`` the channel axis is moved last before
            flattening, so the feature order matches a channels-last model.

    Input shape:
        ``(batch_size, ...)``, at least one axis.

    Output shape:
        ``(batch_size, product of the other axes)``; a 1-D input becomes
        ``(batch_size, 1)``.

    Example:
        >>> import numpy as np
        >>> Flatten()(np.zeros((2, 3, 4))).shape
        (2, 12)
    """

    def __init__(self, data_format: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        data_format = data_format or "channels_last"
        if data_format not in ("channels_last", "channels_first"):
            raise ValueError(
                f"Flatten expects data_format 'channels_last' or 'channels_first', "
                f"but received data_format={data_format!r}."
            )
        self.data_format = data_format
        self.input_spec = InputSpec(min_ndim=1)

    def call(self, inputs: Any) -> Any:
        if self.data_format == "channels_first" and inputs.ndim > 2:
            inputs = ops.transpose(inputs, (0, *range(2, inputs.ndim), 1))
        batch, features = self.compute_output_shape(inputs.shape)
        if features is None:
            # An unknown non-batch axis: only a symbolic tensor can be in this
            # state, and its output shape is all we can say.
            return KerasTensor((batch, None), inputs.dtype)
        return ops.reshape(inputs, (-1 if batch is None else batch, features))

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        rest = tuple(input_shape[1:])
        features = None if None in rest else math.prod(rest)
        return (input_shape[0], features)

    def get_config(self) -> dict:
        return {**super().get_config(), "data_format": self.data_format}
