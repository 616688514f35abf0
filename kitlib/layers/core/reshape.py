"""``Reshape``: give each sample a new shape (the batch axis is kept).

Notebook: ``notebooks/03_shapes_and_input_spec.ipynb``.
"""

from __future__ import annotations

import math
from typing import Any

from kitlib import ops
from kitlib.engine.keras_tensor import KerasTensor
from kitlib.engine.layer import Layer
from kitlib.utils.errors import fmt_shape


class Reshape(Layer):
    """Reshapes each sample to ``target_shape``; one entry may be ``-1`` (inferred).

    Args:
        target_shape: the new shape of one sample, without the batch axis, e.g.
            ``(4, 3)`` or ``(-1, 3)``.

    Input shape:
        ``(batch_size, ...)``.

    Output shape:
        ``(batch_size, *target_shape)``, with ``-1`` replaced by the size that
        keeps the number of values per sample.

    Example:
        >>> import numpy as np
        >>> Reshape((-1, 2))(np.zeros((5, 6))).shape
        (5, 3, 2)
    """

    def __init__(self, target_shape: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.target_shape = _check_target(self.name, target_shape)

    def call(self, inputs: Any) -> Any:
        shape = self.compute_output_shape(inputs.shape)
        if None in shape[1:]:
            # Unknown sizes in a symbolic input: nothing to compute, only describe.
            return KerasTensor(shape, inputs.dtype)
        batch = -1 if shape[0] is None else shape[0]
        return ops.reshape(inputs, (batch, *shape[1:]))

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        sample = tuple(input_shape[1:])
        total = None if None in sample else math.prod(sample)
        target = self.target_shape
        known = math.prod(d for d in target if d != -1)
        if total is None:
            return (input_shape[0], *(None if d == -1 else d for d in target))
        fits = total % known == 0 if -1 in target else total == known
        if not fits:
            raise ValueError(
                f"Reshape layer '{self.name}' cannot turn samples of shape "
                f"{fmt_shape(sample)} ({total} values) into target_shape "
                f"{fmt_shape(target)} ({known} values"
                f"{' times the -1 axis' if -1 in target else ''}). A reshape keeps "
                f"every value, so the target sizes must multiply to {total}; put -1 "
                "on one axis to let kitlib infer it."
            )
        return (input_shape[0], *(total // known if d == -1 else d for d in target))

    def get_config(self) -> dict:
        return {**super().get_config(), "target_shape": list(self.target_shape)}


def _check_target(name: str, target_shape: Any) -> tuple[int, ...]:
    dims = (target_shape,) if isinstance(target_shape, int) else target_shape
    try:
        dims = tuple(dims)
        valid = all(isinstance(d, int) and (d > 0 or d == -1) for d in dims)
    except TypeError:
        valid = False
    if not valid or dims.count(-1) > 1:
        raise ValueError(
            f"Reshape layer '{name}' expects target_shape to be a tuple of positive "
            f"ints with at most one -1, but received {target_shape!r}. Give the shape "
            "of one sample without the batch axis, e.g. Reshape((4, 3)) or "
            "Reshape((-1, 3))."
        )
    return dims
