"""The three workloads of SPEC §10, defined once for every framework.

A workload is data + a layer list + batch size. Each framework module
(``fw_kitlib``, ``fw_torch``, ``fw_keras``, ``fw_numpy``) builds its model from
the same :attr:`Workload.layers` tuples and trains on the same arrays, which the
runner writes once to an ``.npz`` file that every worker loads.

* W1 MLP: 20,000 x 784 -> Dense(256, relu) -> Dense(128, relu) -> Dense(10, softmax).
* W2 CNN: 5,000 x 28x28x1 -> Conv(32) -> Pool -> Conv(64) -> Pool -> Flatten ->
  Dense(128, relu) -> Dropout(0.5) -> Dense(10, softmax).
* W3 digits: the 8x8 digits shipped with kitlib (standardized pixels), Dense(64, relu)
  -> Dense(10, softmax), 30 epochs, batch 32, test accuracy.

W1 and W2 use synthetic data with labels from a fixed random linear "teacher", so
the loss falls and the accuracy printed next to the timings shows that every
framework really trains.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

# A layer is a tuple: ("dense", units, activation), ("conv", filters, size,
# activation) with padding "same", ("pool", size), ("flatten",), ("dropout", rate).
Layer = tuple


@dataclass(frozen=True)
class Workload:
    """One benchmark workload.

    Attributes:
        name: ``"w1"``, ``"w2"`` or ``"w3"``.
        title: what the table prints.
        samples: training samples (W3: set by the data set).
        input_shape: one sample's shape.
        layers: the model, as layer tuples (see the module docstring).
        batch_size: training batch size.
        epochs: epochs per timed run (1 for W1/W2; 30 for W3, timed in total).
        optimizer: always Adam(1e-3, epsilon=1e-7), Keras's defaults.
        predict_batch: batch size of the predict-throughput measurement.
    """

    name: str
    title: str
    samples: int
    input_shape: tuple[int, ...]
    layers: tuple[Layer, ...]
    batch_size: int
    epochs: int = 1
    learning_rate: float = 1e-3
    predict_batch: int = 1024


W1 = Workload(
    "w1",
    "W1 MLP 784-256-128-10",
    20_000,
    (784,),
    (("dense", 256, "relu"), ("dense", 128, "relu"), ("dense", 10, "softmax")),
    batch_size=128,
)
W2 = Workload(
    "w2",
    "W2 CNN 28x28 conv32-conv64-128-10",
    5_000,
    (28, 28, 1),
    (
        ("conv", 32, 3, "relu"),
        ("pool", 2),
        ("conv", 64, 3, "relu"),
        ("pool", 2),
        ("flatten",),
        ("dense", 128, "relu"),
        ("dropout", 0.5),
        ("dense", 10, "softmax"),
    ),
    batch_size=64,
)
W3 = Workload(
    "w3",
    "W3 digits 64-64-10, 30 epochs",
    1_438,
    (64,),
    (("dense", 64, "relu"), ("dense", 10, "softmax")),
    batch_size=32,
    epochs=30,
)
WORKLOADS = {w.name: w for w in (W1, W2, W3)}
NUM_CLASSES = 10


def scaled(workload: Workload, fraction: float) -> Workload:
    """A smaller copy (fewer samples, W3 fewer epochs) for tests and notebooks."""
    if fraction >= 1.0:
        return workload
    samples = max(workload.batch_size * 2, int(workload.samples * fraction))
    epochs = max(1, int(workload.epochs * fraction)) if workload.epochs > 1 else 1
    return replace(workload, samples=samples, epochs=epochs)


def make_data(workload: Workload, seed: int = 0) -> dict[str, np.ndarray]:
    """Training and test arrays: ``x``, ``y`` (int64 labels), ``x_test``, ``y_test``."""
    if workload.name == "w3":
        return _digits(workload.samples)
    rng = np.random.default_rng(seed)
    total = workload.samples + workload.samples // 4
    x = rng.random((total, *workload.input_shape), dtype=np.float32)
    # NOTE: the labels are a fixed linear function of the pixels (plus a little
    # noise), so there is something to learn and accuracies rise above 10 %.
    flat = x.reshape(total, -1) - np.float32(0.5)
    teacher = rng.standard_normal((flat.shape[1], NUM_CLASSES)).astype(np.float32)
    scores = flat @ teacher + rng.standard_normal((total, NUM_CLASSES)) * 0.5
    y = scores.argmax(axis=1).astype(np.int64)
    cut = workload.samples
    return {"x": x[:cut], "y": y[:cut], "x_test": x[cut:], "y_test": y[cut:]}


def _digits(samples: int) -> dict[str, np.ndarray]:
    """kitlib's digits split, each pixel standardized with the training set's statistics.

    NOTE: standardized pixels (mean 0, std 1, as scikit-learn's StandardScaler
    would make them) are what the issue's reference accuracy of 0.969 was measured
    with; pixels merely scaled to [0, 1] give about 0.95 in every framework.
    """
    from kitlib.datasets import digits  # only the runner loads it; workers read the npz

    (x, y), (x_test, y_test) = digits.load_data(test_split=0.2, seed=0, flatten=True)
    x, x_test = x[:samples].astype(np.float32), x_test.astype(np.float32)
    mean, std = x.mean(axis=0), x.std(axis=0)
    std[std == 0] = 1.0  # corner pixels that are always 0
    return {
        "x": (x - mean) / std,
        "y": y[:samples].astype(np.int64),
        "x_test": (x_test - mean) / std,
        "y_test": y_test.astype(np.int64),
    }


def forward_flops(workload: Workload) -> int:
    """Multiply-add FLOPs (2 per MAC) of one sample's forward pass, GEMM/conv only.

    Activations, pooling and the loss are left out: they are a few percent.
    """
    shape = workload.input_shape
    total = 0
    for layer in workload.layers:
        kind = layer[0]
        if kind == "dense":
            total += 2 * int(np.prod(shape)) * layer[1]
            shape = (layer[1],)
        elif kind == "conv":  # padding "same": the image keeps its size
            height, width, channels = shape
            total += 2 * height * width * layer[2] * layer[2] * channels * layer[1]
            shape = (height, width, layer[1])
        elif kind == "pool":
            shape = (shape[0] // layer[1], shape[1] // layer[1], shape[2])
        elif kind == "flatten":
            shape = (int(np.prod(shape)),)
    return total


def train_flops(workload: Workload) -> int:
    """FLOPs of one training epoch: the usual 3 x forward (forward, dx, dW)."""
    return 3 * forward_flops(workload) * workload.samples * workload.epochs
