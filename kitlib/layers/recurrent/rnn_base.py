"""``RNN``: run a cell over the time axis (states, masks, directions, outputs).

Notebook: ``notebooks/14_rnn_and_embeddings.ipynb``.

A recurrent layer is a *cell* (one time step: ``output, new_states =
cell.call(x_t, states)``) plus this loop. The loop is written in plain Python
with ``kitlib.ops``, one step after another, so a ``GradientTape`` records
every step and back-propagation through time needs no extra code.
"""

from __future__ import annotations

import inspect
from typing import Any

import numpy as np

from kitlib import ops
from kitlib.engine.input_spec import InputSpec
from kitlib.engine.keras_tensor import KerasTensor
from kitlib.engine.layer import Layer
from kitlib.layers.argument_checks import check_positive_int, check_rate
from kitlib.tensor import Tensor
from kitlib.utils import registry
from kitlib.utils.errors import fmt_shape


class RNN(Layer):
    """Base class of recurrent layers: loops ``cell`` over ``sequences[:, t]``.

    Each step turns ``(x_t, states)`` into ``(output_t, new_states)``. Masked
    steps (mask False) keep the previous states and repeat the previous output
    (or output zeros with ``zero_output_for_mask``), so padding at the end of a
    sequence does not change the final state.

    Args:
        cell: a layer with ``call(inputs, states)``, ``state_size`` (int or list
            of ints) and optionally ``output_size``.
        return_sequences: return the output of every step
            ``(batch, steps, units)`` instead of the last one ``(batch, units)``.
        return_state: also return the final states: ``[output, *states]``.
        go_backwards: process the sequence from the last step to the first
            (the returned sequence is then in processing order, reversed).
        stateful: not supported (must be False).
        unroll: accepted for Keras compatibility; kitlib's loop is always a
            Python loop.
        zero_output_for_mask: masked steps output zeros instead of the
            previous output (``Bidirectional`` sets it).

    Call arguments:
        sequences: ``(batch, steps, features)``.
        initial_state: a tensor or list of tensors, one ``(batch, size)`` per
            state (LSTM: ``[h, c]``); default zeros.
        mask: ``(batch, steps)`` booleans (True = use the step); taken from the
            previous layer (``Embedding(mask_zero=True)``, ``Masking``) if not given.
        training: passed to the cell (dropout).
    """

    #: True in subclasses that build their own cell from their arguments.
    _cell_config_inline = False

    def __init__(
        self,
        cell: Any,
        return_sequences: bool = False,
        return_state: bool = False,
        go_backwards: bool = False,
        stateful: bool = False,
        unroll: bool = False,
        zero_output_for_mask: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        who = type(self).__name__
        if not callable(getattr(cell, "call", None)) or not hasattr(cell, "state_size"):
            raise ValueError(
                f"{who} expects a cell with a call(inputs, states) method and a "
                f"state_size attribute, but received {cell!r}. Use e.g. "
                "RNN(LSTMCell(32)) or write a Layer subclass with both."
            )
        if stateful:
            raise ValueError(
                f"{who} does not support stateful=True in kitlib. Pass the previous "
                "final states yourself with initial_state= (see return_state=True)."
            )
        self.cell = cell
        self.return_sequences = bool(return_sequences)
        self.return_state = bool(return_state)
        self.go_backwards = bool(go_backwards)
        self.stateful = False
        self.unroll = bool(unroll)
        self.zero_output_for_mask = bool(zero_output_for_mask)
        size = cell.state_size
        self.state_size = [size] if isinstance(size, int) else list(size)
        self.supports_masking = True
        self.input_spec = InputSpec(ndim=3)

    # --- build ----------------------------------------------------------------
    def build(self, sequences_shape: tuple, *args: Any) -> None:
        if not getattr(self.cell, "built", True):
            self.cell.build((sequences_shape[0], *sequences_shape[2:]))
            self.cell.built = True

    # --- the time loop ----------------------------------------------------------
    def call(
        self,
        sequences: Any,
        initial_state: Any = None,
        mask: Any = None,
        training: Any = None,
    ) -> Any:
        if isinstance(sequences, KerasTensor):
            return _symbolic(
                self.compute_output_shape(sequences.shape), sequences.dtype
            )
        states, keep, cell_kwargs = self._prepare(
            sequences, initial_state, mask, training
        )
        steps = sequences.shape[1]
        outputs = []
        for t in range(steps - 1, -1, -1) if self.go_backwards else range(steps):
            output, new_states = self.cell.call(sequences[:, t], states, **cell_kwargs)
            if not isinstance(new_states, list | tuple):
                new_states = [new_states]  # a cell with one state may return it bare
            if keep is not None:  # masked steps keep the old states and output
                output, new_states = self._apply_mask(
                    keep[:, t], output, states, new_states
                )
            states = list(new_states)
            outputs.append(output)
        output = ops.stack(outputs, axis=1) if self.return_sequences else outputs[-1]
        return [output, *states] if self.return_state else output

    def _prepare(
        self, sequences: Any, initial_state: Any, mask: Any, training: Any
    ) -> tuple[list, Any, dict]:
        """Initial states, the boolean mask (or None), and the cell's call kwargs."""
        batch_size, steps = sequences.shape[0], sequences.shape[1]
        states = self._initial_states(initial_state, batch_size, sequences.dtype)
        keep = None if mask is None else self._check_mask(mask, batch_size, steps)
        if hasattr(self.cell, "reset_dropout_masks"):
            self.cell.reset_dropout_masks()  # new masks for a new sequence
        cell_kwargs = {}
        if "training" in inspect.signature(self.cell.call).parameters:
            cell_kwargs["training"] = training
        return states, keep, cell_kwargs

    def _apply_mask(
        self, keep_t: Any, output: Any, states: list, new_states: list
    ) -> tuple[Any, list]:
        """Where a sample's step is masked, keep its old states and output."""
        keep_t = ops.expand_dims(keep_t, -1)  # (batch, 1): broadcasts over units
        previous = ops.zeros_like(output) if self.zero_output_for_mask else states[0]
        output = ops.where(keep_t, output, previous)
        new_states = [
            ops.where(keep_t, new, old)
            for new, old in zip(new_states, states, strict=True)
        ]
        return output, new_states

    # --- inputs: initial states and mask ---------------------------------------
    def get_initial_state(self, batch_size: int) -> list[Tensor]:
        """The cell's initial states, or zeros ``(batch_size, size)`` for each state."""
        if hasattr(self.cell, "get_initial_state"):
            return list(self.cell.get_initial_state(batch_size))
        dtype = getattr(self.cell, "dtype", self.dtype)
        return [Tensor(np.zeros((batch_size, size)), dtype) for size in self.state_size]

    def _initial_states(self, initial_state: Any, batch_size: int, dtype: str) -> list:
        if initial_state is None:
            return self.get_initial_state(batch_size)
        given = (
            list(initial_state)
            if isinstance(initial_state, list | tuple)
            else [initial_state]
        )
        who = f"Layer '{self.name}' ({type(self).__name__})"
        if len(given) != len(self.state_size):
            raise ValueError(
                f"{who} has {len(self.state_size)} state(s) of sizes {self.state_size}, "
                f"but initial_state holds {len(given)} tensor(s). An LSTM needs "
                "[h, c]; SimpleRNN and GRU need [h]."
            )
        states = []
        for value, size in zip(given, self.state_size, strict=True):
            state = value if isinstance(value, Tensor) else Tensor(value, dtype)
            if state.shape != (batch_size, size):
                raise ValueError(
                    f"{who} expects each initial state of shape ({batch_size}, {size}) "
                    f"(batch, units), but received {fmt_shape(state.shape)}."
                )
            states.append(state)
        return states

    def _check_mask(self, mask: Any, batch_size: int, steps: int) -> Any:
        mask = mask if isinstance(mask, Tensor) else Tensor(np.asarray(mask))
        if mask.shape != (batch_size, steps):
            raise ValueError(
                f"Layer '{self.name}' ({type(self).__name__}) expects a mask of shape "
                f"({batch_size}, {steps}) (batch, steps), but received "
                f"{fmt_shape(mask.shape)}."
            )
        return ops.cast(mask, "bool")

    # --- shapes, masks, config -------------------------------------------------
    def compute_output_shape(self, sequences_shape: tuple, *args: Any) -> Any:
        batch_size = sequences_shape[0]
        units = getattr(self.cell, "output_size", None) or self.state_size[0]
        if self.return_sequences:
            output_shape = (batch_size, sequences_shape[1], units)
        else:
            output_shape = (batch_size, units)
        if self.return_state:
            return [output_shape, *[(batch_size, size) for size in self.state_size]]
        return output_shape

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        """The input mask for returned sequences; no mask for a last output or states."""
        if isinstance(mask, list | tuple):
            mask = mask[0] if mask else None
        output_mask = mask if self.return_sequences else None
        if self.return_state:
            return [output_mask] + [None] * len(self.state_size)
        return output_mask

    def get_config(self) -> dict:
        config = {
            **super().get_config(),
            "return_sequences": self.return_sequences,
            "return_state": self.return_state,
            "go_backwards": self.go_backwards,
            "stateful": self.stateful,
            "unroll": self.unroll,
            "zero_output_for_mask": self.zero_output_for_mask,
        }
        cell_config = self.cell.get_config()
        if self._cell_config_inline:
            # SimpleRNN/LSTM/GRU create their own cell: its arguments are theirs.
            base = ("name", "trainable", "dtype")
            config.update({k: v for k, v in cell_config.items() if k not in base})
        else:
            config["cell"] = serialize_inner(self.cell)
        return config

    @classmethod
    def from_config(cls, config: dict) -> RNN:
        """Rebuild from :meth:`get_config` (a generic RNN rebuilds its cell first)."""
        config = dict(config)
        if isinstance(config.get("cell"), dict):
            config["cell"] = deserialize_layer(config["cell"])
        return super().from_config(config)


def _symbolic(shapes: Any, dtype: str) -> Any:
    """KerasTensors for a shape or a list of shapes (the symbolic call's result)."""
    if isinstance(shapes, list):
        return [KerasTensor(shape, dtype) for shape in shapes]
    return KerasTensor(shapes, dtype)


def serialize_inner(layer: Layer) -> dict:
    """``{"class_name", "config"}`` of a wrapped layer (for the wrappers' configs)."""
    spec = {"class_name": type(layer).__name__, "config": layer.get_config()}
    registered = registry.get_registered_name(type(layer))
    if ">" in registered:  # a custom class registered with register_serializable
        spec["registered_name"] = registered
    return spec


def deserialize_layer(spec: dict) -> Layer:
    """Rebuild a wrapped layer from :func:`serialize_inner`'s dict.

    Raises:
        ValueError: for a class that is neither built in nor registered.
    """
    cls = registry.find_class(spec["class_name"], spec.get("registered_name"))
    if cls is None:
        raise ValueError(
            f"Cannot rebuild a layer of class {spec['class_name']!r}: it is not a "
            "kitlib layer. Register a custom class with "
            "kitlib.utils.registry.register_serializable() (or load inside "
            "custom_object_scope({...}))."
        )
    return cls.from_config(spec["config"])


def check_layer_arguments(
    who: str, units: Any, dropout: Any, recurrent_dropout: Any
) -> None:
    """Check a recurrent layer's own arguments, so errors name the layer, not its cell."""
    check_positive_int(
        units, who, "units", "units is the size of the hidden state, e.g. 32."
    )
    check_rate(dropout, who, "dropout")
    check_rate(recurrent_dropout, who, "recurrent_dropout")
