"""Argument checks and output-size arithmetic shared by conv and pooling layers.

Notebook: ``notebooks/11_cnn_layers.ipynb``.

The errors here name the *layer* (``Conv2D``, ``MaxPooling2D``...) rather than
the op underneath, so a learner sees the constructor argument to fix.
"""

from __future__ import annotations

from numbers import Integral
from typing import Any

from kitlib.utils.errors import fmt_shape


def normalize_tuple(value: Any, who: str, name: str, length: int = 2) -> tuple:
    """``3`` -> ``(3, 3)``; a tuple/list must hold ``length`` positive ints.

    Example:
        >>> normalize_tuple(3, "Conv2D", "kernel_size")
        (3, 3)
    """
    values = (value,) * length if isinstance(value, Integral) else value
    try:
        values = tuple(values)
        ok = len(values) == length and all(
            isinstance(v, Integral) and not isinstance(v, bool) and v >= 1
            for v in values
        )
    except TypeError:
        ok = False
    if not ok:
        example = ", ".join(["3"] * length)
        raise ValueError(
            f"{who} expects {name} to be a positive int or a tuple of {length} "
            f"positive ints, but received {name}={value!r}. For example "
            f"{name}=3 or {name}=({example})."
        )
    return tuple(int(v) for v in values)


def normalize_padding(
    padding: Any, who: str, allowed: tuple = ("valid", "same")
) -> str:
    """The padding mode in lower case, or a ValueError listing ``allowed``."""
    if isinstance(padding, str) and padding.lower() in allowed:
        return padding.lower()
    choices = " or ".join(f"'{p}'" for p in allowed)
    raise ValueError(
        f"{who} expects padding={choices}, but received padding={padding!r}. "
        "'valid' adds no zeros (the output shrinks); 'same' adds zeros so that "
        "output size = ceil(input size / stride)."
    )


def check_data_format(data_format: Any, who: str) -> str:
    """Accept ``None``/``"channels_last"``; explain that kitlib has no channels_first."""
    if data_format in (None, "channels_last"):
        return "channels_last"
    raise ValueError(
        f"{who} supports data_format='channels_last' only, but received "
        f"data_format={data_format!r}. Put channels on the last axis, e.g. "
        "ops.transpose(x, (0, 2, 3, 1)) turns (N, C, H, W) into (N, H, W, C)."
    )


def output_length(
    size: int | None, window: int, stride: int, padding: str, dilation: int = 1
) -> int | None:
    """Output positions along one axis (``None`` when ``size`` is unknown).

    ``valid``: ``floor((size - span) / stride) + 1`` with
    ``span = (window - 1) * dilation + 1``; ``same``: ``ceil(size / stride)``;
    ``causal`` (Conv1D) behaves like ``same`` with stride 1 after left padding.

    Example:
        >>> output_length(28, 3, 1, "same"), output_length(28, 3, 1, "valid")
        (28, 26)
    """
    if size is None:
        return None
    if padding in ("same", "causal"):
        return -(-size // stride)
    span = (window - 1) * dilation + 1
    return max((size - span) // stride + 1, 0)


def check_window_fits(
    who: str, input_shape: tuple, window: tuple, dilation: tuple, padding: str
) -> None:
    """Raise if a ``valid`` window is larger than the input's spatial size.

    Raises:
        ValueError: naming the layer, both sizes and the fixes.
    """
    if padding != "valid":
        return
    spatial = tuple(input_shape[1 : 1 + len(window)])
    spans = tuple((k - 1) * d + 1 for k, d in zip(window, dilation, strict=True))
    if any(s is not None and s < span for s, span in zip(spatial, spans, strict=True)):
        raise ValueError(
            f"{who} with padding='valid' needs inputs at least as large as its "
            f"window {fmt_shape(spans)}, but received an input of shape "
            f"{fmt_shape(input_shape)} (spatial size {fmt_shape(spatial)}). Use "
            "padding='same', a smaller kernel/pool size, or a larger input (or "
            "remove a pooling layer earlier in the model)."
        )
