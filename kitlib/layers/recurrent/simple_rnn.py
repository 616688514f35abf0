"""``SimpleRNN``: the plain recurrent layer ``h_t = tanh(x_t W + h_{t-1} U + b)``.

Notebook: ``notebooks/14_rnn_and_embeddings.ipynb``.
"""

from __future__ import annotations

from typing import Any

from kitlib import ops
from kitlib.layers.recurrent.rnn_base import RNN, check_layer_arguments
from kitlib.layers.recurrent.rnn_cell_base import RNNCellBase


class SimpleRNNCell(RNNCellBase):
    """One step of a simple RNN: ``h = activation(x @ kernel + h_prev @ U + bias)``.

    Weights: ``kernel`` ``(input_dim, units)``, ``recurrent_kernel``
    ``(units, units)``, ``bias`` ``(units,)``. The output is the new state.
    See :class:`~kitlib.layers.recurrent.rnn_cell_base.RNNCellBase` for the
    arguments.

    Example:
        >>> import numpy as np
        >>> cell = SimpleRNNCell(4)
        >>> cell.build((None, 3))
        >>> h, states = cell.call(np.ones((2, 3), "float32"), [np.zeros((2, 4), "float32")])
        >>> h.shape, len(states)
        ((2, 4), 1)
    """

    gates = 1

    def build(self, input_shape: tuple) -> None:
        self._add_cell_weights(input_shape[-1], (self.units,), self.bias_initializer)

    def call(self, inputs: Any, states: Any, training: Any = None) -> tuple[Any, list]:
        h_prev = states[0] if isinstance(states, list | tuple) else states
        inputs = self._dropped("inputs", inputs, training)
        h_prev = self._dropped("recurrent", h_prev, training)
        z = ops.matmul(inputs, self.kernel) + ops.matmul(h_prev, self.recurrent_kernel)
        if self.bias is not None:
            z = z + self.bias
        h = self.activation(z)
        return h, [h]


class SimpleRNN(RNN):
    """Fully connected RNN whose output is fed back as the next step's state.

    Args:
        units: size of the output and of the state.
        activation: default ``tanh``.
        use_bias, kernel_initializer, recurrent_initializer (default
            ``orthogonal``), bias_initializer, *_regularizer, *_constraint,
            dropout, recurrent_dropout, seed: see the cell.
        return_sequences, return_state, go_backwards, stateful, unroll: see
            :class:`~kitlib.layers.recurrent.rnn_base.RNN`.

    Input shape:
        ``(batch_size, steps, features)``.

    Output shape:
        ``(batch_size, units)``, or ``(batch_size, steps, units)`` with
        ``return_sequences``; plus the final state with ``return_state``.

    Example:
        >>> import numpy as np
        >>> rnn = SimpleRNN(4, return_sequences=True)
        >>> rnn(np.ones((2, 5, 3), "float32")).shape
        (2, 5, 4)
        >>> [w.shape for w in rnn.weights]
        [(3, 4), (4, 4), (4,)]
    """

    _cell_config_inline = True

    def __init__(
        self,
        units: int,
        activation: Any = "tanh",
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
        **kwargs: Any,
    ) -> None:
        check_layer_arguments(type(self).__name__, units, dropout, recurrent_dropout)
        cell = SimpleRNNCell(
            units, activation=activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
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
        """Size of the output and of the state."""
        return self.cell.units
