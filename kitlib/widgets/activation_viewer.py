"""``ActivationViewer``: the feature maps chosen layers produce for one input.

Notebook: ``notebooks/11_cnn_layers.ipynb``.

How do we see inside a trained network? Build a second model that shares the
first one's layers but stops early: ``Model(model.input, layer.output)``. Its
output *is* the layer's activation for the given input. For a conv layer that
is one image per channel (a feature map); a Dense layer gives one row of
numbers. The viewer computes these intermediate outputs once and draws them.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets
import numpy as np
from matplotlib.figure import Figure

from kitlib.models import Model
from kitlib.utils.errors import did_you_mean, fmt_shape
from kitlib.widgets import _base
from kitlib.widgets.filter_viewer import grid_shape

_HEADERS = ("layer", "output shape", "min", "max", "mean", "zeros")


def _as_maps(activation: np.ndarray) -> np.ndarray:
    """One sample's activation as ``(maps, rows, cols)`` images.

    ``(H, W, C)`` gives C maps of ``H x W``; ``(steps, features)`` one map;
    ``(units,)`` one map of a single row.
    """
    if activation.ndim == 3:
        return np.moveaxis(activation, -1, 0)
    if activation.ndim == 2:
        return activation[None]
    return activation.reshape(1, 1, -1)


class ActivationViewerState:
    """Intermediate outputs of ``model`` for ``x``, computed with sub-models.

    Args:
        model: a functional or built ``Sequential`` model.
        layer_names: layers to look at (default: every layer except the input).
        x: one input sample, or a batch (``sample`` picks one).
        sample: index of the sample in the batch.

    Raises:
        ValueError: for a layer name the model does not have.
    """

    def __init__(
        self, model: Any, layer_names: Any = None, x: Any = None, sample: int = 0
    ) -> None:
        if not isinstance(model, Model):
            raise TypeError(
                f"ActivationViewer expects a kitlib Model, but received "
                f"{type(model).__name__}. Build a Sequential or Model(inputs, outputs)."
            )
        self.model = model
        names = [layer.name for layer in model.layers]
        if layer_names is None:
            layer_names = [
                n for n in names if type(model.get_layer(n)).__name__ != "InputLayer"
            ]
        layer_names = (
            [layer_names] if isinstance(layer_names, str) else list(layer_names)
        )
        for name in layer_names:
            if name not in names:
                raise ValueError(
                    f"ActivationViewer: the model has no layer named {name!r}."
                    f"{did_you_mean(name, names)} Its layers are: {', '.join(names)}."
                )
        self.layer_names = layer_names
        self.activations: dict[str, np.ndarray] = {}
        if x is not None:
            self.run(x, sample)

    def run(self, x: Any, sample: int = 0) -> None:
        """Compute every chosen layer's output for sample ``sample`` of ``x``."""
        x = np.asarray(x)
        expected = len(self.model.input.shape)
        if x.ndim == expected - 1:
            x = x[None]  # one sample: add the batch axis
        if x.ndim != expected or not 0 <= sample < x.shape[0]:
            raise ValueError(
                f"ActivationViewer expects an input of shape "
                f"{fmt_shape(self.model.input.shape)} (or one sample without the batch "
                f"axis) and a sample index below the batch size, but received shape "
                f"{fmt_shape(x.shape)} and sample={sample}."
            )
        batch = x[sample : sample + 1]
        self.activations = {}
        for name in self.layer_names:
            probe = Model(self.model.input, self.model.get_layer(name).output)
            self.activations[name] = np.asarray(probe(batch).numpy())[0]

    def feature_maps(self, name: str) -> np.ndarray:
        """``(maps, rows, cols)`` images of layer ``name``'s output."""
        return _as_maps(self.activations[name])

    def rows(self) -> list[tuple[str, str, str, str, str, str]]:
        """Per layer: name, output shape, min, max, mean, fraction of zeros."""
        table = []
        for name, value in self.activations.items():
            numbers = (value.min(), value.max(), value.mean())
            zeros = f"{np.mean(value == 0):.0%}"
            shape = fmt_shape((None, *value.shape))
            table.append((name, shape, *(f"{n:+.4f}" for n in numbers), zeros))
        return table

    def __str__(self) -> str:
        head = f"ActivationViewer: model '{self.model.name}', layers {self.layer_names}"
        if not self.activations:
            return head + "\nno input yet: call run(x)"
        return head + "\n" + _base.text_table(_HEADERS, self.rows())

    def figure(self, name: str, max_maps: int = 32) -> Figure:
        """Layer ``name``'s feature maps as a grid of images (viridis)."""
        maps = self.feature_maps(name)[:max_maps]
        rows, cols = grid_shape(len(maps))
        figure = Figure(figsize=(1.6 * cols + 0.8, 1.6 * rows + 0.6))
        for index, image in enumerate(maps):
            axes = figure.add_subplot(rows, cols, index + 1)
            axes.imshow(image, cmap="viridis", interpolation="nearest", aspect="auto")
            axes.set_title(f"{index}", fontsize=8)
            axes.set_xticks([])
            axes.set_yticks([])
        shape = fmt_shape((None, *self.activations[name].shape))
        figure.suptitle(f"{name}: output {shape}", fontsize=9)
        return figure


class ActivationViewer(_base.WidgetView):
    """Feature maps of chosen layers for one input, with a layer picker.

    Args:
        model: the model to look into.
        layer_names: the layers to show (default: all but the input).
        x: the input: one sample or a batch.
        sample: which sample of the batch to show.
        max_maps: draw at most this many maps per layer (default 32).

    Example:
        >>> import numpy as np
        >>> from kitlib import Input, Model
        >>> from kitlib.layers import Conv2D, MaxPooling2D
        >>> inputs = Input(shape=(8, 8, 1))
        >>> conv = Conv2D(4, 3, padding="same", name="conv")(inputs)
        >>> model = Model(inputs, MaxPooling2D(name="pool")(conv))
        >>> viewer = ActivationViewer(model, ["conv", "pool"], np.ones((8, 8, 1)))
        >>> viewer.state.feature_maps("pool").shape
        (4, 4, 4)
    """

    def __init__(
        self,
        model: Any,
        layer_names: Any = None,
        x: Any = None,
        sample: int = 0,
        max_maps: int = 32,
    ) -> None:
        self.state = ActivationViewerState(model, layer_names, x, sample)
        self.max_maps = max_maps
        self.layer_picker = ipywidgets.Dropdown(
            options=self.state.layer_names,
            value=self.state.layer_names[0] if self.state.layer_names else None,
            description="layer",
        )
        self.title = ipywidgets.HTML()
        self.status = ipywidgets.HTML()
        self.image = ipywidgets.Output()
        self.stats_table = ipywidgets.HTML()
        self.widget = ipywidgets.VBox(
            [self.title, self.layer_picker, self.status, self.image, self.stats_table]
        )
        self.widget.add_class("kitlib-activation-viewer")
        self.layer_picker.observe(self._on_pick, names="value")
        self._refresh()

    def run(self, x: Any, sample: int = 0) -> None:
        """Show the activations for a new input."""
        self.state.run(x, sample)
        self._refresh()

    @_base.guarded
    def _on_pick(self, _change: Any) -> None:
        self._refresh()

    def _refresh(self) -> None:
        model = self.state.model
        self.title.value = f"<b>Activations of model '{html.escape(model.name)}'</b>"
        name = self.layer_picker.value
        if not self.state.activations or name is None:
            self.clear_status("no input yet: call run(x)")
            self.image.outputs = ()
            self.stats_table.value = ""
            return
        self.clear_status()
        shape = fmt_shape((None, *self.state.activations[name].shape))
        _base.show_figure(
            self.image, self.figure(name), f"feature maps of {name} {shape}"
        )
        self.stats_table.value = _base.html_table(_HEADERS, self.state.rows())

    def figure(self, name: str | None = None) -> Figure:
        """Feature maps of layer ``name`` (default: the picked layer)."""
        return self.state.figure(name or self.layer_picker.value, self.max_maps)

    def __str__(self) -> str:
        return str(self.state)

    def to_html(self) -> str:
        """Static HTML: the per-layer statistics."""
        return (
            f"<div>{self.title.value}{self.status.value}{self.stats_table.value}</div>"
        )
