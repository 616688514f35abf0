"""Draw a model's Node graph with matplotlib: one row per depth, boxes and arrows.

Notebook: ``notebooks/05_functional_models.ipynb``.

Private helper of :mod:`kitlib.widgets.graph_explorer`. It needs no Graphviz:
boxes are matplotlib text boxes placed on a grid (deepest nodes, the inputs,
at the top; depth 0, the outputs, at the bottom) and arrows join each parent
box to its child. Colours carry the graph-walk state the explorer steps
through.

Why not ``kitlib.utils.plot_model``: it draws one box per *layer*, while the
explorer shows the *Node* graph, one box per layer call. A shared layer's
calls must be separate boxes (``shared (call 0)`` -> ``shared (call 1)``), and
the walk colours individual nodes, so the explorer keeps this node-level drawer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from matplotlib.figure import Figure

# Box colours by walk state; the edge colour marks the selected node.
FILL = {"idle": "#eeeeee", "stack": "#ffe082", "finished": "#a5d6a7"}
CURRENT_EDGE, SELECTED_EDGE, PLAIN_EDGE = "#e65100", "#1565c0", "#616161"


@dataclass
class DrawnNode:
    """One box: a label, its depth row, its parents (indices) and its look."""

    label: str
    depth: int
    parents: list[int] = field(default_factory=list)
    state: str = "idle"  # "idle", "stack" or "finished"
    current: bool = False  # the node the walk's current step touched
    selected: bool = False  # the node picked in the explorer's dropdown


def layout(nodes: list[DrawnNode]) -> list[tuple[float, float]]:
    """``(x, y)`` per node: ``y`` is the depth, ``x`` spreads each row around 0."""
    rows: dict[int, list[int]] = {}
    for index, node in enumerate(nodes):
        rows.setdefault(node.depth, []).append(index)
    positions: list[tuple[float, float]] = [(0.0, 0.0)] * len(nodes)
    for depth, members in rows.items():
        for slot, index in enumerate(members):
            positions[index] = (slot - (len(members) - 1) / 2, float(depth))
    return positions


def draw_graph(nodes: list[DrawnNode], title: str = "") -> Figure:
    """A figure of the graph: boxes by depth, arrows from parents to children."""
    positions = layout(nodes)
    widest = max(
        (sum(1 for n in nodes if n.depth == d) for d in _depths(nodes)), default=1
    )
    rows = len(_depths(nodes)) or 1
    figure = Figure(figsize=(max(4.0, 2.4 * widest), max(2.5, 1.3 * rows)))
    axes = figure.add_subplot()
    axes.set_axis_off()
    boxes = []
    for node, (x, y) in zip(nodes, positions, strict=True):
        edge = SELECTED_EDGE if node.selected else PLAIN_EDGE
        edge = CURRENT_EDGE if node.current else edge
        boxes.append(
            axes.text(
                x,
                y,
                node.label,
                ha="center",
                va="center",
                fontsize=8,
                zorder=3,
                bbox={
                    "boxstyle": "round,pad=0.4",
                    "facecolor": FILL[node.state],
                    "edgecolor": edge,
                    "linewidth": 2.5 if node.current or node.selected else 1.0,
                },
            )
        )
    for child_index, node in enumerate(nodes):
        for parent_index in node.parents:
            # Anchor the arrow on the boxes themselves (bottom of the parent,
            # top of the child), so it never hides under a label.
            axes.annotate(
                "",
                xy=(0.5, 1.0),
                xycoords=boxes[child_index],
                xytext=(0.5, 0.0),
                textcoords=boxes[parent_index],
                arrowprops={"arrowstyle": "->", "color": "#424242"},
                zorder=2,
            )
    xs = [x for x, _ in positions] or [0.0]
    ys = [y for _, y in positions] or [0.0]
    axes.set_xlim(min(xs) - 0.7, max(xs) + 0.7)
    axes.set_ylim(min(ys) - 0.6, max(ys) + 0.6)  # depth 0 (outputs) at the bottom
    if title:
        axes.set_title(title, fontsize=9)
    figure.text(
        0.5,
        0.0,
        "yellow: on the walk's stack   green: finished   orange edge: "
        "current step   blue edge: selected node",
        ha="center",
        fontsize=7,
    )
    return figure


def _depths(nodes: list[DrawnNode]) -> set[int]:
    return {node.depth for node in nodes}
