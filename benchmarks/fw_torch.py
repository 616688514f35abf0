"""PyTorch: ``nn.Sequential`` and the hand-written eager training loop.

The model ends with logits and the loss is ``F.cross_entropy`` (softmax and
cross-entropy fused), the way PyTorch code is written; ``predict`` applies the
softmax. Adam uses Keras's ``eps=1e-7`` so the update rule matches.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from benchmarks.workloads import Workload

NAME = "torch"


def version() -> str:
    """PyTorch's version string."""
    import torch

    return torch.__version__


def _channels_after(workload: Workload, upto: int) -> int:
    channels = workload.input_shape[-1]
    for spec in workload.layers[:upto]:
        if spec[0] == "conv":
            channels = spec[1]
    return channels


def build_model(workload: Workload, seed: int = 0) -> Any:
    """The workload's model as ``torch.nn.Sequential`` (channels-first images)."""
    import torch
    from torch import nn

    torch.manual_seed(seed)
    modules: list[Any] = []
    features = int(np.prod(workload.input_shape))
    size = workload.input_shape[0]
    for index, spec in enumerate(workload.layers):
        kind = spec[0]
        if kind == "dense":
            modules.append(nn.Linear(features, spec[1]))
            features = spec[1]
            if spec[2] == "relu":
                modules.append(nn.ReLU())
        elif kind == "conv":
            channels = _channels_after(workload, index)
            modules += [
                nn.Conv2d(channels, spec[1], spec[2], padding="same"),
                nn.ReLU(),
            ]
        elif kind == "pool":
            modules.append(nn.MaxPool2d(spec[1]))
            size //= spec[1]
        elif kind == "flatten":
            modules.append(nn.Flatten())
            features = size * size * _channels_after(workload, index)
        elif kind == "dropout":
            modules.append(nn.Dropout(spec[1]))
    return nn.Sequential(*modules)


class Runner:
    """Trains and predicts one workload with a PyTorch eager loop."""

    def __init__(self, workload: Workload, data: dict, seed: int = 0) -> None:
        import torch

        self.torch = torch
        self.workload = workload
        self.x = torch.from_numpy(self._layout(data["x"]))
        self.y = torch.from_numpy(data["y"])
        self.model = build_model(workload, seed)
        self.optimizer = torch.optim.Adam(
            self.model.parameters(), lr=workload.learning_rate, eps=1e-7
        )
        self.generator = torch.Generator().manual_seed(seed)

    def _layout(self, x: np.ndarray) -> np.ndarray:
        # NOTE: PyTorch convolutions want (N, C, H, W); the data is channels-last.
        return np.ascontiguousarray(x.transpose(0, 3, 1, 2)) if x.ndim == 4 else x

    def train(self, epochs: int) -> dict[str, float]:
        """The classic loop: shuffle, forward, loss, backward, step."""
        torch, model = self.torch, self.model
        loss_fn = torch.nn.functional.cross_entropy
        model.train()
        for _ in range(epochs):
            order = torch.randperm(len(self.x), generator=self.generator)
            total, correct = 0.0, 0
            for start in range(0, len(self.x), self.workload.batch_size):
                index = order[start : start + self.workload.batch_size]
                x, y = self.x[index], self.y[index]
                self.optimizer.zero_grad()
                logits = model(x)
                loss = loss_fn(logits, y)
                loss.backward()
                self.optimizer.step()
                total += loss.item() * len(index)
                correct += int((logits.argmax(1) == y).sum())
        return {"loss": total / len(self.x), "accuracy": correct / len(self.x)}

    def predict(self, x: np.ndarray) -> np.ndarray:
        """Class probabilities for ``x``, in batches, without autograd."""
        torch = self.torch
        self.model.eval()
        x = torch.from_numpy(self._layout(x))
        outputs = []
        with torch.no_grad():
            for start in range(0, len(x), self.workload.predict_batch):
                logits = self.model(x[start : start + self.workload.predict_batch])
                outputs.append(torch.softmax(logits, dim=1))
        return torch.cat(outputs).numpy()


def gemm(a: np.ndarray, b: np.ndarray) -> Any:
    """Return a function computing ``a @ b`` with PyTorch's BLAS."""
    import torch

    ta, tb = torch.from_numpy(a), torch.from_numpy(b)
    return lambda: ta @ tb
