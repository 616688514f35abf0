"""``Dropout``: during training, zero a random fraction of the inputs.

Notebook: ``notebooks/02_layer_lifecycle.ipynb``.
"""

from __future__ import annotations

from typing import Any

from kitlib import ops
from kitlib.engine.layer import Layer
from kitlib.layers.argument_checks import check_rate
from kitlib.layers.regularization.seed_stream import SeedStream


class Dropout(Layer):
    """Randomly sets a fraction ``rate`` of inputs to 0 during training.

    The values kept are scaled by ``1 / (1 - rate)`` ("inverted dropout"), so
    the expected sum stays the same and nothing needs rescaling at inference.
    With ``training`` false or unset (``predict``, ``evaluate``, a plain call)
    the layer returns its input unchanged; ``fit`` passes ``training=True``.

    Args:
        rate: fraction of inputs to drop, in ``[0, 1)``.
        noise_shape: shape of the random mask, broadcast to the input; ``None``
            in an entry means "as in the input" (e.g. ``(None, 1, None)`` drops
            whole time steps).
        seed: an int gives the layer its own generator: each training call
            draws a new mask and the sequence repeats exactly (Keras's
            ``SeedGenerator``); ``None`` draws from kitlib's global generator
            (see ``kitlib.utils.set_random_seed``).

    Input shape:
        Any.

    Output shape:
        Same as the input.

    Example:
        >>> import numpy as np
        >>> layer = Dropout(0.5, seed=0)
        >>> layer(np.ones((1, 4))).numpy().tolist()  # not training: identity
        [[1.0, 1.0, 1.0, 1.0]]
        >>> np.unique(layer(np.ones((1, 1000)), training=True).numpy()).tolist()
        [0.0, 2.0]
    """

    def __init__(
        self,
        rate: float,
        noise_shape: Any = None,
        seed: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.rate = check_rate(rate, f"Dropout layer '{self.name}'")
        self.noise_shape = None if noise_shape is None else tuple(noise_shape)
        self.seed = seed
        self._seeds = SeedStream(seed)

    def call(self, inputs: Any, training: Any = None) -> Any:
        if not training or self.rate == 0.0:
            return inputs
        seed = self._seeds.next_seed() if self.seed is not None else None
        return ops.dropout(inputs, self.rate, self.noise_shape, seed)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return tuple(input_shape)

    def get_config(self) -> dict:
        noise_shape = None if self.noise_shape is None else list(self.noise_shape)
        return {
            **super().get_config(),
            "rate": self.rate,
            "noise_shape": noise_shape,
            "seed": self.seed,
        }
