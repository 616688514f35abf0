"""``BatchNormalization``: standardize each channel with batch (training) or moving statistics.

Notebook: ``notebooks/11_cnn_layers.ipynb``.
"""

from __future__ import annotations

from typing import Any

from kitlib import constraints, initializers, ops, regularizers
from kitlib.engine.input_spec import InputSpec
from kitlib.engine.keras_tensor import KerasTensor
from kitlib.engine.layer import Layer


class BatchNormalization(Layer):
    """Normalize each channel to mean 0 and variance 1, then scale and shift.

    ``output = gamma * (x - mean) / sqrt(var + epsilon) + beta``, per entry of
    ``axis`` (the channels). Which ``mean``/``var``?

    * training (``training=True``, e.g. inside ``fit``) and ``trainable``: the
      current batch's statistics. The moving statistics are then updated:
      ``moving = moving * momentum + batch_statistic * (1 - momentum)``
      (``var`` is the biased batch variance, divided by the number of values).
    * otherwise (inference, or a frozen layer): ``moving_mean`` and
      ``moving_variance``.

    Weights, in Keras's order: ``gamma``, ``beta`` (trainable) and
    ``moving_mean``, ``moving_variance`` (non-trainable), each ``(channels,)``.

    Args:
        axis: the channels axis (default -1, channels-last).
        momentum: weight of the old value in the moving averages (0.99).
        epsilon: added to the variance so nothing divides by zero (1e-3).
        center: learn the offset ``beta`` (else it is 0).
        scale: learn the factor ``gamma`` (else it is 1).
        beta_initializer, gamma_initializer: defaults ``zeros``/``ones``.
        moving_mean_initializer, moving_variance_initializer: ``zeros``/``ones``.
        beta_regularizer, gamma_regularizer, beta_constraint, gamma_constraint:
            optional penalties and constraints.

    Input shape:
        Any shape; ``axis`` must have a known size.

    Output shape:
        Same as the input.

    Example:
        >>> import numpy as np
        >>> bn = BatchNormalization(momentum=0.5)
        >>> y = bn(np.array([[1.0], [3.0]], "float32"), training=True)
        >>> bn.moving_mean.numpy().tolist(), bn.moving_variance.numpy().tolist()
        ([1.0], [1.0])

    Keras note: like Keras 3, setting ``trainable = False`` makes the layer run
    in inference mode (it then uses and keeps its moving statistics), which is
    what fine-tuning a pretrained network needs.
    """

    def __init__(
        self,
        axis: int = -1,
        momentum: float = 0.99,
        epsilon: float = 1e-3,
        center: bool = True,
        scale: bool = True,
        beta_initializer: Any = "zeros",
        gamma_initializer: Any = "ones",
        moving_mean_initializer: Any = "zeros",
        moving_variance_initializer: Any = "ones",
        beta_regularizer: Any = None,
        gamma_regularizer: Any = None,
        beta_constraint: Any = None,
        gamma_constraint: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        who = type(self).__name__
        if not isinstance(axis, int) or isinstance(axis, bool):
            raise ValueError(
                f"{who} expects axis to be one int (the channels axis), but received "
                f"axis={axis!r}. Use axis=-1 for channels-last data."
            )
        if not 0 <= momentum <= 1:
            raise ValueError(
                f"{who} expects momentum in [0, 1], but received momentum={momentum}. "
                "It is the weight of the old value in the moving averages (0.99)."
            )
        if epsilon <= 0:
            raise ValueError(
                f"{who} expects epsilon > 0, but received epsilon={epsilon}. It keeps "
                "the division by sqrt(var + epsilon) finite."
            )
        self.axis, self.momentum, self.epsilon = axis, float(momentum), float(epsilon)
        self.center, self.scale = bool(center), bool(scale)
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.moving_mean_initializer = initializers.get(moving_mean_initializer)
        self.moving_variance_initializer = initializers.get(moving_variance_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self.supports_masking = True

    def build(self, input_shape: tuple) -> None:
        ndim = len(input_shape)
        if not -ndim <= self.axis < ndim:
            raise ValueError(
                f"Layer '{self.name}' (BatchNormalization) has axis={self.axis}, but "
                f"its input has shape {input_shape} ({ndim} axes). Use axis=-1 for "
                "channels-last data."
            )
        channels = input_shape[self.axis]
        shape = (channels,)
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
        self.moving_mean = self.add_weight(
            shape, self.moving_mean_initializer, name="moving_mean", trainable=False
        )
        self.moving_variance = self.add_weight(
            shape, self.moving_variance_initializer, name="moving_variance",
            trainable=False,
        )  # fmt: skip
        self.input_spec = InputSpec(ndim=ndim, axes={self.axis: channels})

    def call(self, inputs: Any, training: Any = None) -> Any:
        # NOTE: a frozen layer (trainable=False) runs in inference mode, as Keras 3.
        # On symbolic inputs there are no statistics to update: shapes only.
        if training and self.trainable and not isinstance(inputs, KerasTensor):
            outputs, mean, variance = ops.batch_normalization_training(
                inputs, self.axis, self.beta, self.gamma, self.epsilon
            )
            self._update_moving(self.moving_mean, mean)
            self._update_moving(self.moving_variance, variance)
            return outputs
        return ops.batch_normalization(
            inputs, self.moving_mean, self.moving_variance, self.axis,
            self.beta, self.gamma, self.epsilon,
        )  # fmt: skip

    def _update_moving(self, moving: Any, batch_value: Any) -> None:
        """``moving = moving * momentum + batch * (1 - momentum)`` (no gradient)."""
        moving.assign(
            moving.numpy() * self.momentum + batch_value.numpy() * (1.0 - self.momentum)
        )

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return tuple(input_shape)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "axis": self.axis,
            "momentum": self.momentum,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "beta_initializer": initializers.serialize(self.beta_initializer),
            "gamma_initializer": initializers.serialize(self.gamma_initializer),
            "moving_mean_initializer": initializers.serialize(
                self.moving_mean_initializer
            ),
            "moving_variance_initializer": initializers.serialize(
                self.moving_variance_initializer
            ),
            "beta_regularizer": regularizers.serialize(self.beta_regularizer),
            "gamma_regularizer": regularizers.serialize(self.gamma_regularizer),
            "beta_constraint": constraints.serialize(self.beta_constraint),
            "gamma_constraint": constraints.serialize(self.gamma_constraint),
        }
