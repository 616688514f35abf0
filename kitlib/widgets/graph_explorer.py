"""``GraphExplorer``: a functional model's Node graph, its attributes and its walk.

Notebook: ``notebooks/04_nodes_and_history.ipynb`` and ``05_functional_models.ipynb``.

Three views of the same graph:

* the drawing: one box per Node (a layer *call*), one row per depth;
* the node picker: a Node's Keras-2 attributes (``outbound_layer``,
  ``inbound_layers``, ``node_indices``, ``tensor_indices``, shapes, depth)
  and the ``_keras_history`` of the tensors it reads and writes;
* the walk: ``Model(inputs, outputs)`` finds its nodes by a depth-first walk
  back from the outputs (``kitlib.engine.graph.map_graph``). Its recorded
  ``steps`` are replayed one at a time: the stack of nodes in progress, the
  finished list (which becomes the run order) and, at the end, the depths.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets

from kitlib.engine.graph import GraphMap
from kitlib.engine.node import Node
from kitlib.models.model import Model
from kitlib.utils.errors import did_you_mean, fmt_shape
from kitlib.widgets import _base
from kitlib.widgets._graph_drawing import DrawnNode, draw_graph
from kitlib.widgets._graph_walk import WalkState, describe_walk, replay_walk


def functional_graph(model: Any) -> GraphMap:
    """The mapped graph of a functional model, with a teaching error otherwise.

    Raises:
        TypeError: for anything but a functional (or built Sequential) model.
    """
    if not isinstance(model, Model):
        raise TypeError(
            f"GraphExplorer expects a kitlib Model, but received "
            f"{type(model).__name__}. Build one with Model(inputs=x, outputs=y)."
        )
    try:
        # The model's own check words the problem (unbuilt Sequential, subclass).
        return model._require_graph("graph of Nodes").map
    except AttributeError as error:
        raise TypeError(
            f"GraphExplorer needs a model with a fixed graph. {error}"
        ) from None


class GraphExplorerState:
    """The explorer's data: nodes, depths, node details and the replayed walk.

    Args:
        model: a functional ``Model``.
    """

    def __init__(self, model: Any) -> None:
        self.model = model
        self.graph = functional_graph(model)
        inputs = [_made_by(t) for t in model.inputs]
        self.nodes: list[Node] = list(
            {id(n): n for n in inputs + self.graph.nodes}.values()
        )
        self.depths = _depths_with_inputs(self.nodes, self.graph.node_depths)
        self.steps = list(self.graph.steps)

    def label(self, node: Node) -> str:
        """``dense_1``, or ``shared (call 1)`` for a layer called several times."""
        layer = node.operation
        if len(layer._inbound_nodes) > 1:
            return f"{layer.name} (call {layer._inbound_nodes.index(node)})"
        return layer.name

    def index_of(self, label: str) -> int:
        """Position in ``nodes`` of the node with this label."""
        labels = [self.label(n) for n in self.nodes]
        if label not in labels:
            raise ValueError(
                f"GraphExplorer has no node '{label}'{did_you_mean(label, labels)} "
                f"Its nodes are: {', '.join(labels)}."
            )
        return labels.index(label)

    def attributes(self, node: Node) -> list[tuple[str, str]]:
        """The Node's attributes as (name, value) text pairs, Keras 2 names."""
        layer = node.operation
        return [
            ("outbound_layer", f"{layer.name} ({type(layer).__name__})"),
            ("inbound_layers", _names(node.inbound_layers)),
            ("node_indices", str(node.node_indices)),
            ("tensor_indices", str(node.tensor_indices)),
            ("input_shapes", _shapes(node.input_shapes)),
            ("output_shapes", _shapes(node.output_shapes)),
            ("depth", str(self.depths[id(node)])),
            ("call number", f"{layer._inbound_nodes.index(node)} of {layer.name}"),
        ]

    def history_rows(self, node: Node) -> list[tuple[str, str, str, int, int]]:
        """``_keras_history`` of each tensor the node reads and writes."""
        rows = []
        for role, tensors in (("input", node.input_tensors), ("output", node.outputs)):
            for i, tensor in enumerate(tensors):
                made_by = tensor._keras_history
                row = (f"{role} {i}", fmt_shape(tensor.shape), made_by.operation.name)
                rows.append((*row, made_by.node_index, made_by.tensor_index))
        return rows

    def walk(self, step: int) -> WalkState:
        """Replay the first ``step`` recorded steps of the walk (0 = not started)."""
        return replay_walk(self.steps, step)

    def describe_walk(self, state: WalkState) -> list[str]:
        """The walk state as lines of text."""
        return describe_walk(state, self.label, self.graph.nodes_by_depth())

    def __str__(self) -> str:
        headers = ("node", "class", "inbound_layers", "depth", "output_shapes")
        rows = [
            (self.label(n), type(n.operation).__name__, _names(n.inbound_layers))
            + (self.depths[id(n)], _shapes(n.output_shapes))
            for n in self.nodes
        ]
        title = f"GraphExplorer: model '{self.model.name}'"
        return f"{title}\n{_base.text_table(headers, rows)}"


class GraphExplorer(_base.WidgetView):
    """Draws a functional model's graph; pick a node; step through the graph walk.

    Args:
        model: a functional ``Model(inputs, outputs)``.

    Example:
        >>> import kitlib
        >>> x = kitlib.Input((4,))
        >>> model = kitlib.Model(x, kitlib.layers.Dense(2, name="out")(x))
        >>> explorer = GraphExplorer(model)
        >>> explorer.node_picker.value = explorer.state.index_of("out")
        >>> explorer.selected_attributes()["inbound_layers"]
        '[input_layer]'
    """

    def __init__(self, model: Any) -> None:
        self.state = GraphExplorerState(model)
        options = [(self.state.label(n), i) for i, n in enumerate(self.state.nodes)]
        self.node_picker = ipywidgets.Dropdown(
            description="node", options=options, value=len(options) - 1
        )
        self.step_slider = ipywidgets.IntSlider(
            description="walk step", min=0, max=len(self.state.steps), value=0
        )
        self.prev_button = ipywidgets.Button(description="Prev", icon="step-backward")
        self.next_button = ipywidgets.Button(description="Next", icon="step-forward")
        self.drawing = ipywidgets.Output()
        self.node_view = ipywidgets.HTML()
        self.walk_view = ipywidgets.HTML()
        self.status = ipywidgets.HTML()
        walk_controls = ipywidgets.HBox(
            [self.prev_button, self.next_button, self.step_slider]
        )
        self.widget = ipywidgets.VBox(
            [
                ipywidgets.HTML(f"<b>{html.escape(f'Model {model.name!r}')}</b>"),
                self.status,
                ipywidgets.HBox(
                    [self.drawing, ipywidgets.VBox([self.node_picker, self.node_view])]
                ),
                walk_controls,
                self.walk_view,
            ]
        )
        self.widget.add_class("kitlib-graph-explorer")
        self.node_picker.observe(self._on_change, names="value")
        self.step_slider.observe(self._on_change, names="value")
        self.prev_button.on_click(self._on_prev)
        self.next_button.on_click(self._on_next)
        self._refresh()

    # --- what the controls show -------------------------------------------------
    @property
    def selected_node(self) -> Node:
        """The Node picked in the dropdown."""
        return self.state.nodes[self.node_picker.value]

    def selected_attributes(self) -> dict[str, str]:
        """The picked node's attributes, as shown in the widget."""
        return dict(self.state.attributes(self.selected_node))

    def walk_state(self) -> WalkState:
        """The walk at the slider's step."""
        return self.state.walk(self.step_slider.value)

    # --- callbacks --------------------------------------------------------------
    @_base.guarded
    def _on_change(self, _change: Any) -> None:
        self._refresh()

    @_base.guarded
    def _on_prev(self, _button: Any) -> None:
        self.step_slider.value = max(0, self.step_slider.value - 1)

    @_base.guarded
    def _on_next(self, _button: Any) -> None:
        self.step_slider.value = min(self.step_slider.max, self.step_slider.value + 1)

    def _refresh(self) -> None:
        self.clear_status()
        node = self.selected_node
        self.node_view.value = (
            _base.html_table(("attribute", "value"), self.state.attributes(node))
            + "<b>_keras_history</b>"
            + _base.html_table(
                ("tensor", "shape", "layer", "node_index", "tensor_index"),
                self.state.history_rows(node),
            )
        )
        walk = self.walk_state()
        lines = self.state.describe_walk(walk)
        self.walk_view.value = "<br>".join(html.escape(line) for line in lines)
        self.prev_button.disabled = walk.step == 0
        self.next_button.disabled = walk.done
        figure = draw_graph(self._drawn_nodes(walk), title=lines[0])
        _base.show_figure(self.drawing, figure, str(self.state))

    def _drawn_nodes(self, walk: WalkState) -> list[DrawnNode]:
        state = self.state
        position = {id(n): i for i, n in enumerate(state.nodes)}
        stack, finished = {id(n) for n in walk.stack}, {id(n) for n in walk.finished}
        drawn = []
        for node in state.nodes:
            shapes = _shapes(node.output_shapes)
            drawn.append(
                DrawnNode(
                    label=f"{state.label(node)}\n{type(node.operation).__name__}\n{shapes}",
                    depth=state.depths[id(node)],
                    parents=[
                        position[id(p)] for p in node.parent_nodes if id(p) in position
                    ],
                    state="stack"
                    if id(node) in stack
                    else ("finished" if id(node) in finished else "idle"),
                    current=walk.current is node,
                    selected=node is self.selected_node,
                )
            )
        return drawn

    def __str__(self) -> str:
        lines = [
            str(self.state),
            f"selected node: {self.state.label(self.selected_node)}",
        ]
        lines += [
            f"  {name}: {value}"
            for name, value in self.state.attributes(self.selected_node)
        ]
        return "\n".join(lines + self.state.describe_walk(self.walk_state()))

    def to_html(self) -> str:
        """Static HTML: the node table, the selected node and the walk state."""
        return (
            f"<pre>{html.escape(str(self.state))}</pre>{self.node_view.value}"
            f"<p>{self.walk_view.value}</p>"
        )


def _made_by(tensor: Any) -> Node:
    history = tensor._keras_history
    return history.operation._inbound_nodes[history.node_index]


def _depths_with_inputs(nodes: list[Node], depths: dict[int, int]) -> dict[int, int]:
    """The walk's depths, plus input nodes one row deeper than their deepest user."""
    result = dict(depths)
    for node in nodes:
        if id(node) not in result:
            users = [
                result[id(n)]
                for n in nodes
                if node in n.parent_nodes and id(n) in result
            ]
            result[id(node)] = max(users, default=-1) + 1
    return result


def _names(layers: list[Any]) -> str:
    return "[" + ", ".join(layer.name for layer in layers) + "]"


def _shapes(shapes: list[tuple]) -> str:
    return ", ".join(fmt_shape(s) for s in shapes)
