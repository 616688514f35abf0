"""``model.summary()``: the Keras table of layers, output shapes and parameter counts.

Notebook: ``notebooks/06_sequential.ipynb``.

One row per layer (and per raw op such as ``x + y`` in a functional graph),
in the order the graph runs. A model whose graph is a plain chain gets three
columns, like Keras; a graph with branches or merges gets a fourth, "Connected
to", listing each input as ``layer_name[node_index][tensor_index]``: exactly
the ``_keras_history`` of the tensor that flows in. The output is plain text
and deterministic, so tests (and graders) can compare it line by line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from kitlib.engine.layer import Layer
from kitlib.engine.node import Node
from kitlib.utils.errors import fmt_shape
from kitlib.utils.naming import to_snake_case

_CHAIN_LAYOUT = (65, (0.45, 0.85, 1.0))
_GRAPH_LAYOUT = (98, (0.33, 0.55, 0.67, 1.0))
_HEADERS = ("Layer (type)", "Output Shape", "Param #", "Connected to")


@dataclass
class SummaryRow:
    """One line of the table, before it is laid out in columns."""

    name: str  # "dense (Dense)"
    shape: str  # "(None, 4)", "multiple" or "?"
    params: str  # "24"
    connected: list[str] = field(default_factory=list)  # ["dense[0][0]", ...]


def summary_rows(model: Any, expand_nested: bool = False, indent: str = "") -> list:
    """The rows of ``model``'s table, in run order (nested rows indented)."""
    graph = getattr(model, "_functional", None)
    if graph is None:  # subclassed: the tracked layers, no graph to read
        operations = list(model.layers)
        rows = [_layer_row(layer, [], indent) for layer in operations]
    else:  # the layers of model.layers, plus raw ops such as x + y
        shown = {id(layer) for layer in model.layers}
        operations = [
            op
            for op in graph.operations
            if not isinstance(op, Layer) or id(op) in shown
        ]
        rows = [_layer_row(op, _graph_nodes(graph, op), indent) for op in operations]
    if not expand_nested:
        return rows
    result = []
    for row, op in zip(rows, operations, strict=True):
        result.append(row)
        if _is_model(op):
            result += summary_rows(op, expand_nested, indent + "| ")
    return result


def _is_model(layer: Any) -> bool:
    return hasattr(layer, "_functional") and hasattr(layer, "get_layer")


def _graph_nodes(graph: Any, op: Any) -> list[Node]:
    """The Nodes of ``op`` that belong to this model's graph (inputs included)."""
    input_nodes = [_history_node(t) for t in graph.inputs]
    return [n for n in input_nodes + graph.map.nodes if n.operation is op]


def _history_node(tensor: Any) -> Node:
    history = tensor._keras_history
    return history.operation._inbound_nodes[history.node_index]


def _layer_row(op: Any, nodes: list[Node], indent: str) -> SummaryRow:
    if isinstance(op, Layer):
        kind = type(op).__name__
        params = f"{op.count_params():,}" if op.built else "0 (unbuilt)"
    else:  # a raw op recorded in a functional graph, e.g. x + y
        kind = f"ops.{to_snake_case(type(op).__name__)}"
        params = "0"
    if not nodes and isinstance(op, Layer) and len(op._inbound_nodes) == 1:
        nodes = list(op._inbound_nodes)  # a subclassed model's layer called once
    if len(nodes) == 1:
        shapes = nodes[0].output_shapes
        shape = fmt_shape(shapes[0]) if len(shapes) == 1 else _shape_list(shapes)
    else:
        shape = "multiple" if nodes else "?"
    connected = [
        f"{t._keras_history.operation.name}[{t._keras_history.node_index}]"
        f"[{t._keras_history.tensor_index}]"
        for node in nodes
        for t in node.input_tensors
    ]
    return SummaryRow(f"{indent}{op.name} ({kind})", shape, params, connected)


def _shape_list(shapes: list) -> str:
    return "[" + ", ".join(fmt_shape(s) for s in shapes) + "]"


def is_chain(model: Any) -> bool:
    """Whether the model's graph is one straight line (so no "Connected to" column)."""
    graph = getattr(model, "_functional", None)
    if graph is None:
        return True
    if len(graph.inputs) != 1 or len(graph.outputs) != 1:
        return False
    operations = [node.operation for node in graph.map.nodes]
    if len({id(op) for op in operations}) != len(operations):
        return False  # a layer used twice
    by_depth = graph.map.nodes_by_depth()
    return all(
        len(nodes) == 1 and len(nodes[0].input_tensors) <= 1
        for nodes in by_depth.values()
    )


def _columns(line_length: int | None, positions: Any, chain: bool) -> list[int]:
    default_length, default_positions = _CHAIN_LAYOUT if chain else _GRAPH_LAYOUT
    line_length = line_length or default_length
    positions = list(positions or default_positions)
    if positions[-1] <= 1:  # fractions of the line
        positions = [int(line_length * p) for p in positions]
    return positions


def _wrap(text: str, width: int) -> list[str]:
    width = max(width, 1)
    return [text[i : i + width] for i in range(0, len(text), width)] or [""]


def _format_row(cells: list[Any], positions: list[int]) -> list[str]:
    """Lay out one row; a cell too long for its column continues on the next line.

    The last column may run past ``line_length`` instead: nothing follows it.
    """
    starts = [0, *positions[:-1]]
    columns = []
    for index, (cell, start, end) in enumerate(
        zip(cells, starts, positions, strict=True)
    ):
        items = cell if isinstance(cell, list) else [cell]
        width = end - start - 1 if index < len(cells) - 1 else 10**6
        columns.append([piece for item in items for piece in _wrap(item, width)])
    height = max(len(column) for column in columns)
    lines = []
    for index in range(height):
        line = ""
        for column, start in zip(columns, starts, strict=True):
            line = line.ljust(start) + (column[index] if index < len(column) else "")
        lines.append(line.rstrip())
    return lines


def _count(weights: list) -> int:
    return int(sum(np.prod(w.shape) for w in weights))


def format_summary(
    model: Any,
    line_length: int | None = None,
    positions: Any = None,
    expand_nested: bool = False,
) -> str:
    """The summary table of ``model`` as one string (what ``summary()`` prints).

    Args:
        model: a built model.
        line_length: total width (default 65, or 98 with "Connected to").
        positions: right edge of each column, as fractions or characters.
        expand_nested: also list the layers inside nested models, marked ``| ``.

    Returns:
        The text, lines separated by ``\\n``, without trailing spaces.
    """
    chain = is_chain(model)
    columns = _columns(line_length, positions, chain)
    width = columns[-1]
    lines = [f'Model: "{model.name}"', "_" * width]
    lines += _format_row(list(_HEADERS[: len(columns)]), columns)
    lines.append("=" * width)
    rows = summary_rows(model, expand_nested)
    for index, row in enumerate(rows):
        cells = [row.name, row.shape, row.params, row.connected][: len(columns)]
        lines += _format_row(cells, columns)
        lines.append("=" * width if index == len(rows) - 1 else "_" * width)
    if not rows:
        lines.append("=" * width)
    total, trainable = _count(model.weights), _count(model.trainable_weights)
    lines += [
        f"Total params: {total:,}",
        f"Trainable params: {trainable:,}",
        f"Non-trainable params: {total - trainable:,}",
        "_" * width,
    ]
    return "\n".join(lines)


def print_summary(
    model: Any,
    line_length: int | None = None,
    positions: Any = None,
    print_fn: Callable[[str], Any] | None = None,
    expand_nested: bool = False,
) -> None:
    """Print :func:`format_summary` one line at a time with ``print_fn``."""
    print_fn = print_fn or print
    for line in format_summary(model, line_length, positions, expand_nested).split(
        "\n"
    ):
        print_fn(line)
