"""``LayerNormalization``: standardize each sample over its feature axes.

Notebook: ``notebooks/11_cnn_layers.ipynb``.
"""

from __future__ import annotations

from typing import Any

from kitlib import constraints, initializers, ops, regularizers
from kitlib.engine.layer import Layer


class LayerNormalization(Layer):
    """Normalize every sample on its own: mean 0, variance 1 over ``axis``.

    ``output = gamma * (x - mean) / sqrt(var + epsilon) + beta``, where ``mean``
    and ``var`` (biased) are computed per sample over ``axis``, not over the
    batch, so training and inference behave the same. ``gamma`` and ``beta``
    have one value per position of ``axis``.

    Args:
        axis: int or list of ints: the axes to normalize over (default -1).
        epsilon: added to the variance (default 1e-3, as Keras).
        center: learn the offset ``beta``.
        scale: learn the factor ``gamma``.
        beta_initializer, gamma_initializer: defaults ``zeros``/``ones``.
        beta_regularizer, gamma_regularizer, beta_constraint, gamma_constraint:
            optional penalties and constraints.

    Input shape:
        Any shape; the ``axis`` sizes must be known.

    Output shape:
        Same as the input.

    Example:
        >>> import numpy as np
        >>> ln = LayerNormalization(epsilon=1e-6)
        >>> ln(np.array([[1.0, 3.0]], "float32")).numpy().round(3).tolist()
        [[-1.0, 1.0]]
    """

    def __init__(
        self,
        axis: Any = -1,
        epsilon: float = 1e-3,
        center: bool = True,
        scale: bool = True,
        beta_initializer: Any = "zeros",
        gamma_initializer: Any = "ones",
        beta_regularizer: Any = None,
        gamma_regularizer: Any = None,
        beta_constraint: Any = None,
        gamma_constraint: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        axes = [axis] if isinstance(axis, int) else list(axis)
        if not axes or not all(
            isinstance(a, int) and not isinstance(a, bool) for a in axes
        ):
            raise ValueError(
                f"LayerNormalization expects axis to be an int or a list of ints, but "
                f"received axis={axis!r}. Use axis=-1 to normalize over the features."
            )
        if epsilon <= 0:
            raise ValueError(
                f"LayerNormalization expects epsilon > 0, but received epsilon="
                f"{epsilon}. It keeps the division by sqrt(var + epsilon) finite."
            )
        self.axis = axis if isinstance(axis, int) else axes
        self.epsilon, self.center, self.scale = (
            float(epsilon),
            bool(center),
            bool(scale),
        )
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self.supports_masking = True

    def build(self, input_shape: tuple) -> None:
        ndim = len(input_shape)
        axes = [self.axis] if isinstance(self.axis, int) else self.axis
        if any(not -ndim <= a < ndim for a in axes):
            raise ValueError(
                f"Layer '{self.name}' (LayerNormalization) has axis={self.axis}, but "
                f"its input has shape {input_shape} ({ndim} axes). Use axis=-1."
            )
        self._axes = tuple(sorted(a % ndim for a in axes))
        shape = tuple(input_shape[a] for a in self._axes)
        # gamma/beta are stored with the axis sizes only; reshaped to broadcast.
        self._broadcast = tuple(
            input_shape[a] if a in self._axes else 1 for a in range(ndim)
        )
        self.gamma = self.beta = None
        if self.scale:
            self.gamma = self.add_weight(
                shape, self.gamma_initializer, name="gamma",
                regularizer=self.gamma_regularizer, constraint=self.gamma_constraint,
            )  # fmt: skip
        if self.center:
            self.beta = self.add_weight(
                shape, self.beta_initializer, name="beta",
                regularizer=self.beta_regularizer, constraint=self.beta_constraint,
            )  # fmt: skip

    def call(self, inputs: Any) -> Any:
        mean = ops.mean(inputs, axis=self._axes, keepdims=True)
        centered = inputs - mean
        variance = ops.mean(ops.square(centered), axis=self._axes, keepdims=True)
        outputs = centered / ops.sqrt(variance + self.epsilon)
        if self.gamma is not None:
            outputs = outputs * ops.reshape(self.gamma, self._broadcast)
        if self.beta is not None:
            outputs = outputs + ops.reshape(self.beta, self._broadcast)
        return outputs

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return tuple(input_shape)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "axis": self.axis,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "beta_initializer": initializers.serialize(self.beta_initializer),
            "gamma_initializer": initializers.serialize(self.gamma_initializer),
            "beta_regularizer": regularizers.serialize(self.beta_regularizer),
            "gamma_regularizer": regularizers.serialize(self.gamma_regularizer),
            "beta_constraint": constraints.serialize(self.beta_constraint),
            "gamma_constraint": constraints.serialize(self.gamma_constraint),
        }
