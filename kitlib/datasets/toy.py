"""Small 2-D data sets generated on the fly, for decision-boundary pictures.

Notebook: the notebooks that draw decision boundaries use these.

Each generator returns ``(x, y)``: ``x`` is ``float32`` of shape
``(n_samples, n_features)`` and ``y`` is ``int64`` class labels of shape
``(n_samples,)``. Rows are shuffled, so slicing off the last 20% (as
``fit(validation_split=0.2)`` does) keeps every class. With the same ``seed``
you get the same points; ``seed=None`` draws from kitlib's global generator,
which follows ``kitlib.utils.set_random_seed``.
"""

from __future__ import annotations

import numpy as np

from kitlib.datasets._validation import (
    check_int,
    check_number,
    check_seed,
    shuffled,
    split_evenly,
)
from kitlib.utils.random import make_rng

__all__ = ["make_blobs", "make_moons", "make_spirals"]


def make_spirals(
    n_samples: int = 300,
    n_classes: int = 3,
    noise: float = 0.05,
    turns: float = 1.0,
    seed: int | None = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Interleaved spiral arms, one per class: no straight line separates them.

    Arm ``k`` starts at the centre and winds outwards to radius 1, rotated by
    ``k / n_classes`` of a full turn from arm 0. A linear model cannot fit this;
    a small MLP can, which is why it is the classic first non-linear data set.

    Args:
        n_samples: Total number of points, split as evenly as possible.
        n_classes: Number of arms (classes), at least 2.
        noise: Standard deviation of Gaussian noise added to each coordinate.
        turns: How many full turns each arm makes.
        seed: Seed of the generator, or None for kitlib's global generator.

    Returns:
        ``(x, y)`` with ``x`` float32 ``(n_samples, 2)``, ``y`` int64 in
        ``0..n_classes-1``.

    Example:
        >>> x, y = make_spirals(n_samples=90, n_classes=3)
        >>> x.shape, x.dtype.name, sorted(set(y.tolist()))
        ((90, 2), 'float32', [0, 1, 2])
    """
    who = "make_spirals()"
    n_classes = check_int(who, "n_classes", n_classes, 2, "Use at least two arms")
    n_samples = _check_n_samples(who, n_samples, n_classes)
    noise = check_number(who, "noise", noise)
    turns = check_number(who, "turns", turns)
    check_seed(who, seed)
    rng = make_rng(seed)
    xs, ys = [], []
    for k, size in enumerate(split_evenly(n_samples, n_classes)):
        radius = np.linspace(0.0, 1.0, size)
        angle = 2.0 * np.pi * (k / n_classes + turns * radius)
        arm = radius[:, None] * np.stack([np.cos(angle), np.sin(angle)], axis=1)
        xs.append(arm + rng.normal(0.0, noise, size=arm.shape))
        ys.append(np.full(size, k))
    return shuffled(np.concatenate(xs), np.concatenate(ys), rng)


def make_moons(
    n_samples: int = 200, noise: float = 0.1, seed: int | None = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles (class 0 on top, class 1 below).

    The upper moon is the half circle of radius 1 around ``(0, 0)``; the lower
    one is the same arc flipped and moved to ``(1, 0.5)``, so each moon's tip
    reaches into the other's hollow.

    Args:
        n_samples: Total number of points; class 0 gets the extra one if odd.
        noise: Standard deviation of Gaussian noise added to each coordinate.
        seed: Seed of the generator, or None for kitlib's global generator.

    Returns:
        ``(x, y)`` with ``x`` float32 ``(n_samples, 2)``, ``y`` int64 in ``{0, 1}``.

    Example:
        >>> x, y = make_moons(n_samples=100, noise=0.0)
        >>> x.shape, int(y.sum())
        ((100, 2), 50)
    """
    who = "make_moons()"
    n_samples = _check_n_samples(who, n_samples, 2)
    noise = check_number(who, "noise", noise)
    check_seed(who, seed)
    rng = make_rng(seed)
    n_upper, n_lower = split_evenly(n_samples, 2)
    t_upper = np.linspace(0.0, np.pi, n_upper)
    t_lower = np.linspace(0.0, np.pi, n_lower)
    upper = np.stack([np.cos(t_upper), np.sin(t_upper)], axis=1)
    lower = np.stack([1.0 - np.cos(t_lower), 0.5 - np.sin(t_lower)], axis=1)
    x = np.concatenate([upper, lower])
    x = x + rng.normal(0.0, noise, size=x.shape)
    y = np.concatenate([np.zeros(n_upper), np.ones(n_lower)])
    return shuffled(x, y, rng)


def make_blobs(
    n_samples: int = 300,
    centers: int | np.ndarray = 3,
    n_features: int = 2,
    cluster_std: float = 1.0,
    seed: int | None = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Gaussian clusters, one per class: the easy, linearly separable case.

    Args:
        n_samples: Total number of points, split as evenly as possible.
        centers: Number of clusters (their centres are drawn uniformly in the
            box ``[-10, 10]`` in every feature), or an array of shape
            ``(n_clusters, n_features)`` giving the centres yourself.
        n_features: Number of coordinates per point (ignored when ``centers``
            is an array: its second axis decides).
        cluster_std: Standard deviation of each cluster around its centre.
        seed: Seed of the generator, or None for kitlib's global generator.

    Returns:
        ``(x, y)`` with ``x`` float32 ``(n_samples, n_features)``, ``y`` int64:
        the index of the cluster each point was drawn from.

    Example:
        >>> x, y = make_blobs(n_samples=30, centers=[[0, 0], [5, 5]])
        >>> x.shape, sorted(set(y.tolist()))
        ((30, 2), [0, 1])
    """
    who = "make_blobs()"
    check_seed(who, seed)
    rng = make_rng(seed)
    center_array = _resolve_centers(who, centers, n_features, rng)
    n_samples = _check_n_samples(who, n_samples, len(center_array))
    cluster_std = check_number(who, "cluster_std", cluster_std)
    xs, ys = [], []
    for k, size in enumerate(split_evenly(n_samples, len(center_array))):
        spread = rng.normal(0.0, cluster_std, size=(size, center_array.shape[1]))
        xs.append(center_array[k] + spread)
        ys.append(np.full(size, k))
    return shuffled(np.concatenate(xs), np.concatenate(ys), rng)


def _resolve_centers(
    who: str, centers: object, n_features: int, rng: np.random.Generator
) -> np.ndarray:
    """Turn ``centers`` (a count or explicit coordinates) into a (k, d) array."""
    if isinstance(centers, (int, np.integer)) and not isinstance(centers, bool):
        count = check_int(who, "centers", centers, 1, "Ask for at least one cluster")
        dims = check_int(who, "n_features", n_features, 1, "Points need a coordinate")
        return rng.uniform(-10.0, 10.0, size=(count, dims))
    array = np.asarray(centers, dtype=np.float64)
    if array.ndim != 2 or array.shape[0] == 0 or array.shape[1] == 0:
        raise ValueError(
            f"{who} expected centers to be an int or an array of shape "
            f"(n_clusters, n_features), but received shape {array.shape}. "
            f"Write e.g. centers=[[0, 0], [5, 5]] for two 2-D clusters."
        )
    return array


def _check_n_samples(who: str, n_samples: object, n_classes: int) -> int:
    return check_int(
        who,
        "n_samples",
        n_samples,
        n_classes,
        f"Every one of the {n_classes} classes needs at least one point",
    )
