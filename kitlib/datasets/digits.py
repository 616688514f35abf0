"""The 8x8 handwritten digits, shipped inside kitlib so notebooks run offline.

Notebook: the training notebooks in ``notebooks/`` load it (no download needed).

1,797 grey images of the digits 0-9. Each pixel counts the "on" pixels of a 4x4
block of the original 32x32 bitmap, so values are integers from 0 to 16
(:data:`MAX_PIXEL`). Source and licence: ``kitlib/datasets/data/README.md``.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import numpy as np

from kitlib.datasets._validation import check_seed
from kitlib.utils.random import make_rng

__all__ = ["IMAGE_SHAPE", "MAX_PIXEL", "NUM_CLASSES", "load_data"]

NUM_CLASSES = 10
IMAGE_SHAPE = (8, 8)
MAX_PIXEL = 16  # divide by this (not 255) to scale pixels to [0, 1]
NUM_SAMPLES = 1797

_FILE_NAME = "digits.npz"
_REINSTALL_HINT = (
    "The file ships with kitlib; reinstall it with `pip install -e .` (or "
    "`make lab`) to restore it"
)

Split = tuple[np.ndarray, np.ndarray]


def load_data(
    test_split: float = 0.2, seed: int | None = 0, flatten: bool = False
) -> tuple[Split, Split]:
    """Load the digits as ``(x_train, y_train), (x_test, y_test)``, like Keras.

    The split is stratified: every digit keeps the same share in both parts.
    With the same ``seed`` you get the same split and the same order, so test
    accuracies can be compared between runs and between learners.

    Args:
        test_split: Fraction of the images kept for testing, in ``[0, 1)``.
            ``0`` puts everything in the training part.
        seed: Seed of the shuffle. ``None`` draws from kitlib's global
            generator, which follows ``kitlib.utils.set_random_seed``.
        flatten: If True, images come as ``(N, 64)`` rows, ready for a
            ``Dense`` layer; otherwise as ``(N, 8, 8)`` like ``mnist.load_data``.

    Returns:
        ``(x_train, y_train), (x_test, y_test)``. Images are ``uint8`` in
        ``0..16``; labels are ``uint8`` in ``0..9`` (the dtypes Keras's MNIST
        loader returns). Scale the images yourself, e.g. ``x / 16.0``.

    Raises:
        ValueError: If ``test_split`` is outside ``[0, 1)`` or ``seed`` is negative.
        TypeError: If ``seed`` is not an int or None.
        FileNotFoundError: If the packaged data file is missing.

    Example:
        >>> (x_train, y_train), (x_test, y_test) = load_data()
        >>> x_train.shape, x_test.shape, x_train.dtype.name
        ((1438, 8, 8), (359, 8, 8), 'uint8')
    """
    _check_test_split(test_split)
    check_seed("load_data()", seed)
    images, labels = _read_npz(_data_path())
    rng = make_rng(seed)
    train_idx, test_idx = _stratified_indices(labels, test_split, rng)
    if flatten:
        images = images.reshape(len(images), -1)
    return (images[train_idx], labels[train_idx]), (images[test_idx], labels[test_idx])


def _data_path() -> Path:
    return Path(str(resources.files("kitlib.datasets") / "data" / _FILE_NAME))


def _read_npz(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """Read and validate the packaged file: ``images`` (N, 8, 8), ``labels`` (N,)."""
    if not Path(path).is_file():
        raise FileNotFoundError(
            f"kitlib.datasets.digits expected its data file at {path}, but it is "
            f"missing. {_REINSTALL_HINT}."
        )
    with np.load(path, allow_pickle=False) as data:
        missing = {"images", "labels"} - set(data.files)
        if missing:
            raise ValueError(
                f"kitlib.datasets.digits expected arrays 'images' and 'labels' in "
                f"{path}, but {sorted(missing)} are missing. {_REINSTALL_HINT}."
            )
        images, labels = data["images"], data["labels"]
    if images.shape[1:] != IMAGE_SHAPE or labels.shape != (len(images),):
        raise ValueError(
            f"kitlib.datasets.digits expected images of shape (N, 8, 8) and labels "
            f"of shape (N,), but {path} holds {images.shape} and {labels.shape}. "
            f"{_REINSTALL_HINT}."
        )
    return images, labels


def _check_test_split(test_split: float) -> None:
    if isinstance(test_split, bool) or not isinstance(
        test_split, (int, float, np.floating, np.integer)
    ):
        raise TypeError(
            f"load_data() expected test_split to be a number such as 0.2, but "
            f"received {type(test_split).__name__}."
        )
    if not 0.0 <= test_split < 1.0:
        raise ValueError(
            f"load_data() expected 0 <= test_split < 1, but received {test_split}. "
            f"It is the fraction of images kept for testing, e.g. 0.2 for 20%."
        )


def _stratified_indices(
    labels: np.ndarray, test_split: float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Shuffled train/test indices that keep each class's share in both parts."""
    classes, counts = np.unique(labels, return_counts=True)
    n_test = _allocate(counts, test_split)
    train_parts, test_parts = [], []
    for cls, k in zip(classes, n_test, strict=True):
        members = rng.permutation(np.flatnonzero(labels == cls))
        test_parts.append(members[:k])
        train_parts.append(members[k:])
    # Shuffle across classes too, so no batch is all one digit.
    train_idx = rng.permutation(np.concatenate(train_parts))
    test_idx = rng.permutation(np.concatenate(test_parts))
    return train_idx, test_idx


def _allocate(counts: np.ndarray, test_split: float) -> np.ndarray:
    """Per-class test counts summing to ``round(N * test_split)``.

    Largest-remainder rounding: take the floor of each class's share, then hand
    the few leftover images to the classes with the largest fractional parts
    (ties go to the lower class, so the result is deterministic).
    """
    exact = counts * test_split
    n_test = np.floor(exact).astype(np.int64)
    leftover = int(round(counts.sum() * test_split)) - int(n_test.sum())
    order = np.argsort(-(exact - n_test), kind="stable")
    n_test[order[:leftover]] += 1
    # NOTE: keep at least one training image per class, whatever the split.
    return np.minimum(n_test, counts - 1)
