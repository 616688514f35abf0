"""``PReLU`` layer: a leaky ReLU whose negative slope is learned.

Notebook: ``notebooks/11_cnn_layers.ipynb``.
"""

from __future__ import annotations

from typing import Any

from kitlib import constraints, initializers, ops, regularizers
from kitlib.engine.input_spec import InputSpec
from kitlib.engine.layer import Layer


class PReLU(Layer):
    """Parametric ReLU: ``f(x) = x`` for ``x >= 0``, ``alpha * x`` otherwise.

    ``alpha`` is a weight with one value per input position (shape
    ``input_shape[1:]``), unless ``shared_axes`` shares it along some axes, e.g.
    ``shared_axes=[1, 2]`` gives conv feature maps one slope per channel.

    Args:
        alpha_initializer: initializer of ``alpha`` (default ``zeros``: starts
            as a plain ReLU).
        alpha_regularizer, alpha_constraint: optional.
        shared_axes: axes (counting the batch axis as 0) sharing one slope.

    Input shape:
        Any, with known sizes except the batch axis.

    Output shape:
        Same as the input.

    Example:
        >>> import numpy as np
        >>> layer = PReLU(alpha_initializer="ones", shared_axes=[1, 2])
        >>> layer(np.full((2, 4, 4, 3), -1.0, "float32")).numpy()[0, 0, 0].tolist()
        [-1.0, -1.0, -1.0]
        >>> layer.alpha.shape
        (1, 1, 3)
    """

    def __init__(
        self,
        alpha_initializer: Any = "zeros",
        alpha_regularizer: Any = None,
        alpha_constraint: Any = None,
        shared_axes: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        axes = [] if shared_axes is None else shared_axes
        axes = [axes] if isinstance(axes, int) else list(axes)
        if not all(
            isinstance(a, int) and not isinstance(a, bool) and a >= 1 for a in axes
        ):
            raise ValueError(
                f"PReLU expects shared_axes to be None or ints >= 1 (axis 0 is the "
                f"batch), but received shared_axes={shared_axes!r}. For images "
                "(batch, rows, cols, channels) use shared_axes=[1, 2]."
            )
        self.shared_axes = axes or None
        self.alpha_initializer = initializers.get(alpha_initializer)
        self.alpha_regularizer = regularizers.get(alpha_regularizer)
        self.alpha_constraint = constraints.get(alpha_constraint)
        self.supports_masking = True

    def build(self, input_shape: tuple) -> None:
        shared = set(self.shared_axes or [])
        if any(a >= len(input_shape) for a in shared):
            raise ValueError(
                f"Layer '{self.name}' (PReLU) has shared_axes={self.shared_axes}, but "
                f"its input has shape {input_shape}, with axes 0..{len(input_shape) - 1}."
            )
        shape = tuple(
            1 if axis in shared else size
            for axis, size in enumerate(input_shape)
            if axis > 0
        )
        self.alpha = self.add_weight(
            shape, self.alpha_initializer, name="alpha",
            regularizer=self.alpha_regularizer, constraint=self.alpha_constraint,
        )  # fmt: skip
        fixed = {a: s for a, s in enumerate(input_shape) if a > 0 and a not in shared}
        self.input_spec = InputSpec(ndim=len(input_shape), axes=fixed)

    def call(self, inputs: Any) -> Any:
        return ops.relu(inputs) - self.alpha * ops.relu(-inputs)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return tuple(input_shape)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "alpha_initializer": initializers.serialize(self.alpha_initializer),
            "alpha_regularizer": regularizers.serialize(self.alpha_regularizer),
            "alpha_constraint": constraints.serialize(self.alpha_constraint),
            "shared_axes": self.shared_axes,
        }
