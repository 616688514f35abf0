"""``GRU``: gated recurrent unit, an LSTM-like cell with one state and two gates.

Notebook: ``notebooks/14_rnn_and_embeddings.ipynb``.
"""

from __future__ import annotations

from typing import Any

from kitlib import activations, ops
from kitlib.layers.recurrent.rnn_base import RNN, check_layer_arguments
from kitlib.layers.recurrent.rnn_cell_base import RNNCellBase


class GRUCell(RNNCellBase):
    """One GRU step with Keras's gate order z (update), r (reset), h (candidate).

    With ``x_z, x_r, x_h`` the three ``units``-wide blocks of
    ``x @ kernel + input_bias`` and ``h_z, h_r, h_h`` those of
    ``h_prev @ recurrent_kernel + recurrent_bias``::

        z = sigmoid(x_z + h_z)     r = sigmoid(x_r + h_r)
        candidate = tanh(x_h + r * h_h)                 # reset_after=True
        candidate = tanh(x_h + (r * h_prev) @ U_h)      # reset_after=False
        h = z * h_prev + (1 - z) * candidate

    ``reset_after=True`` (Keras 3's default, cuDNN-compatible) has separate
    input and recurrent biases: ``bias`` has shape ``(2, 3 * units)``, row 0
    for the inputs, row 1 for the state. With ``reset_after=False`` the bias is
    ``(3 * units,)`` and the reset gate is applied before the matrix product.

    Args:
        units, activation, use_bias, initializers, regularizers, constraints,
            dropout, recurrent_dropout, seed: see ``RNNCellBase``.
        recurrent_activation: the gates' activation (default ``sigmoid``).
        reset_after: where the reset gate is applied (default True).

    Example:
        >>> cell = GRUCell(2)
        >>> cell.build((None, 3))
        >>> cell.kernel.shape, cell.bias.shape
        ((3, 6), (2, 6))
    """

    gates = 3

    def __init__(
        self,
        units: int,
        activation: Any = "tanh",
        recurrent_activation: Any = "sigmoid",
        reset_after: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(units, activation=activation, **kwargs)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.reset_after = bool(reset_after)

    def build(self, input_shape: tuple) -> None:
        width = 3 * self.units
        shape = (2, width) if self.reset_after else (width,)
        self._add_cell_weights(input_shape[-1], shape, self.bias_initializer)

    def call(self, inputs: Any, states: Any, training: Any = None) -> tuple[Any, list]:
        h_prev = states[0] if isinstance(states, list | tuple) else states
        inputs = self._dropped("inputs", inputs, training)
        h_dropped = self._dropped("recurrent", h_prev, training)
        u = self.units
        input_bias = recurrent_bias = None
        if self.bias is not None:
            input_bias, recurrent_bias = (
                (self.bias[0], self.bias[1]) if self.reset_after else (self.bias, None)
            )
        x = _affine(inputs, self.kernel, input_bias)
        if self.reset_after:
            inner = _affine(h_dropped, self.recurrent_kernel, recurrent_bias)
        else:  # the candidate's product needs r first, so only z and r here
            inner = ops.matmul(h_dropped, self.recurrent_kernel[:, : 2 * u])
        z = self.recurrent_activation(x[:, :u] + inner[:, :u])
        r = self.recurrent_activation(x[:, u : 2 * u] + inner[:, u : 2 * u])
        if self.reset_after:
            recurrent_h = r * inner[:, 2 * u :]
        else:
            recurrent_h = ops.matmul(r * h_dropped, self.recurrent_kernel[:, 2 * u :])
        candidate = self.activation(x[:, 2 * u :] + recurrent_h)
        h = z * h_prev + (1.0 - z) * candidate
        return h, [h]

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "recurrent_activation": activations.serialize(self.recurrent_activation),
            "reset_after": self.reset_after,
        }


def _affine(x: Any, kernel: Any, bias: Any) -> Any:
    y = ops.matmul(x, kernel)
    return y if bias is None else y + bias


class GRU(RNN):
    """Gated recurrent unit layer (Cho et al., 2014), Keras 3 defaults.

    Args:
        units: size of the output and of the state.
        activation: default ``tanh``; recurrent_activation: default ``sigmoid``.
        reset_after: default True (bias of shape ``(2, 3 * units)``).
        use_bias, kernel_initializer, recurrent_initializer (``orthogonal``),
            bias_initializer, *_regularizer, *_constraint, dropout,
            recurrent_dropout, seed: see :class:`GRUCell`.
        return_sequences, return_state, go_backwards, stateful, unroll: see
            :class:`~kitlib.layers.recurrent.rnn_base.RNN`.

    Input shape:
        ``(batch_size, steps, features)``.

    Output shape:
        ``(batch_size, units)`` or ``(batch_size, steps, units)``; with
        ``return_state`` a list ``[output, h]``.

    Example:
        >>> import numpy as np
        >>> gru = GRU(4)
        >>> gru(np.ones((2, 5, 3), "float32")).shape
        (2, 4)
        >>> [w.shape for w in gru.weights]
        [(3, 12), (4, 12), (2, 12)]
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
        reset_after: bool = True,
        **kwargs: Any,
    ) -> None:
        check_layer_arguments(type(self).__name__, units, dropout, recurrent_dropout)
        cell = GRUCell(
            units, activation=activation, recurrent_activation=recurrent_activation,
            use_bias=use_bias, kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint, bias_constraint=bias_constraint,
            dropout=dropout, recurrent_dropout=recurrent_dropout, seed=seed,
            reset_after=reset_after, dtype=kwargs.get("dtype"),
            trainable=kwargs.get("trainable", True),
        )  # fmt: skip
        super().__init__(
            cell, return_sequences=return_sequences, return_state=return_state,
            go_backwards=go_backwards, stateful=stateful, unroll=unroll, **kwargs,
        )  # fmt: skip

    @property
    def units(self) -> int:
        """Size of the output and of the state."""
        return self.cell.units
