"""kitlib: ``Sequential`` + ``compile`` + ``fit``, as a learner writes it."""

from __future__ import annotations

from typing import Any

import numpy as np

from benchmarks import keras_api
from benchmarks.workloads import Workload

NAME = "kitlib"


def version() -> str:
    """kitlib's version string."""
    import kitlib

    return kitlib.__version__


def build_model(workload: Workload, seed: int = 0) -> Any:
    """The workload's model as a compiled kitlib ``Sequential`` (see ``keras_api``)."""
    import kitlib

    return keras_api.build_model(kitlib, workload, seed)


class Runner(keras_api.Runner):
    """Trains and predicts one workload with kitlib's ``fit``."""

    def __init__(self, workload: Workload, data: dict, seed: int = 0) -> None:
        import kitlib

        super().__init__(kitlib, workload, data, seed)


def gemm(a: np.ndarray, b: np.ndarray) -> Any:
    """Return a function computing ``a @ b`` with this framework's BLAS (NumPy's)."""
    return lambda: a @ b
