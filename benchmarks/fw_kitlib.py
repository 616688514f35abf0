"""kitlib: ``Sequential`` + ``compile`` + ``fit``, as a learner writes it."""

from __future__ import annotations

from typing import Any

import numpy as np

from benchmarks.workloads import Workload

NAME = "kitlib"


def version() -> str:
    """kitlib's version string."""
    import kitlib

    return kitlib.__version__


def build_model(workload: Workload, seed: int = 0) -> Any:
    """The workload's model as a compiled kitlib ``Sequential``."""
    import kitlib
    from kitlib import layers

    kitlib.utils.set_random_seed(seed)
    made: list[Any] = [kitlib.Input(workload.input_shape)]
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
    model = kitlib.Sequential(made)
    model.compile(
        optimizer=kitlib.optimizers.Adam(workload.learning_rate),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model


class Runner:
    """Trains and predicts one workload with kitlib."""

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
        return self.model.predict(x, batch_size=self.workload.predict_batch, verbose=0)


def gemm(a: np.ndarray, b: np.ndarray) -> Any:
    """Return a function computing ``a @ b`` with this framework's BLAS (NumPy's)."""
    return lambda: a @ b
