"""Keras 3: ``Sequential`` + ``compile`` + ``fit`` on the backend in ``KERAS_BACKEND``.

Keras reads ``KERAS_BACKEND`` once, at import, so each backend runs in its own
worker process (``keras-jax``, ``keras-torch``, ``keras-tensorflow``).
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np

from benchmarks.workloads import Workload

NAME = "keras"


def version() -> str:
    """Keras's version and the backend's, e.g. ``3.15.1/jax 0.10.2``."""
    import keras

    backend = keras.backend.backend()
    module = __import__({"tensorflow": "tensorflow"}.get(backend, backend))
    return f"{keras.__version__}/{backend} {module.__version__}"


def build_model(workload: Workload, seed: int = 0) -> Any:
    """The workload's model as a compiled Keras ``Sequential``."""
    import keras
    from keras import layers

    keras.utils.set_random_seed(seed)
    made: list[Any] = [keras.Input(workload.input_shape)]
    for spec in workload.layers:
        kind = spec[0]
        if kind == "dense":
            made.append(layers.Dense(spec[1], activation=spec[2]))
        elif kind == "conv":
            made.append(
                layers.Conv2D(spec[1], spec[2], activation=spec[3], padding="same")
            )
        elif kind == "pool":
            made.append(layers.MaxPooling2D(spec[1]))
        elif kind == "flatten":
            made.append(layers.Flatten())
        elif kind == "dropout":
            made.append(layers.Dropout(spec[1]))
    model = keras.Sequential(made)
    model.compile(
        optimizer=keras.optimizers.Adam(workload.learning_rate),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model


class Runner:
    """Trains and predicts one workload with Keras ``fit``."""

    def __init__(self, workload: Workload, data: dict, seed: int = 0) -> None:
        self.workload, self.data = workload, data
        self.model = build_model(workload, seed)

    def train(self, epochs: int) -> dict[str, float]:
        """``fit`` for ``epochs`` epochs; the last epoch's loss and accuracy."""
        history = self.model.fit(
            self.data["x"],
            self.data["y"],
            batch_size=self.workload.batch_size,
            epochs=epochs,
            verbose=0,
        )
        return {k: float(v[-1]) for k, v in history.history.items()}

    def predict(self, x: np.ndarray) -> np.ndarray:
        """Class probabilities for ``x``."""
        out = self.model.predict(x, batch_size=self.workload.predict_batch, verbose=0)
        return np.asarray(out)


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
