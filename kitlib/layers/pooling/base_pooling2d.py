"""``Pooling2D``: the configuration and shape rule shared by max and average pooling.

Notebook: ``notebooks/11_cnn_layers.ipynb``.
"""

from __future__ import annotations

from typing import Any

from kitlib.engine.input_spec import InputSpec
from kitlib.engine.layer import Layer
from kitlib.layers.convolutional.conv_utils import (
    check_data_format,
    check_window_fits,
    normalize_padding,
    normalize_tuple,
    output_length,
)


class Pooling2D(Layer):
    """Base of the 2D pooling layers: summarize each window, channel by channel.

    Subclasses write ``call`` only. Pooling has no weights.

    Args:
        pool_size: int or ``(rows, cols)`` window size (default ``(2, 2)``).
        strides: int, pair or ``None`` (then equal to ``pool_size``: windows
            do not overlap).
        padding: ``"valid"`` or ``"same"``.
        data_format: ``None`` or ``"channels_last"``.
    """

    def __init__(
        self,
        pool_size: Any = (2, 2),
        strides: Any = None,
        padding: str = "valid",
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        who = type(self).__name__
        self.pool_size = normalize_tuple(pool_size, who, "pool_size")
        self.strides = (
            self.pool_size
            if strides is None
            else normalize_tuple(strides, who, "strides")
        )
        self.padding = normalize_padding(padding, who)
        self.data_format = check_data_format(data_format, who)
        self.input_spec = InputSpec(ndim=4)

    def _check_input(self, input_shape: tuple) -> None:
        who = f"Layer '{self.name}' ({type(self).__name__})"
        check_window_fits(who, input_shape, self.pool_size, (1, 1), self.padding)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        self._check_input(input_shape)
        rows, cols = (
            output_length(size, window, stride, self.padding)
            for size, window, stride in zip(
                input_shape[1:3], self.pool_size, self.strides, strict=True
            )
        )
        return (input_shape[0], rows, cols, input_shape[3])

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "pool_size": self.pool_size,
            "strides": self.strides,
            "padding": self.padding,
            "data_format": self.data_format,
        }
