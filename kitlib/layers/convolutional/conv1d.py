"""``Conv1D``: slide kernels along one axis (time steps, characters, samples).

Notebook: ``notebooks/11_cnn_layers.ipynb``.
"""

from __future__ import annotations

from typing import Any

from kitlib import activations, constraints, initializers, ops, regularizers
from kitlib.engine.input_spec import InputSpec
from kitlib.engine.layer import Layer
from kitlib.layers.argument_checks import check_positive_int
from kitlib.layers.convolutional.conv_utils import (
    check_data_format,
    check_window_fits,
    normalize_padding,
    normalize_tuple,
    output_length,
)


class Conv1D(Layer):
    """1D convolution over ``(batch, steps, channels)`` sequences.

    ``output[n, t, f] = activation(sum_{k, c} x[n, t*s + k*d, c] * kernel[k, c, f]
    + bias[f])``, with Keras's kernel layout ``(kernel_size, in_channels,
    filters)``. It runs as a :class:`Conv2D` on a height-1 image.

    Args:
        filters: number of output channels.
        kernel_size: int (or 1-tuple): window length.
        strides: int: step between windows.
        padding: ``"valid"``, ``"same"`` or ``"causal"`` (zeros only on the left,
            so output ``t`` never sees inputs after ``t``).
        data_format: ``None`` or ``"channels_last"``.
        dilation_rate: int: spacing between kernel taps.
        activation, use_bias, *_initializer, *_regularizer, *_constraint: as in
            :class:`~kitlib.layers.Conv2D`.

    Input shape:
        ``(batch_size, steps, channels)``.

    Output shape:
        ``(batch_size, new_steps, filters)``.

    Example:
        >>> import numpy as np
        >>> conv = Conv1D(4, 3, padding="causal")
        >>> conv(np.zeros((2, 10, 6), "float32")).shape
        (2, 10, 4)
        >>> conv.kernel.shape
        (3, 6, 4)
    """

    def __init__(
        self,
        filters: int,
        kernel_size: Any,
        strides: Any = 1,
        padding: str = "valid",
        data_format: str | None = None,
        dilation_rate: Any = 1,
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
        who = type(self).__name__
        self.filters = check_positive_int(
            filters,
            who,
            "filters",
            "filters is the number of output channels, e.g. 16.",
        )
        (self.kernel_size,) = normalize_tuple(kernel_size, who, "kernel_size", 1)
        (self.strides,) = normalize_tuple(strides, who, "strides", 1)
        (self.dilation_rate,) = normalize_tuple(dilation_rate, who, "dilation_rate", 1)
        self.padding = normalize_padding(padding, who, ("valid", "same", "causal"))
        self.data_format = check_data_format(data_format, who)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.activity_regularizer = regularizers.get(activity_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.input_spec = InputSpec(ndim=3)

    def build(self, input_shape: tuple) -> None:
        in_channels = input_shape[-1]
        self.kernel = self.add_weight(
            name="kernel",
            shape=(self.kernel_size, in_channels, self.filters),
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                name="bias",
                shape=(self.filters,),
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )
        self.input_spec = InputSpec(ndim=3, axes={-1: in_channels})

    def call(self, inputs: Any) -> Any:
        self._check_input(inputs.shape)
        padding = self.padding
        if padding == "causal":
            # Causal = pad (window span - 1) zeros on the left only, then 'valid'.
            left = (self.kernel_size - 1) * self.dilation_rate
            inputs = ops.pad(inputs, ((0, 0), (left, 0), (0, 0)))
            padding = "valid"
        images = ops.expand_dims(inputs, 1)  # (N, 1, steps, C): a height-1 image
        kernel = ops.expand_dims(self.kernel, 0)  # (1, k, C, filters)
        strides, dilation = (1, self.strides), (1, self.dilation_rate)
        outputs = ops.squeeze(ops.conv2d(images, kernel, strides, padding, dilation), 1)
        outputs = activations.add_bias_and_activate(outputs, self.bias, self.activation)
        if self.activity_regularizer is not None:
            self.add_loss(self.activity_regularizer(outputs))
        return outputs

    def _check_input(self, input_shape: tuple) -> None:
        who = f"Layer '{self.name}' ({type(self).__name__})"
        check_window_fits(
            who, input_shape, (self.kernel_size,), (self.dilation_rate,), self.padding
        )

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        self._check_input(input_shape)
        steps = output_length(
            input_shape[1],
            self.kernel_size,
            self.strides,
            self.padding,
            self.dilation_rate,
        )
        return (input_shape[0], steps, self.filters)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "filters": self.filters,
            "kernel_size": (self.kernel_size,),
            "strides": (self.strides,),
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": (self.dilation_rate,),
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
