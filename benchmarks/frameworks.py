"""Which frameworks the benchmark knows, how to start them, and whether they are installed."""

from __future__ import annotations

import importlib
import importlib.util
import os
from dataclasses import dataclass
from types import ModuleType


@dataclass(frozen=True)
class Framework:
    """A framework as the runner sees it.

    Attributes:
        name: the column name in the table (``"keras-jax"``).
        module: the ``benchmarks`` module with ``Runner``, ``version`` and ``gemm``.
        needs: Python packages that must be importable.
        env: extra environment for its worker (Keras's backend).
        label: how the issue's target table names it.
    """

    name: str
    module: str
    needs: tuple[str, ...]
    env: tuple[tuple[str, str], ...] = ()
    label: str = ""


FRAMEWORKS = {
    f.name: f
    for f in (
        Framework("kitlib", "fw_kitlib", ("kitlib",), label="kitlib"),
        Framework("torch", "fw_torch", ("torch",), label="PyTorch"),
        Framework(
            "keras-jax", "fw_keras", ("keras", "jax"), (("KERAS_BACKEND", "jax"),),
            "Keras-JAX",
        ),
        Framework(
            "keras-torch", "fw_keras", ("keras", "torch"), (("KERAS_BACKEND", "torch"),),
            "Keras-torch",
        ),
        Framework(
            "keras-tf", "fw_keras", ("keras", "tensorflow"),
            (("KERAS_BACKEND", "tensorflow"),), "Keras-TF",
        ),
        Framework("numpy", "fw_numpy", ("numpy",), label="hand NumPy"),
    )
}  # fmt: skip
PEERS = [name for name in FRAMEWORKS if name != "kitlib"]

# Every worker gets the same thread settings (SPEC §10: 2 threads).
THREADS = 2
THREAD_ENV = {
    "OMP_NUM_THREADS": str(THREADS),
    "OPENBLAS_NUM_THREADS": str(THREADS),
    "MKL_NUM_THREADS": str(THREADS),
    "NUMBA_NUM_THREADS": str(THREADS),
    "TF_NUM_INTRAOP_THREADS": str(THREADS),
    "TF_NUM_INTEROP_THREADS": "1",
    "TF_CPP_MIN_LOG_LEVEL": "2",
    "PYTHONHASHSEED": "0",
}


def missing(framework: Framework) -> list[str]:
    """The packages ``framework`` needs that are not installed (empty: ready)."""
    return [name for name in framework.needs if importlib.util.find_spec(name) is None]


def worker_env(framework: Framework, base: dict | None = None) -> dict[str, str]:
    """The environment of a worker: ours + thread settings + the framework's own."""
    env = dict(os.environ if base is None else base)
    env.update(THREAD_ENV)
    env.update(dict(framework.env))
    return env


def load(framework: Framework) -> ModuleType:
    """Import the framework's benchmark module (inside the worker)."""
    return importlib.import_module(f"benchmarks.{framework.module}")
