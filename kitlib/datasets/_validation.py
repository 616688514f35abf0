"""Argument checks shared by the data set loaders and generators."""

from __future__ import annotations

import math

import numpy as np


def check_seed(who: str, seed: object) -> None:
    """Accept None or a non-negative int (what ``np.random.default_rng`` takes)."""
    if seed is None:
        return
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(
            f"{who} expected seed to be an int or None, but received "
            f"{type(seed).__name__}. Pass e.g. seed=0."
        )
    if seed < 0:
        raise ValueError(f"{who} expected a non-negative seed, but received {seed}.")


def check_int(who: str, name: str, value: object, minimum: int, why: str) -> int:
    """Return ``value`` as an int if it is an integer ``>= minimum``."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(
            f"{who} expected {name} to be an int, but received {type(value).__name__}."
        )
    if value < minimum:
        raise ValueError(
            f"{who} expected {name} >= {minimum}, but received {value}. {why}."
        )
    return int(value)


def check_number(who: str, name: str, value: object) -> float:
    """Return ``value`` as a float if it is a finite number ``>= 0``."""
    if isinstance(value, bool) or not isinstance(
        value, (int, float, np.integer, np.floating)
    ):
        raise TypeError(
            f"{who} expected {name} to be a number, but received "
            f"{type(value).__name__}."
        )
    if not math.isfinite(value) or value < 0:
        raise ValueError(
            f"{who} expected {name} to be a finite number >= 0, but received {value}."
        )
    return float(value)


def split_evenly(n_samples: int, n_parts: int) -> list[int]:
    """Sizes of ``n_parts`` groups as equal as possible (earlier ones get extras)."""
    base, extra = divmod(n_samples, n_parts)
    return [base + (1 if i < extra else 0) for i in range(n_parts)]


def shuffled(
    x: np.ndarray, y: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Shuffle rows of ``x`` and ``y`` together; cast to float32 / int64."""
    order = rng.permutation(len(y))
    return x[order].astype(np.float32), y[order].astype(np.int64)
