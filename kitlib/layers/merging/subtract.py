"""``Subtract``: difference of two inputs: ``x1 - x2``.

Notebook: ``notebooks/05_functional_models.ipynb``.
"""

from __future__ import annotations

from typing import Any

from kitlib import ops
from kitlib.layers.merging.base_merge import Merge


class Subtract(Merge):
    """Subtracts the second of exactly two tensors from the first.

    Input shape:
        A list of exactly 2 tensors of the same shape (or shapes that broadcast).

    Output shape:
        The common (broadcast) shape.

    Example:
        >>> import numpy as np
        >>> Subtract()([np.array([[1.0, 2.0]]), np.array([[3.0, 4.0]])]).numpy().tolist()
        [[-2.0, -2.0]]
    """

    min_inputs = 2
    max_inputs = 2

    def _merge(self, inputs: list[Any]) -> Any:
        return ops.subtract(inputs[0], inputs[1])


def subtract(inputs: list[Any], **kwargs: Any) -> Any:
    """Functional form of :class:`Subtract`: ``Subtract(**kwargs)(inputs)``.

    Args:
        inputs: a list of exactly 2 tensors.
        **kwargs: layer arguments such as ``name``.
    """
    return Subtract(**kwargs)(inputs)
