"""``Concatenate``: join tensors side by side along one axis.

Notebook: ``notebooks/04_nodes_and_history.ipynb`` (layer F of seed 001's graph).
"""

from __future__ import annotations

from typing import Any

from kitlib import ops
from kitlib.engine.layer import Layer
from kitlib.layers.merging.base_merge import check_shape_list, input_shapes
from kitlib.utils.errors import fmt_shape


class Concatenate(Layer):
    """Concatenates a list of tensors along ``axis`` (default: the last one).

    All other axes must have the same size; the output's ``axis`` is the sum of
    the inputs' sizes there.

    Args:
        axis: the axis to join along (``-1``: features).

    Input shape:
        A list of at least 2 tensors with the same number of axes.

    Output shape:
        The common shape, with ``axis`` summed.

    Example:
        >>> import numpy as np
        >>> Concatenate()([np.array([[1.0, 2.0]]), np.array([[3.0]])]).numpy().tolist()
        [[1.0, 2.0, 3.0]]
    """

    min_inputs = 2
    max_inputs = None

    def __init__(self, axis: int = -1, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not isinstance(axis, int) or isinstance(axis, bool):
            raise TypeError(
                f"Concatenate expects axis to be an int, but received {axis!r}."
            )
        self.axis = axis

    def call(self, inputs: Any) -> Any:
        self.compute_output_shape(input_shapes(self, inputs))
        return ops.concatenate(list(inputs), axis=self.axis)

    def compute_output_shape(self, input_shape: Any) -> tuple:
        shapes = check_shape_list(self, input_shape)
        ndim = len(shapes[0])
        shown = ", ".join(fmt_shape(s) for s in shapes)
        who = f"Layer '{self.name}' (Concatenate)"
        if any(len(s) != ndim for s in shapes):
            raise ValueError(
                f"{who} expects inputs with the same number of axes, but received "
                f"shapes [{shown}]. Reshape or Flatten the inputs first."
            )
        if not -ndim <= self.axis < ndim:
            raise ValueError(
                f"{who} expects axis in [-{ndim}, {ndim}) for inputs with {ndim} "
                f"axes, but received axis={self.axis}."
            )
        axis = self.axis % ndim
        merged = []
        for index, dims in enumerate(zip(*shapes, strict=True)):
            known = {d for d in dims if d is not None}
            if index == axis:
                merged.append(None if None in dims else sum(dims))
            elif len(known) > 1:
                raise ValueError(
                    f"{who} expects inputs of the same shape except along the "
                    f"concatenation axis {self.axis}, but received shapes [{shown}], "
                    f"which differ at axis {index}. Only the joined axis may differ."
                )
            else:
                merged.append(known.pop() if known else None)
        return tuple(merged)

    def get_config(self) -> dict:
        return {**super().get_config(), "axis": self.axis}


def concatenate(inputs: list[Any], axis: int = -1, **kwargs: Any) -> Any:
    """Functional form of :class:`Concatenate`.

    Args:
        inputs: a list of at least 2 tensors.
        axis: the axis to join along.
        **kwargs: layer arguments such as ``name``.

    Example:
        >>> import numpy as np
        >>> concatenate([np.ones((1, 1)), np.zeros((1, 1))]).numpy().tolist()
        [[1.0, 0.0]]
    """
    return Concatenate(axis=axis, **kwargs)(inputs)
