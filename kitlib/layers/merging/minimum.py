"""``Minimum``: smallest input at each position: ``min(x1, x2, ...)``.

Notebook: ``notebooks/05_functional_models.ipynb``.
"""

from __future__ import annotations

import functools
from typing import Any

from kitlib import ops
from kitlib.layers.merging.base_merge import Merge


class Minimum(Merge):
    """Takes the element-wise minimum of a list of tensors.

    Input shape:
        A list of at least 2 tensors of the same shape (or shapes that broadcast).

    Output shape:
        The common (broadcast) shape.

    Example:
        >>> import numpy as np
        >>> Minimum()([np.array([[1.0, 2.0]]), np.array([[3.0, 4.0]])]).numpy().tolist()
        [[1.0, 2.0]]
    """

    def _merge(self, inputs: list[Any]) -> Any:
        return functools.reduce(ops.minimum, inputs)


def minimum(inputs: list[Any], **kwargs: Any) -> Any:
    """Functional form of :class:`Minimum`: ``Minimum(**kwargs)(inputs)``.

    Args:
        inputs: a list of at least 2 tensors.
        **kwargs: layer arguments such as ``name``.
    """
    return Minimum(**kwargs)(inputs)
