"""``LayerInspector``: a layer's weights before and after ``build``, and the trace.

Notebook: ``notebooks/02_layer_lifecycle.ipynb``.

A fresh ``Dense(3)`` has no weights: it cannot know the kernel's first
dimension until it sees an input. The inspector lets a learner type an input
shape, press **Build** (which runs ``layer(kitlib.Input(shape))`` inside
``kitlib.trace()``), and watch the weights appear, together with the ordered
lifecycle events ``__call__ -> build -> add_weight ... -> call -> node``.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets
import numpy as np

from kitlib.engine.input_layer import Input
from kitlib.engine.layer import Layer
from kitlib.engine.trace import TraceEvent, trace
from kitlib.utils.errors import fmt_shape
from kitlib.widgets import _base
from kitlib.widgets.heatmaps import heatmap_figure

_HEADERS = ("weight", "shape", "dtype", "initializer", "trainable")


def parse_shape(shape: Any) -> tuple[int | None, ...]:
    """Turn ``"(None, 5)"``, ``"5"``, ``(5,)`` or ``5`` into a batch shape.

    A shape whose first entry is ``None`` already has its batch axis; any other
    shape is one sample's shape, as for ``kitlib.Input(shape=...)``, and gets a
    ``None`` batch axis in front.

    Raises:
        ValueError: when the text is not a list of sizes.

    Example:
        >>> parse_shape("5"), parse_shape("(None, 28, 28, 1)")
        ((None, 5), (None, 28, 28, 1))
    """
    dims = _shape_entries(shape)
    if not dims or not all(_is_size(d) for d in dims):
        raise ValueError(
            f"LayerInspector expects an input shape such as '(None, 5)' or '5', but "
            f"received {shape!r}. Write the sizes of one sample separated by commas; "
            "put None first to give the batch axis yourself."
        )
    return tuple(dims) if dims[0] is None else (None, *dims)


def _is_size(dim: Any) -> bool:
    if dim is None:
        return True
    return isinstance(dim, int | np.integer) and not isinstance(dim, bool) and dim >= 0


def _shape_entries(shape: Any) -> list[int | None]:
    if isinstance(shape, int):
        return [shape]
    if isinstance(shape, tuple | list):
        return list(shape)
    tokens = str(shape).strip().strip("()[]").split(",")
    entries: list[int | None] = []
    for token in (t.strip() for t in tokens):
        if token in ("None", "?"):
            entries.append(None)
        elif token.lstrip("-").isdigit():
            entries.append(int(token))
        elif token or len(tokens) == 1:
            return []  # not a size: parse_shape reports the whole text
    return entries


class LayerInspectorState:
    """What the inspector knows, as plain data: weights, last trace, last error.

    Args:
        layer: the layer to inspect (built or not).
    """

    def __init__(self, layer: Layer) -> None:
        if not isinstance(layer, Layer):
            raise TypeError(
                f"LayerInspector expects a kitlib Layer such as Dense(3), but received "
                f"{type(layer).__name__}. Pass the layer object, not its output."
            )
        self.layer = layer
        self.events: list[TraceEvent] = []
        self.error: str | None = None
        self.note = ""

    def build(self, shape: Any) -> bool:
        """Call the layer on ``Input(shape)`` under ``trace()``; False on error.

        The events recorded before an error are kept: they show how far the
        lifecycle got (e.g. ``build`` ran but ``call`` raised).
        """
        self.error, self.note = None, ""
        try:
            symbolic_input = Input(batch_shape=parse_shape(shape))
        except ValueError as error:
            self.error = str(error)
            return False
        was_built = self.layer.built
        with trace() as recorded:
            try:
                self.layer(symbolic_input)
            except Exception as error:  # noqa: BLE001 - a learner's layer may raise anything
                self.error = f"{type(error).__name__}: {error}"
        self.events = list(recorded.events)
        if self.error is None and was_built:
            self.note = (
                "The layer was already built, so __call__ skipped build(): a layer "
                "creates its weights once, on its first call."
            )
        return self.error is None

    def trace_kinds(self) -> list[str]:
        """Kinds of the recorded events of the inspected layer, in order."""
        return [e.kind for e in self.events if e.layer == self.layer.name]

    def weight_rows(self) -> list[tuple[str, str, str, str, bool]]:
        """One row per weight: name, shape, dtype, initializer, trainable."""
        prefix = f"{self.layer.name}/"
        rows = []
        for weight in self.layer.weights:
            name = getattr(weight, "path", weight.name).removeprefix(prefix)
            init = getattr(weight, "initializer", None)
            init_name = getattr(init, "__name__", type(init).__name__) if init else "-"
            shape = fmt_shape(weight.shape)
            rows.append((name, shape, weight.dtype, init_name, weight.trainable))
        return rows

    def headline(self) -> str:
        """One line: layer, class, and whether (and for what input) it is built."""
        layer = self.layer
        state = "built" if layer.built else "not built: no weights yet"
        if layer.built and layer._build_input_shape is not None:
            state += f" for input {fmt_shape(layer._build_input_shape)}"
        return f"{type(layer).__name__} '{layer.name}' ({state})"

    def __str__(self) -> str:
        lines = [f"LayerInspector: {self.headline()}"]
        if self.error:
            lines.append(f"error: {self.error}")
        rows = self.weight_rows()
        if rows:
            lines.append(_base.text_table(_HEADERS, rows))
        elif self.layer.built:
            lines.append("this layer has no weights")
        else:
            lines.append("no weights yet: call the layer on an input to build it")
        if self.events:
            lines.append("lifecycle trace:")
            lines += [f"{i:2d}. {event}" for i, event in enumerate(self.events, 1)]
        return "\n".join(lines)


class LayerInspector(_base.WidgetView):
    """Shows a layer's weights before and after build, and its lifecycle trace.

    Args:
        layer: the layer to inspect, e.g. ``Dense(3)``.
        input_shape: initial text of the shape box (``"(None, 5)"``, ``5``...).

    Example:
        >>> from kitlib.layers import Dense
        >>> inspector = LayerInspector(Dense(3), input_shape=5)
        >>> inspector.build_button.click()
        >>> [row[:2] for row in inspector.state.weight_rows()]
        [('kernel', '(5, 3)'), ('bias', '(3,)')]
    """

    def __init__(self, layer: Layer, input_shape: Any = None) -> None:
        self.state = LayerInspectorState(layer)
        if input_shape is None and layer.built:
            input_shape = layer._build_input_shape
        self.shape_text = ipywidgets.Text(
            value="" if input_shape is None else _shape_text(input_shape),
            description="input shape",
            placeholder="(None, 5) or 5",
        )
        self.build_button = ipywidgets.Button(
            description="Build",
            button_style="primary",
            tooltip="layer(kitlib.Input(shape)) inside kitlib.trace()",
        )
        self.title = ipywidgets.HTML()
        self.status = ipywidgets.HTML()
        self.weights_table = ipywidgets.HTML()
        self.weight_picker = ipywidgets.Dropdown(description="heatmap", options=[])
        self.heatmap = ipywidgets.Output()
        self.trace_view = ipywidgets.HTML()
        self._quiet = False
        self.widget = ipywidgets.VBox(
            [
                self.title,
                ipywidgets.HBox([self.shape_text, self.build_button]),
                self.status,
                self.weights_table,
                self.weight_picker,
                self.heatmap,
                self.trace_view,
            ]
        )
        self.widget.add_class("kitlib-layer-inspector")
        self.build_button.on_click(self._on_build)
        self.weight_picker.observe(self._on_pick, names="value")
        self._refresh()

    @_base.guarded
    def _on_build(self, _button: Any) -> None:
        self.state.build(self.shape_text.value)
        self._refresh()

    @_base.guarded
    def _on_pick(self, _change: Any) -> None:
        if not self._quiet:
            self._draw_heatmap()

    def _refresh(self) -> None:
        state = self.state
        self.title.value = f"<b>{html.escape(state.headline())}</b>"
        if state.error:
            self.show_error(state.error)
        else:
            self.clear_status(state.note)
        rows = state.weight_rows()
        self.weights_table.value = (
            _base.html_table(_HEADERS, rows) if rows else f"<i>{_no_weights(state)}</i>"
        )
        options = [(f"{row[0]} {row[1]}", i) for i, row in enumerate(rows)]
        self._quiet = True  # the picker's observer would redraw the heatmap twice
        try:
            self.weight_picker.options = options
            self.weight_picker.value = _first_matrix(state.layer.weights)
        finally:
            self._quiet = False
        self.weight_picker.layout.display = "" if options else "none"
        self.trace_view.value = _trace_html(state.events)
        self._draw_heatmap()  # last: the slowest part, text views update first

    def _draw_heatmap(self) -> None:
        index = self.weight_picker.value
        if index is None or index >= len(self.state.layer.weights):
            self.heatmap.outputs = ()
            return
        weight = self.state.layer.weights[index]
        name = self.state.weight_rows()[index][0]
        figure = heatmap_figure(name, weight.numpy())
        _base.show_figure(
            self.heatmap, figure, f"heatmap of {name} {fmt_shape(weight.shape)}"
        )

    def __str__(self) -> str:
        return str(self.state)

    def to_html(self) -> str:
        """Static HTML: headline, error, weight table and trace."""
        return (
            f"<div><b>{html.escape(self.state.headline())}</b>{self.status.value}"
            f"{self.weights_table.value}{self.trace_view.value}</div>"
        )


def _shape_text(shape: Any) -> str:
    if isinstance(shape, tuple | list):
        return fmt_shape(shape)
    return str(shape)


def _no_weights(state: LayerInspectorState) -> str:
    if state.layer.built:
        return "This layer has no weights."
    return "No weights yet: the layer is not built. Pick an input shape, press Build."


def _first_matrix(weights: list) -> int | None:
    """Index of the first weight with 2+ axes (the interesting heatmap), else 0."""
    for i, weight in enumerate(weights):
        if len(weight.shape) >= 2:
            return i
    return 0 if weights else None


def _trace_html(events: list[TraceEvent]) -> str:
    if not events:
        return "<i>lifecycle trace: nothing recorded yet (press Build)</i>"
    items = "".join(f"<li><code>{html.escape(str(e))}</code></li>" for e in events)
    return f"<b>lifecycle trace</b><ol>{items}</ol>"
