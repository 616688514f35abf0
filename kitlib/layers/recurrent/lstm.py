"""``LSTM``: long short-term memory, a gated RNN with a separate memory cell ``c``.

Notebook: ``notebooks/14_rnn_and_embeddings.ipynb``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kitlib import activations, initializers, ops
from kitlib.layers.recurrent.rnn_base import RNN, check_layer_arguments
from kitlib.layers.recurrent.rnn_cell_base import RNNCellBase


class _UnitForgetBias(initializers.Initializer):
    """The LSTM bias with the forget-gate part set to 1 (the rest from ``base``)."""

    def __init__(self, base: Any, units: int) -> None:
        self.base, self.units = base, units

    def __call__(self, shape: tuple, dtype: Any = None) -> np.ndarray:
        units = self.units
        parts = [
            self.base((units,), dtype),
            np.ones(units),
            self.base((2 * units,), dtype),
        ]
        return np.concatenate([np.asarray(p) for p in parts]).astype(dtype or "float32")


class LSTMCell(RNNCellBase):
    """One LSTM step with Keras's gate order i, f, c, o.

    With ``z = x @ kernel + h_prev @ recurrent_kernel + bias`` split into four
    ``units``-wide blocks ``z_i, z_f, z_c, z_o``::

        i = sigmoid(z_i)   f = sigmoid(z_f)   o = sigmoid(z_o)
        c = f * c_prev + i * tanh(z_c)
        h = o * tanh(c)

    The states are ``[h, c]``; the output is ``h``. Weights: ``kernel``
    ``(input_dim, 4 * units)``, ``recurrent_kernel`` ``(units, 4 * units)``,
    ``bias`` ``(4 * units,)``.

    Args:
        units, activation, use_bias, initializers, regularizers, constraints,
            dropout, recurrent_dropout, seed: see ``RNNCellBase``.
        recurrent_activation: the gates' activation (default ``sigmoid``).
        unit_forget_bias: start the forget-gate bias at 1, so the cell
            remembers by default (Jozefowicz et al., 2015).

    Example:
        >>> cell = LSTMCell(2)
        >>> cell.build((None, 3))
        >>> cell.bias.numpy().tolist()
        [0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0]
    """

    gates = 4

    def __init__(
        self,
        units: int,
        activation: Any = "tanh",
        recurrent_activation: Any = "sigmoid",
        unit_forget_bias: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(units, activation=activation, **kwargs)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.unit_forget_bias = bool(unit_forget_bias)
        self.state_size = [self.units, self.units]

    def build(self, input_shape: tuple) -> None:
        bias_initializer = self.bias_initializer
        if self.unit_forget_bias:
            bias_initializer = _UnitForgetBias(self.bias_initializer, self.units)
        self._add_cell_weights(input_shape[-1], (4 * self.units,), bias_initializer)

    def call(self, inputs: Any, states: Any, training: Any = None) -> tuple[Any, list]:
        h_prev, c_prev = states
        inputs = self._dropped("inputs", inputs, training)
        h_dropped = self._dropped("recurrent", h_prev, training)
        z = ops.matmul(inputs, self.kernel) + ops.matmul(
            h_dropped, self.recurrent_kernel
        )
        if self.bias is not None:
            z = z + self.bias
        u = self.units
        i = self.recurrent_activation(z[:, :u])
        f = self.recurrent_activation(z[:, u : 2 * u])
        c = f * c_prev + i * self.activation(z[:, 2 * u : 3 * u])
        o = self.recurrent_activation(z[:, 3 * u :])
        h = o * self.activation(c)
        return h, [h, c]

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "recurrent_activation": activations.serialize(self.recurrent_activation),
            "unit_forget_bias": self.unit_forget_bias,
        }


class LSTM(RNN):
    """Long short-term memory layer (Hochreiter & Schmidhuber, 1997).

    Args:
        units: size of ``h`` and ``c``.
        activation: default ``tanh``; recurrent_activation: default ``sigmoid``.
        unit_forget_bias: forget-gate bias starts at 1 (default True).
        use_bias, kernel_initializer, recurrent_initializer (``orthogonal``),
            bias_initializer, *_regularizer, *_constraint, dropout,
            recurrent_dropout, seed: see :class:`LSTMCell`.
        return_sequences, return_state, go_backwards, stateful, unroll: see
            :class:`~kitlib.layers.recurrent.rnn_base.RNN`.

    Input shape:
        ``(batch_size, steps, features)``.

    Output shape:
        ``(batch_size, units)`` or ``(batch_size, steps, units)``; with
        ``return_state`` a list ``[output, h, c]``.

    Example:
        >>> import numpy as np
        >>> lstm = LSTM(8, return_sequences=True, return_state=True)
        >>> output, h, c = lstm(np.ones((2, 5, 3), "float32"))
        >>> output.shape, h.shape, c.shape
        ((2, 5, 8), (2, 8), (2, 8))
        >>> [w.shape for w in lstm.weights]
        [(3, 32), (8, 32), (32,)]
    """

    _cell_config_inline = True

    def __init__(
        self,
        units: int,
        activation: Any = "tanh",
        recurrent_activation: Any = "sigmoid",
        use_bias: bool = True,
        kernel_initializer: Any = "glorot_uniform",
        recurrent_initializer: Any = "orthogonal",
        bias_initializer: Any = "zeros",
        unit_forget_bias: bool = True,
        kernel_regularizer: Any = None,
        recurrent_regularizer: Any = None,
        bias_regularizer: Any = None,
        kernel_constraint: Any = None,
        recurrent_constraint: Any = None,
        bias_constraint: Any = None,
        dropout: float = 0.0,
        recurrent_dropout: float = 0.0,
        seed: int | None = None,
        return_sequences: bool = False,
        return_state: bool = False,
        go_backwards: bool = False,
        stateful: bool = False,
        unroll: bool = False,
        **kwargs: Any,
    ) -> None:
        check_layer_arguments(type(self).__name__, units, dropout, recurrent_dropout)
        cell = LSTMCell(
            units, activation=activation, recurrent_activation=recurrent_activation,
            use_bias=use_bias, kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer, unit_forget_bias=unit_forget_bias,
            kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint, bias_constraint=bias_constraint,
            dropout=dropout, recurrent_dropout=recurrent_dropout, seed=seed,
            dtype=kwargs.get("dtype"), trainable=kwargs.get("trainable", True),
        )  # fmt: skip
        super().__init__(
            cell, return_sequences=return_sequences, return_state=return_state,
            go_backwards=go_backwards, stateful=stateful, unroll=unroll, **kwargs,
        )  # fmt: skip

    @property
    def units(self) -> int:
        """Size of the output and of each state."""
        return self.cell.units
