"""Compile every Numba kernel once, so the first notebook or ``fit`` does not stall.

Notebook: ``notebooks/12_numba_kernels.ipynb``.

Run ``python -m kitlib.warmup`` (``make lab`` and ``make test`` do it for you).
It calls every kernel-backed op forward and backward on tiny float32 inputs,
through ``kitlib.ops`` exactly as layers do, so the compiled versions are the
ones training uses; Numba's cache (``cache=True``) keeps them on disk for every
later Python process. A second run only loads them and takes a fraction of a
second.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from kitlib import ops
from kitlib.autodiff import GradientTape
from kitlib.ops._nn_utils import kernel_dispatchers
from kitlib.ops.optimizer_updates import adam_update
from kitlib.tensor import Tensor, Variable


@dataclass(frozen=True)
class WarmupReport:
    """What a warm-up did.

    Attributes:
        kernels: how many kernels are ready (compiled or loaded).
        compiled: how many (kernel, signature) pairs were compiled now.
        from_cache: how many were loaded from Numba's on-disk cache.
        seconds: wall time of the warm-up.
        cache_dir: where the cache of the first kernel lives ("" if none).
    """

    kernels: int
    compiled: int
    from_cache: int
    seconds: float
    cache_dir: str

    def summary(self) -> str:
        """One line for humans, e.g. after ``make lab``."""
        if not self.kernels:
            return (
                "kitlib.warmup: JIT disabled (NUMBA_DISABLE_JIT=1), nothing to "
                f"compile ({self.seconds:.2f} s)."
            )
        where = f" in {self.cache_dir}" if self.cache_dir else ""
        return (
            f"kitlib.warmup: {self.kernels} kernels ready in {self.seconds:.2f} s "
            f"({self.compiled} compiled, {self.from_cache} loaded from the "
            f"cache{where})."
        )


def _image_ops(rng: np.random.Generator) -> list[Tensor]:
    images = Variable(rng.standard_normal((2, 5, 4, 3)), dtype="float32")
    kernel = Variable(rng.standard_normal((2, 3, 3, 4)), dtype="float32")
    gamma, beta = Variable(np.ones(3), dtype="float32"), Variable(np.zeros(3))
    mean, variance = Tensor(np.zeros(3, "float32")), Tensor(np.ones(3, "float32"))
    normalized, _, _ = ops.batch_normalization_training(
        images, offset=beta, scale=gamma
    )
    return [
        ops.conv2d(images, kernel, strides=2, padding="same"),
        ops.max_pool2d(images, 2, padding="same"),
        ops.avg_pool2d(images, 2, padding="same"),
        normalized,
        ops.batch_normalization(images, mean, variance, offset=beta, scale=gamma),
    ]


def _vector_ops(rng: np.random.Generator) -> list[Tensor]:
    logits = Variable(rng.standard_normal((3, 4)), dtype="float32")
    labels = Variable(np.full((3, 4), 0.25), dtype="float32")
    table = Variable(rng.standard_normal((5, 2)), dtype="float32")
    return [
        ops.relu(logits),
        ops.bias_activation(logits, logits[0], "relu"),
        ops.leaky_relu(logits),
        ops.elu(logits),
        ops.sigmoid(logits),
        ops.tanh(logits),
        ops.softmax(logits),
        ops.log_softmax(logits),
        ops.dropout(logits, 0.5, seed=0),
        ops.softmax_cross_entropy(labels, logits),
        ops.sparse_softmax_cross_entropy(np.array([0, 3, 1]), logits),
        ops.embedding_lookup(table, np.array([[4, 0], [1, 1]])),
    ]


def warm_up() -> WarmupReport:
    """Run every kernel-backed op forward and backward once on float32 inputs.

    Returns:
        A :class:`WarmupReport` with the counts and the time taken.
    """
    start = time.perf_counter()
    rng = np.random.default_rng(0)
    with GradientTape() as tape:
        outputs = _image_ops(rng) + _vector_ops(rng)
    tape.gradient(outputs, tape.watched_variables())
    ones = np.ones(3, "float32")
    adam_update(ones, ones, ones, ones, 0.1, 0.9, 0.999, 1e-7)  # optimizers' kernel
    seconds = time.perf_counter() - start
    kernels = kernel_dispatchers()
    compiled = sum(sum(k.stats.cache_misses.values()) for k in kernels.values())
    from_cache = sum(sum(k.stats.cache_hits.values()) for k in kernels.values())
    first = next(iter(kernels.values()), None)
    cache_dir = (first.stats.cache_path or "") if first is not None else ""
    return WarmupReport(len(kernels), compiled, from_cache, seconds, cache_dir)


def main() -> None:
    """Entry point of ``python -m kitlib.warmup``: warm up and print one line."""
    print(warm_up().summary())  # noqa: T201 - a command-line tool reports


if __name__ == "__main__":
    main()
