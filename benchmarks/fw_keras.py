"""Keras 3: ``Sequential`` + ``compile`` + ``fit`` on the backend in ``KERAS_BACKEND``.

Keras reads ``KERAS_BACKEND`` once, at import, so each backend runs in its own
worker process (``keras-jax``, ``keras-torch``, ``keras-tensorflow``).
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np

from benchmarks import keras_api
from benchmarks.workloads import Workload

NAME = "keras"


def version() -> str:
    """Keras's version and the backend's, e.g. ``3.15.1/jax 0.10.2``."""
    import keras

    backend = keras.backend.backend()
    module = __import__({"tensorflow": "tensorflow"}.get(backend, backend))
    return f"{keras.__version__}/{backend} {module.__version__}"


def build_model(workload: Workload, seed: int = 0) -> Any:
    """The workload's model as a compiled keras ``Sequential`` (see ``keras_api``)."""
    import keras

    return keras_api.build_model(keras, workload, seed)


class Runner(keras_api.Runner):
    """Trains and predicts one workload with keras's ``fit``."""

    def __init__(self, workload: Workload, data: dict, seed: int = 0) -> None:
        import keras

        super().__init__(keras, workload, data, seed)


def gemm(a: np.ndarray, b: np.ndarray) -> Any:
    """Return a function computing ``a @ b`` with the backend's own matmul."""
    backend = os.environ.get("KERAS_BACKEND", "jax")
    if backend == "jax":
        import jax.numpy as jnp

        ja, jb = jnp.asarray(a), jnp.asarray(b)
        return lambda: (ja @ jb).block_until_ready()
    if backend == "torch":
        import torch

        ta, tb = torch.from_numpy(a), torch.from_numpy(b)
        return lambda: ta @ tb
    import tensorflow as tf

    ta, tb = tf.constant(a), tf.constant(b)
    return lambda: tf.matmul(ta, tb).numpy()
