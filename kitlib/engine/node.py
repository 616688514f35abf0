"""``Node``: one call of an operation on symbolic tensors, the bridge between layers.

Notebook: ``notebooks/04_nodes_and_history.ipynb``.

Each time a layer (or op) is called on KerasTensors, one Node is created. It is
appended to the layer's ``_inbound_nodes`` and to the ``_outbound_nodes`` of
every layer that produced one of its inputs, and it stamps
``_keras_history = (layer, node_index, tensor_index)`` on each output.

Keras note: Keras 3 names the storage ``operation``, ``arguments`` and
``outputs``; the Keras 2 names the seeds use (``outbound_layer``,
``inbound_layers``, ``node_indices``, ``tensor_indices``, ``input_tensors``,
``output_tensors``, ``input_shapes``, ``output_shapes``) are read-only views.
"""

from __future__ import annotations

from typing import Any

from kitlib.engine.keras_tensor import KerasHistory, KerasTensor
from kitlib.utils.nest import flatten


class Node:
    """Records that ``operation`` was called on ``call_args`` and made ``outputs``.

    Args:
        operation: the Layer or op that was called.
        call_args: positional arguments of the call (may hold KerasTensors).
        call_kwargs: keyword arguments of the call.
        outputs: the KerasTensor(s) the call returned.
    """

    def __init__(
        self,
        operation: Any,
        call_args: tuple = (),
        call_kwargs: dict | None = None,
        outputs: Any = None,
    ) -> None:
        self.operation = operation
        self.call_args = tuple(call_args)
        self.call_kwargs = dict(call_kwargs or {})
        self.outputs = [t for t in flatten(outputs) if isinstance(t, KerasTensor)]
        self.input_tensors = [
            t
            for t in flatten([list(self.call_args), self.call_kwargs])
            if isinstance(t, KerasTensor)
        ]
        for tensor in self.input_tensors:
            if tensor._keras_history is None:
                raise ValueError(
                    f"{tensor!r} was passed to '{operation.name}' but was not made by "
                    "Input() or by a layer, so the graph cannot tell where it comes "
                    "from. Create model inputs with kitlib.Input(shape=...)."
                )
        operation._inbound_nodes.append(self)
        for parent in self.inbound_layers:
            parent._outbound_nodes.append(self)
        node_index = len(operation._inbound_nodes) - 1
        for tensor_index, tensor in enumerate(self.outputs):
            tensor._keras_history = KerasHistory(operation, node_index, tensor_index)

    @property
    def is_input(self) -> bool:
        """True for the node of an ``InputLayer`` (it has no inputs)."""
        return not self.input_tensors

    @property
    def parent_nodes(self) -> list[Node]:
        """The nodes that produced this node's inputs, in argument order."""
        return [
            t._keras_history.operation._inbound_nodes[t._keras_history.node_index]
            for t in self.input_tensors
        ]

    # Keras 2 vocabulary (seed 001), as views over the storage above.
    @property
    def outbound_layer(self) -> Any:
        """The layer this node belongs to (the one that was called)."""
        return self.operation

    @property
    def inbound_layers(self) -> list[Any]:
        """The layers that produced each input tensor, in call order."""
        return [t._keras_history.operation for t in self.input_tensors]

    @property
    def node_indices(self) -> list[int]:
        """For each input tensor, which call (node) of its layer produced it."""
        return [t._keras_history.node_index for t in self.input_tensors]

    @property
    def tensor_indices(self) -> list[int]:
        """For each input tensor, which output of that call it was."""
        return [t._keras_history.tensor_index for t in self.input_tensors]

    @property
    def output_tensors(self) -> list[KerasTensor]:
        """The tensors this call produced."""
        return self.outputs

    @property
    def input_shapes(self) -> list[tuple]:
        """Shapes of the input tensors."""
        return [t.shape for t in self.input_tensors]

    @property
    def output_shapes(self) -> list[tuple]:
        """Shapes of the output tensors."""
        return [t.shape for t in self.outputs]

    def __repr__(self) -> str:
        inbound = ", ".join(layer.name for layer in self.inbound_layers) or "-"
        return (
            f"<Node {self.operation.name} <- [{inbound}] "
            f"outputs={[t.shape for t in self.outputs]}>"
        )
