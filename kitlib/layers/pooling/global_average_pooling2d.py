"""``GlobalAveragePooling2D``: one number per channel, the mean over the whole image.

Notebook: ``notebooks/11_cnn_layers.ipynb``.
"""

from __future__ import annotations

from typing import Any

from kitlib import ops
from kitlib.engine.input_spec import InputSpec
from kitlib.engine.layer import Layer
from kitlib.layers.convolutional.conv_utils import check_data_format


class GlobalAveragePooling2D(Layer):
    """Average over the height and width axes: ``(N, H, W, C) -> (N, C)``.

    Often used instead of ``Flatten`` before the classifier: it has no weights
    and works for any image size.

    Args:
        data_format: ``None`` or ``"channels_last"``.
        keepdims: keep the pooled axes with size 1: ``(N, 1, 1, C)``.

    Input shape:
        ``(batch_size, rows, cols, channels)``.

    Output shape:
        ``(batch_size, channels)``, or ``(batch_size, 1, 1, channels)`` with
        ``keepdims=True``.

    Example:
        >>> import numpy as np
        >>> x = np.arange(8, dtype="float32").reshape(1, 2, 2, 2)
        >>> GlobalAveragePooling2D()(x).numpy().tolist()
        [[3.0, 4.0]]
    """

    def __init__(
        self, data_format: str | None = None, keepdims: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.data_format = check_data_format(data_format, type(self).__name__)
        self.keepdims = bool(keepdims)
        self.input_spec = InputSpec(ndim=4)

    def call(self, inputs: Any) -> Any:
        return ops.mean(inputs, axis=(1, 2), keepdims=self.keepdims)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        if self.keepdims:
            return (input_shape[0], 1, 1, input_shape[3])
        return (input_shape[0], input_shape[3])

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "data_format": self.data_format,
            "keepdims": self.keepdims,
        }


#: Keras's short alias.
GlobalAvgPool2D = GlobalAveragePooling2D
