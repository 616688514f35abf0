"""The graph walk behind ``Model(inputs, outputs)`` (the seeds' ``build_map_of_graph``).

Notebook: ``notebooks/05_functional_models.ipynb``.

Starting from each output tensor, follow ``_keras_history`` back to the Node
that made it, then recursively to the nodes that made that node's inputs. A
depth-first walk with two sets does the job:

* ``finished``: nodes fully explored (a shared sub-graph is visited once);
* ``in_progress``: nodes on the current path; meeting one again is a cycle.

Appending each node *after* its parents gives a topological order. Depths are
then assigned backwards from the outputs (output nodes have depth 0, a parent
is at least one deeper than every child), and nodes run from the deepest up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kitlib.engine.keras_tensor import KerasTensor
from kitlib.engine.node import Node
from kitlib.utils.errors import fmt_shape


@dataclass
class GraphMap:
    """The result of walking a graph: nodes in run order, grouped by depth."""

    nodes: list[Node]  # topological order: every node after its parents
    node_depths: dict[int, int]  # id(node) -> depth (outputs are 0)
    steps: list[tuple[str, Node]] = field(default_factory=list)  # for the explorer
    operations: list[Any] = field(default_factory=list)  # inputs first, run order

    def nodes_by_depth(self) -> dict[int, list[Node]]:
        """``{depth: [nodes]}``, the Keras 2 ``_nodes_by_depth`` view."""
        result: dict[int, list[Node]] = {}
        for node in self.nodes:
            result.setdefault(self.node_depths[id(node)], []).append(node)
        return dict(sorted(result.items(), reverse=True))

    def run_order(self) -> list[Node]:
        """Nodes from the deepest to depth 0 (stable within one depth)."""
        return [n for _, nodes in self.nodes_by_depth().items() for n in nodes]


def _history_node(tensor: KerasTensor) -> Node:
    history = getattr(tensor, "_keras_history", None)
    if history is None:
        raise ValueError(
            f"{tensor!r} has no _keras_history: it was not produced by Input() or a "
            "layer call, so a model cannot trace where it comes from. Build model "
            "tensors only from kitlib.Input(...) and layer/ops calls."
        )
    return history.operation._inbound_nodes[history.node_index]


def map_graph(inputs: list[KerasTensor], outputs: list[KerasTensor]) -> GraphMap:
    """Walk back from ``outputs`` to ``inputs``; return nodes in order with depths.

    Raises:
        ValueError: for a cycle, a graph disconnected from ``inputs``, or an
            input that no output depends on.
    """
    input_ids = {id(t) for t in inputs}
    finished: dict[int, Node] = {}
    in_progress: dict[int, Node] = {}
    ordered: list[Node] = []
    seen_ops: dict[int, Any] = {}
    steps: list[tuple[str, Node]] = []

    def visit(tensor: KerasTensor) -> None:
        if id(tensor) in input_ids:
            return  # a model input: its value is given, do not walk past it
        node = _history_node(tensor)
        if id(node) in finished:
            return
        if id(node) in in_progress:
            raise ValueError(
                f"The graph has a cycle: tensor {tensor!r} made by layer "
                f"'{node.operation.name}' depends on itself. A model's graph must "
                "flow one way, from inputs to outputs; check for _keras_history edited "
                "by hand or a layer fed its own output."
            )
        if node.is_input:
            raise ValueError(_disconnected_message(tensor, node, inputs, seen_ops))
        seen_ops.setdefault(id(node.operation), node.operation)
        in_progress[id(node)] = node
        steps.append(("enter", node))
        for parent_tensor in node.input_tensors:
            visit(parent_tensor)
        del in_progress[id(node)]
        finished[id(node)] = node
        ordered.append(node)
        steps.append(("finish", node))

    for tensor in outputs:
        visit(tensor)
    _check_inputs_used(inputs, outputs, ordered)
    graph = GraphMap(nodes=ordered, node_depths=_assign_depths(ordered), steps=steps)
    input_nodes = [_history_node(t) for t in inputs]
    operations = {id(n.operation): n.operation for n in input_nodes if n.is_input}
    for node in graph.run_order():
        operations.setdefault(id(node.operation), node.operation)
    graph.operations = list(operations.values())
    return graph


def _assign_depths(ordered: list[Node]) -> dict[int, int]:
    """Depth 0 for nodes nothing in the graph consumes; parents are deeper."""
    depths: dict[int, int] = {}
    members = {id(n) for n in ordered}
    for node in reversed(ordered):
        depth = depths.setdefault(id(node), 0)
        for parent in node.parent_nodes:
            if id(parent) in members:
                depths[id(parent)] = max(depths.get(id(parent), 0), depth + 1)
    return depths


def _check_inputs_used(inputs: list, outputs: list, ordered: list[Node]) -> None:
    consumed = {id(t) for node in ordered for t in node.input_tensors}
    consumed |= {id(t) for t in outputs}
    for tensor in inputs:
        if id(tensor) not in consumed:
            raise ValueError(
                f"Model input {tensor!r} is not connected to any output: no output "
                "depends on it. Remove it from `inputs`, or use it in the layers that "
                "lead to the outputs."
            )


def _disconnected_message(tensor: Any, node: Node, inputs: list, seen: dict) -> str:
    names = ", ".join(repr(t) for t in inputs) or "none"
    accessed = ", ".join(op.name for op in seen.values()) or "none"
    return (
        f"Graph disconnected: the outputs depend on input tensor {tensor!r} "
        f"(layer '{node.operation.name}', shape {fmt_shape(tensor.shape)}), which is "
        f"not among the model's inputs [{names}]. Layers reached before it: "
        f"[{accessed}]. Add that Input to Model(inputs=[...]) or rebuild the "
        "outputs from the inputs you pass."
    )
