"""A worker process: one framework, one model, driven by JSON requests on stdin.

Why a process per framework: Keras reads ``KERAS_BACKEND`` once at import, so
every backend needs its own interpreter; and a persistent worker lets the runner
alternate frameworks epoch by epoch (kitlib, torch, keras-jax, kitlib, ...)
without paying start-up again. Each request is one JSON line, each reply one
JSON line; the worker times the work itself, so pipe latency is not counted.

Requests: ``info``, ``setup`` (load data, build, one warm-up epoch and predict),
``epoch``, ``predict``, ``run`` (a fresh model trained for ``workload.epochs``
epochs, timed in total, plus its test accuracy), ``gemm``, ``quit``.

``python -m benchmarks.worker NAME --cold WORKLOAD.json DATA.npz`` instead
measures a cold start: import, build and train one epoch, then print one line.
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Any

import numpy as np

from benchmarks.frameworks import FRAMEWORKS, load
from benchmarks.workloads import Workload


def workload_from(spec: dict) -> Workload:
    """Rebuild a ``Workload`` from its JSON form (lists back to tuples)."""
    spec = dict(spec)
    spec["input_shape"] = tuple(spec["input_shape"])
    spec["layers"] = tuple(tuple(layer) for layer in spec["layers"])
    return Workload(**spec)


def load_data(path: str) -> dict[str, np.ndarray]:
    """The arrays the runner saved for this workload."""
    with np.load(path) as archive:
        return {key: archive[key] for key in archive.files}


def blas_info(name: str) -> list[str]:
    """Which BLAS/threading libraries this process loaded, one string each."""
    found = []
    try:
        from threadpoolctl import threadpool_info

        for lib in threadpool_info():
            arch = lib.get("architecture") or ""
            found.append(
                f"{lib['internal_api']} {lib.get('version') or ''} {arch} "
                f"x{lib['num_threads']}".replace("  ", " ")
            )
    except ImportError:
        found.append("threadpoolctl not installed")
    if "torch" in sys.modules:
        torch = sys.modules["torch"]
        found.append(f"torch mkl={torch.backends.mkl.is_available()} "
                     f"threads={torch.get_num_threads()}")  # fmt: skip
    if "jax" in sys.modules:
        found.append("XLA:CPU (Eigen, not seen by threadpoolctl)")
    return found


class Worker:
    """Holds one framework's runner between requests."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.module = load(FRAMEWORKS[name])
        self.runner: Any = None

    def handle(self, request: dict) -> dict:
        """Answer one request (see the module docstring)."""
        command = request["cmd"]
        if command == "info":
            return {"version": self.module.version(), "blas": blas_info(self.name)}
        if command == "setup":
            return self.setup(request)
        if command == "epoch":
            start = time.perf_counter()
            logs = self.runner.train(1)
            return {"seconds": time.perf_counter() - start, **logs}
        if command == "predict":
            x = self.data["x"]
            start = time.perf_counter()
            self.runner.predict(x)
            return {"seconds": time.perf_counter() - start, "samples": len(x)}
        if command == "run":
            return self.full_run(request.get("seed", 0))
        if command == "gemm":
            return {"gflops": gemm_gflops(self.module, request.get("n", 1024))}
        raise ValueError(f"unknown request {command!r}")

    def setup(self, request: dict) -> dict:
        """Load the data, build the model, and warm up (first epoch and predict)."""
        self.workload = workload_from(request["workload"])
        self.data = load_data(request["data"])
        try:
            self.runner = self.module.Runner(self.workload, self.data, 0)
        except NotImplementedError as error:
            return {"skipped": str(error)}
        start = time.perf_counter()
        self.runner.train(1)
        self.runner.predict(self.data["x"])
        return {"warmup_seconds": time.perf_counter() - start}

    def full_run(self, seed: int) -> dict:
        """A fresh model trained for ``workload.epochs``; time and test accuracy."""
        runner = self.module.Runner(self.workload, self.data, seed)
        start = time.perf_counter()
        logs = runner.train(self.workload.epochs)
        seconds = time.perf_counter() - start
        predicted = runner.predict(self.data["x_test"]).argmax(axis=1)
        accuracy = float((predicted == self.data["y_test"]).mean())
        return {"seconds": seconds, "test_accuracy": accuracy, **logs}


def gemm_gflops(module: Any, n: int, repeats: int = 5) -> float:
    """Best-of float32 ``n x n @ n x n`` throughput with the framework's matmul."""
    rng = np.random.default_rng(0)
    a = rng.random((n, n), dtype=np.float32)
    b = rng.random((n, n), dtype=np.float32)
    product = module.gemm(a, b)
    product()
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        product()
        best = min(best, time.perf_counter() - start)
    return 2.0 * n**3 / best / 1e9


def serve(name: str) -> None:
    """The request loop; protocol lines go to the real stdout only."""
    protocol = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)  # anything a framework prints goes to the worker's log
    sys.stdout = sys.stderr
    worker = None
    for line in sys.stdin:
        request = json.loads(line)
        if request["cmd"] == "quit":
            break
        try:
            worker = worker or Worker(name)
            reply = worker.handle(request)
        except Exception as error:  # noqa: BLE001 - report, never hang the runner
            reply = {"error": f"{type(error).__name__}: {error}"}
        protocol.write(json.dumps(reply) + "\n")


def cold(name: str, workload_path: str, data_path: str) -> None:
    """Import, build and train one epoch; then say so (the runner times us)."""
    with open(workload_path) as file:
        workload = workload_from(json.load(file))
    module = load(FRAMEWORKS[name])
    runner = module.Runner(workload, load_data(data_path), 0)
    runner.train(1)
    sys.stdout.write("done\n")
    sys.stdout.flush()


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[2] == "--cold":
        cold(sys.argv[1], sys.argv[3], sys.argv[4])
    else:
        serve(sys.argv[1])
