"""``layer.input``, ``output``, ``get_input_at(i)``...: reading a layer's graph calls.

Notebook: ``notebooks/04_nodes_and_history.ipynb``.

Every call of a layer on symbolic tensors left a Node in ``_inbound_nodes``.
These properties read them back, with Keras's errors when the answer is
ambiguous (a shared layer has several) or missing (never called).
"""

from __future__ import annotations

from typing import Any


class NodeAccess:
    """Mixin: the Keras accessors over ``_inbound_nodes``."""

    def _node_at(self, node_index: int, attr: str) -> Any:
        nodes = self._inbound_nodes
        if not nodes:
            raise AttributeError(
                f"Layer '{self.name}' has never been called on a symbolic input, so "
                f"it has no {attr}. Call it on a tensor from kitlib.Input(...) first, "
                "e.g. y = layer(kitlib.Input(shape=(5,)))."
            )
        if not -len(nodes) <= node_index < len(nodes):
            raise ValueError(
                f"Layer '{self.name}' was called {len(nodes)} time(s), so "
                f"node_index must be in 0..{len(nodes) - 1}, but received {node_index}."
            )
        return nodes[node_index]

    def _single_node(self, attr: str) -> Any:
        node = self._node_at(0, attr)
        if len(self._inbound_nodes) > 1:
            raise AttributeError(
                f"Layer '{self.name}' has been called {len(self._inbound_nodes)} times "
                f"(it is shared), so its {attr} is ambiguous. Use "
                f"get_{attr.replace(' ', '_')}_at(node_index) to pick one call."
            )
        return node

    @staticmethod
    def _unwrap(items: list) -> Any:
        return items[0] if len(items) == 1 else items

    def get_input_at(self, node_index: int) -> Any:
        """The input tensor(s) of call number ``node_index``."""
        return self._unwrap(self._node_at(node_index, "input").input_tensors)

    def get_output_at(self, node_index: int) -> Any:
        """The output tensor(s) of call number ``node_index``."""
        return self._unwrap(self._node_at(node_index, "output").outputs)

    def get_input_shape_at(self, node_index: int) -> Any:
        """The input shape(s) of call number ``node_index``."""
        return self._unwrap(self._node_at(node_index, "input shape").input_shapes)

    def get_output_shape_at(self, node_index: int) -> Any:
        """The output shape(s) of call number ``node_index``."""
        return self._unwrap(self._node_at(node_index, "output shape").output_shapes)

    @property
    def input(self) -> Any:
        """The symbolic input of this layer's only call."""
        return self._unwrap(self._single_node("input").input_tensors)

    @property
    def output(self) -> Any:
        """The symbolic output of this layer's only call."""
        return self._unwrap(self._single_node("output").outputs)

    @property
    def input_shape(self) -> Any:
        """The input shape of this layer's only call."""
        return self._unwrap(self._single_node("input shape").input_shapes)

    @property
    def output_shape(self) -> Any:
        """The output shape of this layer's only call."""
        return self._unwrap(self._single_node("output shape").output_shapes)
