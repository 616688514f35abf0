"""``Average``: mean of the inputs, element by element: ``(x1 + ... + xn) / n``.

Notebook: ``notebooks/05_functional_models.ipynb``.
"""

from __future__ import annotations

import functools
from typing import Any

from kitlib import ops
from kitlib.layers.merging.base_merge import Merge


class Average(Merge):
    """Averages a list of tensors element-wise (e.g. an ensemble of branches).

    Input shape:
        A list of at least 2 tensors of the same shape (or shapes that broadcast).

    Output shape:
        The common (broadcast) shape.

    Example:
        >>> import numpy as np
        >>> Average()([np.array([[1.0, 2.0]]), np.array([[3.0, 4.0]])]).numpy().tolist()
        [[2.0, 3.0]]
    """

    def _merge(self, inputs: list[Any]) -> Any:
        return functools.reduce(ops.add, inputs) / float(len(inputs))


def average(inputs: list[Any], **kwargs: Any) -> Any:
    """Functional form of :class:`Average`: ``Average(**kwargs)(inputs)``.

    Args:
        inputs: a list of at least 2 tensors.
        **kwargs: layer arguments such as ``name``.
    """
    return Average(**kwargs)(inputs)
