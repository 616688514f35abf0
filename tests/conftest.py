"""Shared fixtures: a seeded NumPy generator, fresh auto-names, symbolic inputs."""

import numpy as np
import pytest

from kitlib.engine.keras_tensor import KerasTensor
from kitlib.engine.node import Node
from kitlib.engine.operation import Operation
from kitlib.utils.naming import reset_names


@pytest.fixture
def rng():
    """A NumPy generator with a fixed seed, so random test data repeats."""
    return np.random.default_rng(0)


@pytest.fixture(autouse=True)
def _fresh_names():
    """Every test starts with ``dense``, not ``dense_7``."""
    reset_names()
    yield
    reset_names()


@pytest.fixture
def symbolic():
    """Factory for KerasTensors that ops accept (they carry a ``_keras_history``).

    Example: ``x = symbolic((None, 3))``; ``ops.matmul(x, w).shape``.
    """

    def make(shape, dtype="float32"):
        tensor = KerasTensor(shape, dtype)
        Node(Operation(name="input"), (), {}, tensor)
        return tensor

    return make
