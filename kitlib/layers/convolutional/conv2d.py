"""``Conv2D``: slide ``filters`` small kernels over an image, one feature map each.

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


class Conv2D(Layer):
    """2D convolution over channels-last images.

    ``output[n, i, j, f] = activation(sum_{di, dj, c} x[n, i*s + di*d, j*s + dj*d, c]
    * kernel[di, dj, c, f] + bias[f])``. The kernel has Keras's layout
    ``(kernel_h, kernel_w, in_channels, filters)``, so the layer has
    ``kernel_h * kernel_w * in_channels * filters + filters`` parameters.

    Args:
        filters: number of output channels (feature maps).
        kernel_size: int or ``(height, width)`` of the window.
        strides: int or pair: the step between windows (default 1).
        padding: ``"valid"`` (no zeros added; the output shrinks) or ``"same"``
            (zeros added so that output size = ``ceil(input / stride)``).
        data_format: ``None`` or ``"channels_last"`` (the only layout kitlib has).
        dilation_rate: int or pair: the spacing between kernel taps.
        activation: activation name or function (None: linear).
        use_bias: whether to add one bias per filter.
        kernel_initializer, bias_initializer: initializers
            (defaults ``glorot_uniform`` and ``zeros``, as Keras).
        kernel_regularizer, bias_regularizer, activity_regularizer: penalties.
        kernel_constraint, bias_constraint: constraints.

    Input shape:
        ``(batch_size, height, width, channels)``.

    Output shape:
        ``(batch_size, new_height, new_width, filters)``.

    Example:
        >>> import numpy as np
        >>> conv = Conv2D(8, 3, padding="same")
        >>> conv(np.zeros((2, 28, 28, 1), "float32")).shape
        (2, 28, 28, 8)
        >>> conv.kernel.shape, conv.count_params()
        ((3, 3, 1, 8), 80)
    """

    def __init__(
        self,
        filters: int,
        kernel_size: Any,
        strides: Any = (1, 1),
        padding: str = "valid",
        data_format: str | None = None,
        dilation_rate: Any = (1, 1),
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
            filters, who, "filters", "filters is the number of feature maps, e.g. 32."
        )
        self.kernel_size = normalize_tuple(kernel_size, who, "kernel_size")
        self.strides = normalize_tuple(strides, who, "strides")
        self.padding = normalize_padding(padding, who)
        self.data_format = check_data_format(data_format, who)
        self.dilation_rate = normalize_tuple(dilation_rate, who, "dilation_rate")
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ValueError(
                f"{who} cannot use strides > 1 and dilation_rate > 1 together, but "
                f"received strides={self.strides} and "
                f"dilation_rate={self.dilation_rate}. Keep one of them at 1."
            )
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.activity_regularizer = regularizers.get(activity_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.input_spec = InputSpec(ndim=4)

    def build(self, input_shape: tuple) -> None:
        in_channels = input_shape[-1]
        if in_channels is None:
            raise ValueError(
                f"Layer '{self.name}' ({type(self).__name__}) needs to know the number "
                f"of input channels, but received input shape {input_shape}. Give "
                "the last axis a size, e.g. Input(shape=(28, 28, 1))."
            )
        self.kernel = self.add_weight(
            name="kernel",
            shape=(*self.kernel_size, in_channels, self.filters),
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
        self.input_spec = InputSpec(ndim=4, axes={-1: in_channels})

    def call(self, inputs: Any) -> Any:
        self._check_input(inputs.shape)
        outputs = ops.conv2d(
            inputs, self.kernel, self.strides, self.padding, self.dilation_rate
        )
        outputs = activations.add_bias_and_activate(outputs, self.bias, self.activation)
        if self.activity_regularizer is not None:
            self.add_loss(self.activity_regularizer(outputs))
        return outputs

    def _check_input(self, input_shape: tuple) -> None:
        who = f"Layer '{self.name}' ({type(self).__name__})"
        check_window_fits(
            who, input_shape, self.kernel_size, self.dilation_rate, self.padding
        )

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        self._check_input(input_shape)
        rows, cols = (
            output_length(size, k, s, self.padding, d)
            for size, k, s, d in zip(
                input_shape[1:3],
                self.kernel_size,
                self.strides,
                self.dilation_rate,
                strict=True,
            )
        )
        return (input_shape[0], rows, cols, self.filters)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
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


#: Keras 2's name for the same layer (seed 004 uses it).
Convolution2D = Conv2D
