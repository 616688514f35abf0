"""``SeedStream``: reproducible randomness for layers that draw noise on every call.

Notebook: ``notebooks/11_cnn_layers.ipynb``.
"""

from __future__ import annotations

import numpy as np

from kitlib.utils.random import next_rng


class SeedStream:
    """Where a noisy layer draws its random numbers from.

    With ``seed=None`` it uses kitlib's global generator, so
    :func:`kitlib.utils.random.set_random_seed` makes a whole run repeat. With
    an int seed the layer owns a private generator: each call still draws new
    noise, and the sequence of calls repeats exactly (Keras's ``SeedGenerator``).

    Args:
        seed: optional int.

    Example:
        >>> a, b = SeedStream(3), SeedStream(3)
        >>> a.next_seed() == b.next_seed()
        True
    """

    def __init__(self, seed: int | None = None) -> None:
        self.seed = seed
        self._rng = None if seed is None else np.random.default_rng(seed)

    def generator(self) -> np.random.Generator:
        """The generator to draw from now."""
        return next_rng() if self._rng is None else self._rng

    def next_seed(self) -> int:
        """A fresh int seed for an op that takes one (e.g. ``ops.dropout``)."""
        return int(self.generator().integers(2**31 - 1))
