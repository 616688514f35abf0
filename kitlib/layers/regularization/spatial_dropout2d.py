"""``SpatialDropout2D``: drop whole feature maps (channels), not single pixels.

Notebook: ``notebooks/11_cnn_layers.ipynb``.
"""

from __future__ import annotations

from typing import Any

from kitlib import ops
from kitlib.engine.input_spec import InputSpec
from kitlib.engine.layer import Layer
from kitlib.layers.argument_checks import check_rate
from kitlib.layers.convolutional.conv_utils import check_data_format
from kitlib.layers.regularization.seed_stream import SeedStream


class SpatialDropout2D(Layer):
    """During training, zero entire channels with probability ``rate``.

    Neighbouring pixels of a feature map are strongly correlated, so dropping
    single pixels barely regularizes a conv net; dropping a whole map does.
    Kept channels are scaled by ``1 / (1 - rate)`` so the expected sum is
    unchanged. At inference the layer returns its input.

    Args:
        rate: fraction of channels to drop, in ``[0, 1)``.
        data_format: ``None`` or ``"channels_last"``.
        seed: optional int for reproducible masks.

    Input shape:
        ``(batch_size, rows, cols, channels)``.

    Output shape:
        Same as the input.

    Example:
        >>> import numpy as np
        >>> layer = SpatialDropout2D(0.5, seed=1)
        >>> y = layer(np.ones((1, 3, 3, 4), "float32"), training=True).numpy()
        >>> [sorted(set(y[0, :, :, c].ravel().tolist())) in ([0.0], [2.0]) for c in range(4)]
        [True, True, True, True]
    """

    def __init__(
        self,
        rate: float,
        data_format: str | None = None,
        seed: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.rate = check_rate(rate, "SpatialDropout2D")
        self.data_format = check_data_format(data_format, "SpatialDropout2D")
        self.seed = seed
        self._seeds = SeedStream(seed)
        self.input_spec = InputSpec(ndim=4)
        self.supports_masking = True

    def call(self, inputs: Any, training: Any = None) -> Any:
        if not training or self.rate == 0:
            return inputs
        # One coin flip per (sample, channel), broadcast over rows and columns.
        noise_shape = (inputs.shape[0], 1, 1, inputs.shape[3])
        return ops.dropout(inputs, self.rate, noise_shape, seed=self._seeds.next_seed())

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return tuple(input_shape)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "rate": self.rate,
            "data_format": self.data_format,
            "seed": self.seed,
        }
