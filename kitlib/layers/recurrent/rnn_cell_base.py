"""``RNNCellBase``: what the SimpleRNN, LSTM and GRU cells share.

Notebook: ``notebooks/14_rnn_and_embeddings.ipynb``.

Every built-in cell has an input ``kernel`` ``(input_dim, gates * units)``, a
``recurrent_kernel`` ``(units, gates * units)`` and a ``bias``, with the gates
side by side along the last axis (LSTM: 4 gates i, f, c, o; GRU: 3 gates z, r,
h; SimpleRNN: 1). This base stores their initializers, regularizers and
constraints, creates the three weights, and draws the dropout masks.
"""

from __future__ import annotations

from typing import Any

from kitlib import activations, constraints, initializers, regularizers
from kitlib.engine.layer import Layer
from kitlib.layers.argument_checks import check_positive_int, check_rate
from kitlib.layers.regularization.seed_stream import SeedStream
from kitlib.tensor import Tensor


class RNNCellBase(Layer):
    """Base of the built-in cells: configuration, weights and dropout masks.

    Subclasses set ``gates`` and write ``call(inputs, states, training=None)``
    returning ``(output, new_states)``.

    Args:
        units: size of the hidden state (and of the output).
        activation: the cell's main activation (default ``tanh``).
        use_bias: whether the cell has a bias.
        kernel_initializer: default ``glorot_uniform``.
        recurrent_initializer: default ``orthogonal``.
        bias_initializer: default ``zeros``.
        kernel_regularizer, recurrent_regularizer, bias_regularizer: optional.
        kernel_constraint, recurrent_constraint, bias_constraint: optional.
        dropout: fraction of the *inputs* dropped during training, in [0, 1).
        recurrent_dropout: fraction of the *previous state* dropped, in [0, 1).
        seed: optional int for reproducible dropout masks.
    """

    gates = 1

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
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        who = type(self).__name__
        self.units = check_positive_int(
            units, who, "units", "units is the size of the hidden state, e.g. 32."
        )
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = regularizers.get(recurrent_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.recurrent_constraint = constraints.get(recurrent_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.dropout = check_rate(dropout, who, "dropout")
        self.recurrent_dropout = check_rate(recurrent_dropout, who, "recurrent_dropout")
        self.seed = seed
        self._seeds = SeedStream(seed)
        self._dropout_masks: dict[str, Tensor] = {}
        self.state_size: Any = self.units
        self.output_size = self.units

    def _add_cell_weights(
        self, input_dim: int, bias_shape: tuple, bias_initializer: Any
    ) -> None:
        """Create ``kernel``, ``recurrent_kernel`` and (if used) ``bias``."""
        width = self.gates * self.units
        self.kernel = self.add_weight(
            (input_dim, width), self.kernel_initializer, name="kernel",
            regularizer=self.kernel_regularizer, constraint=self.kernel_constraint,
        )  # fmt: skip
        self.recurrent_kernel = self.add_weight(
            (self.units, width), self.recurrent_initializer, name="recurrent_kernel",
            regularizer=self.recurrent_regularizer,
            constraint=self.recurrent_constraint,
        )  # fmt: skip
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                bias_shape, bias_initializer, name="bias",
                regularizer=self.bias_regularizer, constraint=self.bias_constraint,
            )  # fmt: skip

    # --- dropout: one mask per sequence, reused at every step (as Keras) --------
    def reset_dropout_masks(self) -> None:
        """Forget the masks; the RNN layer calls this before each sequence."""
        self._dropout_masks = {}

    def _dropped(self, kind: str, value: Any, training: Any) -> Any:
        """``value`` times the (cached) dropout mask of ``kind``, when training."""
        rate = self.dropout if kind == "inputs" else self.recurrent_dropout
        if not training or rate == 0:
            return value
        if kind not in self._dropout_masks:
            keep = self._seeds.generator().random(value.shape) >= rate
            self._dropout_masks[kind] = Tensor(keep / (1.0 - rate), value.dtype)
        return value * self._dropout_masks[kind]

    def get_initial_state(self, batch_size: int) -> list[Tensor]:
        """Zero states, one ``(batch_size, size)`` tensor per state."""
        sizes = (
            [self.state_size] if isinstance(self.state_size, int) else self.state_size
        )
        return [Tensor([[0.0] * size] * batch_size, self.dtype) for size in sizes]

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "units": self.units,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "recurrent_initializer": initializers.serialize(self.recurrent_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "recurrent_regularizer": regularizers.serialize(self.recurrent_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "recurrent_constraint": constraints.serialize(self.recurrent_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
            "dropout": self.dropout,
            "recurrent_dropout": self.recurrent_dropout,
            "seed": self.seed,
        }
