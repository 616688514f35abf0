"""``plot_model``: draw a model's layer graph with matplotlib (no Graphviz needed).

Notebook: ``notebooks/06_sequential.ipynb``.

The picture is the graph ``Model(inputs, outputs)`` mapped: one box per layer
(and per raw op such as ``x + y``), one arrow per connection. Rows follow the
depths the graph walk assigned (``model._functional.map``): the outputs sit at
depth 0, so the bottom row; every layer sits above the layers it feeds.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from typing import Any

from kitlib.utils.errors import fmt_shape
from kitlib.utils.naming import to_snake_case

_COLORS = {"input": "#dbe9f6", "model": "#fcefc7", "op": "#eeeeee", "layer": "#e3f1df"}
_FONT_SIZE = 9
_CHAR_WIDTH = 0.075  # inches per monospace character at _FONT_SIZE points
_LINE_HEIGHT = 0.18  # inches per text line
_GAP = 0.45  # inches between boxes


@dataclass
class _Box:
    op: Any
    label: str
    kind: str
    row: int = 0
    x: float = 0.0
    y: float = 0.0


def plot_model(
    model: Any,
    to_file: str | None = None,
    show_shapes: bool = True,
    show_layer_names: bool = True,
    show_dtype: bool = False,
    rankdir: str = "TB",
    dpi: int = 96,
) -> Any:
    """Draw ``model``'s layers as boxes and their connections as arrows.

    Args:
        model: a functional or built Sequential model.
        to_file: optional path of a PNG (or any format matplotlib knows) to write.
        show_shapes: print the input and output shapes in each box.
        show_layer_names: print each layer's name before its type.
        show_dtype: print each layer's output dtype.
        rankdir: ``"TB"`` (top to bottom, default) or ``"LR"`` (left to right).
        dpi: resolution of the written file.

    Returns:
        The ``matplotlib.figure.Figure`` (Jupyter shows it when it is the cell's
        value). Each layer box is a patch with gid ``"layer:<name>"``, its text
        has gid ``"label:<name>"`` and each arrow ``"edge:<source>-><target>"``.

    Raises:
        ValueError: for a model without a fixed graph (subclassed or unbuilt).

    Example:
        >>> import kitlib
        >>> x = kitlib.Input((3,), name="x")
        >>> model = kitlib.Model(x, kitlib.layers.Dense(2, name="out")(x))
        >>> figure = plot_model(model)
        >>> [patch.get_gid() for patch in figure.axes[0].patches]
        ['layer:x', 'layer:out']
    """
    graph = _graph_of(model)
    if rankdir not in ("TB", "LR"):
        raise ValueError(f"plot_model expects rankdir 'TB' or 'LR', got {rankdir!r}.")
    boxes = _boxes(graph, show_shapes, show_layer_names, show_dtype)
    width, height = _box_size(boxes.values())
    figure, axes = _blank_figure(*_place(boxes, width, height, rankdir))
    for box in boxes.values():
        _draw_box(axes, box, width, height)
    for source, target in _edges(graph):
        _arrow(axes, boxes[source], boxes[target], width, height, rankdir)
    if to_file is not None:
        figure.savefig(to_file, dpi=dpi)
    return figure


def _blank_figure(fig_w: float, fig_h: float) -> tuple[Any, Any]:
    """A Figure of ``fig_w`` x ``fig_h`` inches whose data units are inches."""
    figure = _figure_class()(figsize=(fig_w, fig_h))
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, fig_w)
    axes.set_ylim(fig_h, 0)  # y grows downwards, like the rows
    axes.set_axis_off()
    return figure, axes


@functools.cache
def _figure_class() -> type:
    # NOTE: matplotlib takes about half a second to import; load it only when a
    # picture is asked for, not with every `import kitlib`.
    from matplotlib.figure import Figure

    class ModelFigure(Figure):
        """A bare Figure (no pyplot state) that Jupyter shows as a PNG."""

        def _repr_png_(self) -> bytes:
            buffer = io.BytesIO()
            self.savefig(buffer, format="png")
            return buffer.getvalue()

    return ModelFigure


def _draw_box(axes: Any, box: _Box, width: float, height: float) -> None:
    from matplotlib.patches import FancyBboxPatch

    patch = FancyBboxPatch(
        (box.x - width / 2, box.y - height / 2), width, height,
        boxstyle="round,pad=0.03", facecolor=_COLORS[box.kind], edgecolor="0.3",
    )  # fmt: skip
    patch.set_gid(f"layer:{box.op.name}")
    axes.add_patch(patch)
    label = axes.text(box.x, box.y, box.label, ha="center", va="center",
                      fontsize=_FONT_SIZE, family="monospace")  # fmt: skip
    label.set_gid(f"label:{box.op.name}")


def _graph_of(model: Any) -> Any:
    graph = getattr(model, "_functional", None)
    if graph is None:
        raise ValueError(
            f"plot_model draws a model's layer graph, but model '{model.name}' has "
            "none yet: it is a subclassed model (its graph is only known while "
            "call() runs) or an unbuilt Sequential. Build a functional or Sequential "
            "model, or call model.build((None, ...)) on a Sequential first."
        )
    return graph


def _node_of(tensor: Any) -> Any:
    history = tensor._keras_history
    return history.operation._inbound_nodes[history.node_index]


def _boxes(graph: Any, shapes: bool, names: bool, dtype: bool) -> dict:
    """One box per operation of the graph, keyed by ``id(op)``, with its label."""
    nodes = [_node_of(t) for t in graph.inputs] + list(graph.map.nodes)
    boxes = {}
    for op in graph.operations:
        own = [n for n in nodes if n.operation is op]
        kind = _kind(op, own)
        type_name = type(op).__name__
        if kind == "op":
            type_name = f"ops.{to_snake_case(type_name)}"
        lines = [f"{op.name} ({type_name})" if names else type_name]
        if shapes:
            if kind != "input":
                lines.append("in:  " + _shapes_text(own, "input_shapes"))
            lines.append("out: " + _shapes_text(own, "output_shapes"))
        if dtype and own:
            lines.append(f"dtype: {own[0].outputs[0].dtype}")
        boxes[id(op)] = _Box(op, "\n".join(lines), kind)
    _assign_rows(graph, nodes, boxes)
    return boxes


def _kind(op: Any, nodes: list) -> str:
    if nodes and all(node.is_input for node in nodes):
        return "input"
    if hasattr(op, "get_layer"):
        return "model"
    return "layer" if hasattr(op, "built") else "op"


def _shapes_text(nodes: list, attr: str) -> str:
    if len(nodes) != 1:
        return "multiple"
    shapes = getattr(nodes[0], attr)
    if len(shapes) == 1:
        return fmt_shape(shapes[0])
    return "[" + ", ".join(fmt_shape(s) for s in shapes) + "]"


def _assign_rows(graph: Any, nodes: list, boxes: dict) -> None:
    """Row of each box: the deepest of its nodes (inputs: above their consumers)."""
    depths = graph.map.node_depths
    depth_of: dict[int, int] = {}
    for node in graph.map.nodes:
        key = id(node.operation)
        depth_of[key] = max(depth_of.get(key, 0), depths[id(node)])
    for tensor in graph.inputs:
        consumers = [
            depths[id(n)] for n in graph.map.nodes if tensor in n.input_tensors
        ]
        key = id(_node_of(tensor).operation)
        depth_of[key] = max(consumers, default=-1) + 1
    deepest = max(depth_of.values(), default=0)
    for key, box in boxes.items():
        box.row = deepest - depth_of.get(key, 0)


def _box_size(boxes: Any) -> tuple[float, float]:
    lines = [line for box in boxes for line in box.label.split("\n")]
    rows = max(box.label.count("\n") + 1 for box in boxes)
    width = max(len(line) for line in lines) * _CHAR_WIDTH + 0.3
    return max(width, 1.5), rows * _LINE_HEIGHT + 0.25


def _place(boxes: dict, width: float, height: float, rankdir: str) -> tuple:
    """Centre the boxes of each row; return the figure size in inches."""
    rows: dict[int, list[_Box]] = {}
    for box in boxes.values():
        rows.setdefault(box.row, []).append(box)
    across = width if rankdir == "TB" else height  # size along a row
    down = height if rankdir == "TB" else width  # size from row to row
    widest = max(len(row) for row in rows.values())
    span = widest * (across + _GAP)
    for row, members in rows.items():
        for index, box in enumerate(members):
            offset = (index - (len(members) - 1) / 2) * (across + _GAP)
            along, level = span / 2 + offset, _GAP / 2 + down / 2 + row * (down + _GAP)
            box.x, box.y = (along, level) if rankdir == "TB" else (level, along)
    depth = (max(rows) + 1) * (down + _GAP)
    return (span, depth) if rankdir == "TB" else (depth, span)


def _edges(graph: Any) -> list[tuple[int, int]]:
    """``(id(source op), id(target op))`` for every connection, each once."""
    edges: dict[tuple[int, int], None] = {}
    for node in graph.map.nodes:
        for tensor in node.input_tensors:
            source = tensor._keras_history.operation
            edges[(id(source), id(node.operation))] = None
    return list(edges)


def _arrow(axes: Any, source: _Box, target: _Box, width: float, height: float,
           rankdir: str) -> None:  # fmt: skip
    if rankdir == "TB":
        start, end = (
            (source.x, source.y + height / 2),
            (target.x, target.y - height / 2),
        )
    else:
        start, end = (source.x + width / 2, source.y), (target.x - width / 2, target.y)
    arrow = axes.annotate(
        "", xy=end, xytext=start,
        arrowprops={"arrowstyle": "-|>", "color": "0.35", "shrinkA": 2, "shrinkB": 2},
    )  # fmt: skip
    arrow.set_gid(f"edge:{source.op.name}->{target.op.name}")
