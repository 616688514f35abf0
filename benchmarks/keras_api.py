"""The model and fit loop written once against the Keras API, run by kitlib and Keras.

kitlib's public names follow Keras, so the same code serves both: it receives
the framework as a module (``kitlib`` or ``keras``) and uses only names the two
share (``Input``, ``Sequential``, ``layers.*``, ``optimizers.Adam``, ``fit``).
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

import numpy as np

from benchmarks.workloads import Workload


def build_model(lib: ModuleType, workload: Workload, seed: int = 0) -> Any:
    """The workload's model as a compiled ``lib.Sequential``."""
    lib.utils.set_random_seed(seed)
    layers = lib.layers
    made: list[Any] = [lib.Input(workload.input_shape)]
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
    model = lib.Sequential(made)
    model.compile(
        optimizer=lib.optimizers.Adam(workload.learning_rate),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model


class Runner:
    """Trains and predicts one workload with ``lib``'s ``fit``/``predict``."""

    def __init__(
        self, lib: ModuleType, workload: Workload, data: dict, seed: int = 0
    ) -> None:
        self.workload, self.data = workload, data
        self.model = build_model(lib, workload, seed)

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
