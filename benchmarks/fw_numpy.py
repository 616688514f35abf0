"""Hand-written NumPy: the floor a framework on NumPy's BLAS can reach.

Dense layers only (W1, W3): forward, backward and Adam written out with NumPy
arrays, no framework at all. A convolution workload is reported as "n/a".
"""

from __future__ import annotations

from typing import Any

import numpy as np

from benchmarks.workloads import Workload

NAME = "numpy"


def version() -> str:
    """NumPy's version string."""
    return np.__version__


class Runner:
    """An MLP with ReLU hidden layers, softmax output and Adam, in plain NumPy."""

    def __init__(self, workload: Workload, data: dict, seed: int = 0) -> None:
        if any(spec[0] != "dense" for spec in workload.layers):
            raise NotImplementedError("hand-written NumPy covers Dense-only workloads")
        rng = np.random.default_rng(seed)
        self.workload, self.x, self.y = workload, data["x"], data["y"]
        self.params: list[np.ndarray] = []
        fan_in = workload.input_shape[0]
        for spec in workload.layers:
            limit = np.sqrt(6.0 / (fan_in + spec[1]))  # Glorot uniform, as Keras
            self.params.append(
                rng.uniform(-limit, limit, (fan_in, spec[1])).astype(np.float32)
            )
            self.params.append(np.zeros(spec[1], np.float32))
            fan_in = spec[1]
        self.moments = [np.zeros_like(p) for p in self.params]
        self.velocities = [np.zeros_like(p) for p in self.params]
        self.step, self.rng = 0, rng

    def _forward(self, x: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
        activations = [x]
        for index in range(0, len(self.params), 2):
            z = activations[-1] @ self.params[index] + self.params[index + 1]
            if index < len(self.params) - 2:
                np.maximum(z, 0.0, out=z)
            activations.append(z)
        logits = activations.pop()
        logits -= logits.max(axis=1, keepdims=True)
        probs = np.exp(logits)
        probs /= probs.sum(axis=1, keepdims=True)
        return probs, activations

    def _adam(self, grads: list[np.ndarray]) -> None:
        self.step += 1
        lr, b1, b2 = self.workload.learning_rate, 0.9, 0.999
        alpha = np.float32(lr * np.sqrt(1 - b2**self.step) / (1 - b1**self.step))
        for p, g, m, v in zip(
            self.params, grads, self.moments, self.velocities, strict=True
        ):
            m += (g - m) * np.float32(1 - b1)
            v += (g * g - v) * np.float32(1 - b2)
            p -= alpha * m / (np.sqrt(v) + np.float32(1e-7))

    def _train_step(self, x: np.ndarray, y: np.ndarray) -> tuple[float, int]:
        probs, activations = self._forward(x)
        rows = np.arange(len(y))
        loss = float(-np.log(np.maximum(probs[rows, y], 1e-7)).mean())
        correct = int((probs.argmax(1) == y).sum())
        delta = probs
        delta[rows, y] -= 1.0
        delta /= np.float32(len(y))
        grads: list[np.ndarray] = [None] * len(self.params)  # type: ignore[list-item]
        for index in range(len(self.params) - 2, -1, -2):
            grads[index] = activations[index // 2].T @ delta
            grads[index + 1] = delta.sum(axis=0)
            if index:
                delta = delta @ self.params[index].T
                delta *= activations[index // 2] > 0
        self._adam(grads)
        return loss * len(y), correct

    def train(self, epochs: int) -> dict[str, float]:
        """Shuffled mini-batch epochs; the last epoch's loss and accuracy."""
        size = self.workload.batch_size
        for _ in range(epochs):
            order = self.rng.permutation(len(self.x))
            total, correct = 0.0, 0
            for start in range(0, len(self.x), size):
                index = order[start : start + size]
                loss, right = self._train_step(self.x[index], self.y[index])
                total, correct = total + loss, correct + right
        return {"loss": total / len(self.x), "accuracy": correct / len(self.x)}

    def predict(self, x: np.ndarray) -> np.ndarray:
        """Class probabilities for ``x``, in batches."""
        size = self.workload.predict_batch
        return np.concatenate(
            [self._forward(x[s : s + size])[0] for s in range(0, len(x), size)]
        )


def gemm(a: np.ndarray, b: np.ndarray) -> Any:
    """Return a function computing ``a @ b`` with NumPy's BLAS."""
    return lambda: a @ b
