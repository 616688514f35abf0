"""``Bidirectional``: run an RNN forwards and a copy backwards, then merge.

Notebook: ``notebooks/14_rnn_and_embeddings.ipynb``.
"""

from __future__ import annotations

from typing import Any

from kitlib import ops
from kitlib.engine.keras_tensor import KerasTensor
from kitlib.engine.layer import Layer
from kitlib.layers.recurrent.rnn_base import (
    _symbolic,
    deserialize_layer,
    serialize_inner,
)

_MERGE_MODES = ("concat", "sum", "mul", "ave", None)


def _copy_layer(layer: Any, name: str, **overrides: Any) -> Any:
    """A fresh layer (new weights) with ``layer``'s configuration."""
    config = {**layer.get_config(), "name": name, **overrides}
    return type(layer).from_config(config)


class Bidirectional(Layer):
    """Read a sequence in both directions: each step sees its past and its future.

    The wrapper makes two fresh copies of ``layer`` (their weights are new):
    ``forward_layer`` and ``backward_layer`` (``go_backwards=True``). The
    backward outputs are flipped back into time order before merging, so step
    ``t`` of the result combines both readings of step ``t``.

    Args:
        layer: an RNN layer (``SimpleRNN``, ``LSTM``, ``GRU``...).
        merge_mode: ``"concat"`` (default), ``"sum"``, ``"mul"``, ``"ave"`` or
            ``None`` (return both outputs as a list).
        backward_layer: optional RNN to use for the backward direction; it
            must have ``go_backwards=True`` and the same return settings.

    Call arguments:
        sequences, mask, training: as for the wrapped layer.
        initial_state: forward states then backward states (4 tensors for LSTM).

    Input shape:
        ``(batch_size, steps, features)``.

    Output shape:
        The wrapped layer's, with the last axis doubled for ``"concat"``; with
        ``return_state``, ``[output, *forward_states, *backward_states]``.

    Example:
        >>> import numpy as np
        >>> from kitlib.layers.recurrent import LSTM
        >>> bi = Bidirectional(LSTM(4, return_sequences=True))
        >>> bi(np.ones((2, 5, 3), "float32")).shape
        (2, 5, 8)
        >>> len(bi.weights)
        6
    """

    def __init__(
        self,
        layer: Any,
        merge_mode: str | None = "concat",
        backward_layer: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if not isinstance(layer, Layer) or not hasattr(layer, "go_backwards"):
            raise ValueError(
                f"Bidirectional expects a recurrent layer such as LSTM(16), but "
                f"received {layer!r}. Wrap an RNN layer: Bidirectional(LSTM(16))."
            )
        if merge_mode not in _MERGE_MODES:
            raise ValueError(
                f"Bidirectional expects merge_mode in {_MERGE_MODES}, but received "
                f"merge_mode={merge_mode!r}. 'concat' joins both outputs side by side."
            )
        base_name = layer.name.removeprefix("forward_").removeprefix("backward_")
        self.forward_layer = _copy_layer(layer, f"forward_{base_name}")
        if backward_layer is None:
            backward_layer = _copy_layer(
                layer, f"backward_{base_name}", go_backwards=not layer.go_backwards
            )
        self.backward_layer = backward_layer
        self._check_pair()
        for direction in (self.forward_layer, self.backward_layer):
            # NOTE: zeros at masked steps keep the two directions aligned (Keras).
            direction.zero_output_for_mask = direction.return_sequences
        self.merge_mode = merge_mode
        self.return_sequences = layer.return_sequences
        self.return_state = layer.return_state
        self.input_spec = layer.input_spec
        self.supports_masking = True

    def _check_pair(self) -> None:
        forward, backward = self.forward_layer, self.backward_layer
        if forward.go_backwards == backward.go_backwards:
            raise ValueError(
                "Bidirectional expects the backward layer to have the opposite "
                f"go_backwards of the forward layer, but both have go_backwards="
                f"{forward.go_backwards}. Create backward_layer with go_backwards=True."
            )
        for attribute in ("return_sequences", "return_state"):
            if getattr(forward, attribute) != getattr(backward, attribute):
                raise ValueError(
                    f"Bidirectional expects the forward and backward layers to have "
                    f"the same {attribute}, but received {getattr(forward, attribute)} "
                    f"and {getattr(backward, attribute)}."
                )

    def build(self, sequences_shape: tuple, *args: Any) -> None:
        for direction in (self.forward_layer, self.backward_layer):
            if not direction.built:
                direction.build(sequences_shape)
                direction.built = True

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
        forward_state = backward_state = None
        if initial_state is not None:
            half = len(initial_state) // 2
            forward_state, backward_state = initial_state[:half], initial_state[half:]
        kwargs = {"mask": mask, "training": training}
        y = self.forward_layer(sequences, initial_state=forward_state, **kwargs)
        y_rev = self.backward_layer(sequences, initial_state=backward_state, **kwargs)
        states = []
        if self.return_state:
            states = [*y[1:], *y_rev[1:]]
            y, y_rev = y[0], y_rev[0]
        if self.return_sequences:
            y_rev = y_rev[:, ::-1]  # back into time order
        output = self._merge(y, y_rev)
        if self.return_state:
            return [*output, *states] if self.merge_mode is None else [output, *states]
        return output

    def _merge(self, y: Any, y_rev: Any) -> Any:
        if self.merge_mode == "concat":
            return ops.concatenate([y, y_rev], axis=-1)
        if self.merge_mode == "sum":
            return y + y_rev
        if self.merge_mode == "ave":
            return (y + y_rev) / 2.0
        if self.merge_mode == "mul":
            return y * y_rev
        return [y, y_rev]

    def compute_output_shape(self, sequences_shape: tuple, *args: Any) -> Any:
        shape = self.forward_layer.compute_output_shape(sequences_shape)
        states = []
        if self.return_state:
            shape, states = shape[0], list(shape[1:])
        if self.merge_mode == "concat":
            last = None if shape[-1] is None else 2 * shape[-1]
            output = [(*shape[:-1], last)]
        elif self.merge_mode is None:
            output = [shape, shape]
        else:
            output = [shape]
        outputs = output + states + states
        return outputs[0] if len(outputs) == 1 else outputs

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        """The input mask for returned sequences (per output when not merged)."""
        if isinstance(mask, list | tuple):
            mask = mask[0] if mask else None
        output_mask = mask if self.return_sequences else None
        masks = [output_mask] * (2 if self.merge_mode is None else 1)
        if self.return_state:
            masks += [None] * (2 * len(self.forward_layer.state_size))
        return masks[0] if len(masks) == 1 else masks

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "layer": serialize_inner(self.forward_layer),
            "backward_layer": serialize_inner(self.backward_layer),
            "merge_mode": self.merge_mode,
        }

    @classmethod
    def from_config(cls, config: dict) -> Bidirectional:
        """Rebuild from :meth:`get_config` (the wrapped layers are recreated)."""
        config = dict(config)
        config["layer"] = deserialize_layer(config["layer"])
        if config.get("backward_layer") is not None:
            config["backward_layer"] = deserialize_layer(config["backward_layer"])
        return super().from_config(config)
