"""``Multiply``: product of the inputs, element by element: ``x1 * x2 * ...``.

Notebook: ``notebooks/05_functional_models.ipynb``.
"""

from __future__ import annotations

import functools
from typing import Any

from kitlib import ops
from kitlib.layers.merging.base_merge import Merge


class Multiply(Merge):
    """Multiplies a list of tensors element-wise (e.g. a gate times a signal).

    Input shape:
        A list of at least 2 tensors of the same shape (or shapes that broadcast).

    Output shape:
        The common (broadcast) shape.

    Example:
        >>> import numpy as np
        >>> Multiply()([np.array([[1.0, 2.0]]), np.array([[3.0, 4.0]])]).numpy().tolist()
        [[3.0, 8.0]]
    """

    def _merge(self, inputs: list[Any]) -> Any:
        return functools.reduce(ops.multiply, inputs)


def multiply(inputs: list[Any], **kwargs: Any) -> Any:
    """Functional form of :class:`Multiply`: ``Multiply(**kwargs)(inputs)``.

    Args:
        inputs: a list of at least 2 tensors.
        **kwargs: layer arguments such as ``name``.
    """
    return Multiply(**kwargs)(inputs)
