"""``ZeroPadding2D``: add rows and columns of zeros around an image.

Notebook: ``notebooks/11_cnn_layers.ipynb``.
"""

from __future__ import annotations

from typing import Any

from kitlib import ops
from kitlib.engine.input_spec import InputSpec
from kitlib.engine.layer import Layer
from kitlib.layers.convolutional.conv_utils import check_data_format


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _normalize_padding(
    padding: Any, who: str
) -> tuple[tuple[int, int], tuple[int, int]]:
    """``1`` / ``(1, 2)`` / ``((1, 1), (2, 2))`` -> ``((top, bottom), (left, right))``."""
    if _is_count(padding):
        return ((padding, padding), (padding, padding))
    if isinstance(padding, list | tuple) and len(padding) == 2:
        if all(_is_count(p) for p in padding):
            return ((padding[0], padding[0]), (padding[1], padding[1]))
        if all(
            isinstance(p, list | tuple) and len(p) == 2 and all(_is_count(q) for q in p)
            for p in padding
        ):
            return (tuple(padding[0]), tuple(padding[1]))
    raise ValueError(
        f"{who} expects padding as a non-negative int, a pair (rows, cols) or "
        f"((top, bottom), (left, right)), but received padding={padding!r}. For "
        "example padding=1 adds one ring of zeros around each image."
    )


class ZeroPadding2D(Layer):
    """Pad the height and width axes with zeros.

    Args:
        padding: int (same on all four sides), ``(rows, cols)`` (symmetric) or
            ``((top, bottom), (left, right))``. Default ``(1, 1)``.
        data_format: ``None`` or ``"channels_last"``.

    Input shape:
        ``(batch_size, rows, cols, channels)``.

    Output shape:
        ``(batch_size, rows + top + bottom, cols + left + right, channels)``.

    Example:
        >>> import numpy as np
        >>> ZeroPadding2D(((1, 0), (0, 2)))(np.ones((1, 2, 2, 3), "float32")).shape
        (1, 3, 4, 3)
    """

    def __init__(
        self, padding: Any = (1, 1), data_format: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        who = type(self).__name__
        self.padding = _normalize_padding(padding, who)
        self.data_format = check_data_format(data_format, who)
        self.input_spec = InputSpec(ndim=4)

    def call(self, inputs: Any) -> Any:
        return ops.pad(inputs, ((0, 0), *self.padding, (0, 0)))

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        batch, rows, cols, channels = input_shape
        (top, bottom), (left, right) = self.padding
        rows = None if rows is None else rows + top + bottom
        cols = None if cols is None else cols + left + right
        return (batch, rows, cols, channels)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "padding": self.padding,
            "data_format": self.data_format,
        }
