"""``GaussianNoise``: add zero-mean normal noise during training (a regularizer).

Notebook: ``notebooks/11_cnn_layers.ipynb``.
"""

from __future__ import annotations

from typing import Any

from kitlib.engine.layer import Layer
from kitlib.layers.regularization.seed_stream import SeedStream


class GaussianNoise(Layer):
    """During training, ``output = x + noise`` with ``noise ~ N(0, stddev**2)``.

    At inference the layer returns its input unchanged. The noise is a
    constant for the gradient, so ``d output / d x = 1``.

    Args:
        stddev: standard deviation of the noise, ``>= 0``.
        seed: optional int for reproducible noise.

    Input shape:
        Any.

    Output shape:
        Same as the input.

    Example:
        >>> import numpy as np
        >>> x = np.zeros((1000,), "float32")
        >>> y = GaussianNoise(0.1, seed=0)(x, training=True).numpy()
        >>> bool(0.08 < y.std() < 0.12), float(GaussianNoise(0.1)(x).numpy().max())
        (True, 0.0)

    Keras note: Keras 3 also rejects ``stddev > 1``; kitlib only asks ``>= 0``.
    """

    def __init__(self, stddev: float, seed: int | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if (
            isinstance(stddev, bool)
            or not isinstance(stddev, int | float)
            or stddev < 0
        ):
            raise ValueError(
                f"GaussianNoise expects stddev to be a number >= 0, but received "
                f"stddev={stddev!r}. It is the standard deviation of the added noise, "
                "e.g. 0.1."
            )
        self.stddev = float(stddev)
        self.seed = seed
        self._seeds = SeedStream(seed)
        self.supports_masking = True

    def call(self, inputs: Any, training: Any = None) -> Any:
        if not training or self.stddev == 0:
            return inputs
        noise = self._seeds.generator().normal(0.0, self.stddev, size=inputs.shape)
        return inputs + noise.astype(inputs.dtype)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return tuple(input_shape)

    def get_config(self) -> dict:
        return {**super().get_config(), "stddev": self.stddev, "seed": self.seed}
