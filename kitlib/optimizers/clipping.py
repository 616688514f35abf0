"""Gradient clipping on NumPy arrays, with Keras's formulas.

Notebook: ``notebooks/08_gradient_tape.ipynb``.

Clipping limits how far one bad batch can move the weights:

* ``clipnorm``: each gradient is rescaled on its own so its L2 norm is at most
  ``clipnorm`` (its direction is kept).
* ``global_clipnorm``: all gradients are rescaled *together* so the norm of
  their concatenation is at most ``global_clipnorm`` (relative sizes are kept).
* ``clipvalue``: each element is clipped into ``[-clipvalue, clipvalue]`` (the
  direction can change).
"""

from __future__ import annotations

import math

import numpy as np


def clip_by_norm(gradient: np.ndarray, clipnorm: float) -> np.ndarray:
    """``gradient * clipnorm / max(norm(gradient), clipnorm)``.

    Example:
        >>> clip_by_norm(np.array([3.0, 4.0]), 1.0).round(6).tolist()
        [0.6, 0.8]
    """
    norm = np.sqrt(np.sum(np.square(gradient)))
    return gradient * (clipnorm / np.maximum(norm, clipnorm))


def global_norm(gradients: list[np.ndarray]) -> float:
    """The L2 norm of all gradients taken together (``None`` entries skipped)."""
    total = sum(float(np.sum(np.square(g, dtype=np.float64))) for g in gradients)
    return math.sqrt(total)


def clip_by_global_norm(
    gradients: list[np.ndarray], clipnorm: float
) -> list[np.ndarray]:
    """Scale every gradient by ``clipnorm / max(global_norm, clipnorm)``.

    NOTE: as in Keras, a non-finite global norm (a NaN or inf gradient) makes
    every gradient NaN rather than silently hiding the problem.

    Example:
        >>> out = clip_by_global_norm([np.array([3.0]), np.array([4.0])], 1.0)
        >>> [round(float(g[0]), 6) for g in out]
        [0.6, 0.8]
    """
    norm = global_norm(gradients)
    scale = clipnorm / max(norm, clipnorm) if math.isfinite(norm) else math.nan
    return [g * np.asarray(scale, dtype=g.dtype) for g in gradients]


def clip_by_value(gradient: np.ndarray, clipvalue: float) -> np.ndarray:
    """Clip every element into ``[-clipvalue, clipvalue]``.

    Example:
        >>> clip_by_value(np.array([-3.0, 0.5, 2.0]), 1.0).tolist()
        [-1.0, 0.5, 1.0]
    """
    return np.clip(gradient, -clipvalue, clipvalue)


def check_clip_arguments(
    who: str,
    clipnorm: float | None,
    clipvalue: float | None,
    global_clipnorm: float | None,
) -> None:
    """Raise if more than one clipping mode is set (Keras allows only one)."""
    given = {
        name: value
        for name, value in [
            ("clipnorm", clipnorm),
            ("clipvalue", clipvalue),
            ("global_clipnorm", global_clipnorm),
        ]
        if value is not None
    }
    if len(given) > 1:
        shown = ", ".join(f"{k}={v}" for k, v in given.items())
        raise ValueError(
            f"{who} accepts only one of clipnorm, clipvalue and global_clipnorm, but "
            f"received {shown}. Pick one way to clip the gradients."
        )
    for name, value in given.items():
        if value < 0:
            raise ValueError(
                f"{who} expects {name} >= 0, but received {name}={value}. It is an "
                "upper bound on a norm or an absolute value."
            )


def clip_gradients(
    gradients: list[np.ndarray],
    clipnorm: float | None = None,
    clipvalue: float | None = None,
    global_clipnorm: float | None = None,
) -> list[np.ndarray]:
    """Apply whichever clipping mode is set (a value of 0 or None disables it)."""
    if clipnorm:
        return [clip_by_norm(g, clipnorm) for g in gradients]
    if global_clipnorm:
        return clip_by_global_norm(gradients, global_clipnorm)
    if clipvalue:
        return [clip_by_value(g, clipvalue) for g in gradients]
    return gradients
