"""``Dense``: ``output = activation(inputs @ kernel + bias)``.

Notebook: ``notebooks/02_layer_lifecycle.ipynb``.
"""

from __future__ import annotations

from typing import Any

from kitlib import activations, constraints, initializers, ops, regularizers
from kitlib.engine.input_spec import InputSpec
from kitlib.engine.layer import Layer


class Dense(Layer):
    """A fully connected layer: every input feature feeds every output unit.

    ``output = activation(inputs @ kernel + bias)``, where ``kernel`` has shape
    ``(input_dim, units)`` (Keras's layout) and ``bias`` has shape ``(units,)``.

    Args:
        units: number of output features.
        activation: activation name or function (None: linear).
        use_bias: whether to add a bias vector.
        kernel_initializer: initializer of the kernel (default glorot_uniform).
        bias_initializer: initializer of the bias (default zeros).
        kernel_regularizer, bias_regularizer: optional penalties.
        activity_regularizer: optional penalty on the output.
        kernel_constraint, bias_constraint: optional constraints.

    Input shape:
        ``(batch_size, ..., input_dim)``.

    Output shape:
        ``(batch_size, ..., units)``.

    Example:
        >>> layer = Dense(4)
        >>> layer([[1.0, 2.0, 3.0]]).shape
        (1, 4)
        >>> layer.kernel.shape
        (3, 4)
    """

    def __init__(
        self,
        units: int,
        activation: Any = None,
        use_bias: bool = True,
        kernel_initializer: Any = "glorot_uniform",
        bias_initializer: Any = "zeros",
        kernel_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        kernel_constraint: Any = None,
        bias_constraint: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if not isinstance(units, int) or isinstance(units, bool) or units <= 0:
            raise ValueError(
                f"Dense expects units to be a positive integer, but received "
                f"units={units!r}. units is the number of output features, e.g. "
                "Dense(10)."
            )
        self.units = units
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.activity_regularizer = regularizers.get(activity_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.input_spec = InputSpec(min_ndim=2)
        self.supports_masking = True  # a time-step mask passes through, as in Keras

    def build(self, input_shape: tuple) -> None:
        input_dim = input_shape[-1]
        self.kernel = self.add_weight(
            name="kernel",
            shape=(input_dim, self.units),
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                name="bias",
                shape=(self.units,),
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )
        self.input_spec = InputSpec(min_ndim=2, axes={-1: input_dim})

    def call(self, inputs: Any) -> Any:
        outputs = ops.matmul(inputs, self.kernel)
        outputs = activations.add_bias_and_activate(outputs, self.bias, self.activation)
        if self.activity_regularizer is not None:
            self.add_loss(self.activity_regularizer(outputs))
        return outputs

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return (*input_shape[:-1], self.units)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "units": self.units,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
        }
