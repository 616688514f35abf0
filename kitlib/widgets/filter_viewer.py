"""``FilterViewer``: a Conv2D layer's kernels drawn as a grid of small images.

Notebook: ``notebooks/11_cnn_layers.ipynb``.

A ``Conv2D(8, 3)`` kernel has shape ``(3, 3, in_channels, 8)``: eight 3x3
filters per input channel. Each filter is a tiny image; what it "looks for"
(an edge, a blob, a colour) is visible in that image. The viewer picks one
input channel (or all three as colour, for RGB inputs) and draws every filter
side by side. Press **Refresh** after training to see how the filters changed.
"""

from __future__ import annotations

import html
import math
from typing import Any

import ipywidgets
import numpy as np
from matplotlib.figure import Figure

from kitlib.engine.layer import Layer
from kitlib.utils.errors import fmt_shape
from kitlib.widgets import _base

RGB = "rgb"
_HEADERS = ("filter", "min", "max", "mean", "L2 norm")


def grid_shape(count: int) -> tuple[int, int]:
    """``(rows, cols)`` of the most square grid that holds ``count`` images.

    Example:
        >>> grid_shape(8), grid_shape(9), grid_shape(1)
        ((3, 3), (3, 3), (1, 1))
    """
    cols = max(1, math.ceil(math.sqrt(count)))
    return max(1, math.ceil(count / cols)), cols


class FilterViewerState:
    """The kernels of one conv layer, as plain arrays (no ipywidgets).

    Args:
        layer: a built layer with a 4-D ``kernel`` ``(kh, kw, in, filters)``.
        channel: input channel to show (an int), or ``"rgb"`` for 3 channels.
        max_filters: draw at most this many filters.

    Raises:
        TypeError: for something that is not a layer.
        ValueError: for an unbuilt layer or one without a 2D conv kernel.
    """

    def __init__(self, layer: Layer, channel: Any = 0, max_filters: int = 64) -> None:
        if not isinstance(layer, Layer):
            raise TypeError(
                f"FilterViewer expects a Conv2D layer, but received "
                f"{type(layer).__name__}. Pass the layer, e.g. model.layers[0]."
            )
        kernel = getattr(layer, "kernel", None)
        if not layer.built or kernel is None:
            raise ValueError(
                f"FilterViewer needs a built Conv2D layer, but '{layer.name}' "
                f"({type(layer).__name__}) has no kernel yet. Call the layer (or its "
                "model) on an input first, so build() creates the kernel."
            )
        if len(kernel.shape) != 4:
            raise ValueError(
                f"FilterViewer shows 2D convolution kernels (kh, kw, in, filters), but "
                f"'{layer.name}' ({type(layer).__name__}) has a kernel of shape "
                f"{fmt_shape(kernel.shape)}. Use a Conv2D layer."
            )
        self.layer = layer
        self.max_filters = max_filters
        self.channel = self._check_channel(channel)

    @property
    def kernel(self) -> np.ndarray:
        """The current kernel values (read again each time: training changes them)."""
        return np.asarray(self.layer.kernel.numpy(), dtype=float)

    def channel_options(self) -> list[Any]:
        """The input channels that can be shown (plus ``"rgb"`` for 3 channels)."""
        channels = list(range(self.kernel.shape[2]))
        return [RGB, *channels] if len(channels) == 3 else channels

    def _check_channel(self, channel: Any) -> Any:
        if channel not in self.channel_options():
            raise ValueError(
                f"FilterViewer: layer '{self.layer.name}' has input channels "
                f"{self.channel_options()}, but channel={channel!r} was asked for."
            )
        return channel

    def set_channel(self, channel: Any) -> None:
        """Show ``channel`` (an input channel index, or ``"rgb"``)."""
        self.channel = self._check_channel(channel)

    def filters(self) -> list[np.ndarray]:
        """One image per filter: ``(kh, kw)``, or ``(kh, kw, 3)`` in [0, 1] for rgb."""
        kernel = self.kernel[..., : self.max_filters]
        if self.channel == RGB:
            images = []
            for index in range(kernel.shape[-1]):
                image = kernel[..., index]
                low, high = image.min(), image.max()
                images.append((image - low) / (high - low) if high > low else image * 0)
            return images
        return [kernel[:, :, self.channel, i] for i in range(kernel.shape[-1])]

    def stats_rows(self) -> list[tuple[int, str, str, str, str]]:
        """Per filter (all input channels): min, max, mean and L2 norm."""
        kernel = self.kernel
        rows = []
        for index in range(min(kernel.shape[-1], self.max_filters)):
            values = kernel[..., index]
            numbers = (
                values.min(),
                values.max(),
                values.mean(),
                np.linalg.norm(values),
            )
            rows.append((index, *(f"{n:+.4f}" for n in numbers)))
        return rows

    def headline(self) -> str:
        """Layer, kernel shape, and what is shown."""
        kh, kw, channels, count = self.kernel.shape
        shown = (
            "input channels as colour"
            if self.channel == RGB
            else (f"input channel {self.channel} of {channels}")
        )
        return (
            f"{type(self.layer).__name__} '{self.layer.name}': {count} filters of "
            f"{kh}x{kw}, kernel {fmt_shape(self.kernel.shape)}; showing {shown}"
        )

    def __str__(self) -> str:
        lines = [f"FilterViewer: {self.headline()}"]
        lines.append(_base.text_table(_HEADERS, self.stats_rows()))
        count = self.kernel.shape[-1]
        if count > self.max_filters:
            lines.append(f"(first {self.max_filters} of {count} filters)")
        if self.channel != RGB and self.kernel.shape[0] * self.kernel.shape[1] <= 25:
            for index, image in enumerate(self.filters()[:4]):
                lines.append(f"filter {index}, channel {self.channel}:")
                lines += ["  " + " ".join(f"{v:+.2f}" for v in row) for row in image]
        return "\n".join(lines)

    def figure(self) -> Figure:
        """The filters as a grid of images (blue negative, red positive)."""
        images = self.filters()
        rows, cols = grid_shape(len(images))
        figure = Figure(figsize=(1.3 * cols + 0.8, 1.3 * rows + 0.6))
        limit = max(float(np.abs(self.kernel).max()), 1e-12)
        for index, image in enumerate(images):
            axes = figure.add_subplot(rows, cols, index + 1)
            if self.channel == RGB:
                axes.imshow(image, interpolation="nearest")
            else:
                axes.imshow(image, cmap="RdBu_r", vmin=-limit, vmax=limit,
                            interpolation="nearest")  # fmt: skip
            axes.set_title(f"{index}", fontsize=8)
            axes.set_xticks([])
            axes.set_yticks([])
        figure.suptitle(self.headline(), fontsize=9)
        return figure


class FilterViewer(_base.WidgetView):
    """A grid of a Conv2D layer's filters, with a channel picker and Refresh.

    Args:
        layer: a built ``Conv2D`` layer (e.g. ``model.layers[0]``).
        channel: the input channel shown first (``"rgb"`` for colour inputs).
        max_filters: draw at most this many filters (default 64).

    Example:
        >>> import numpy as np
        >>> from kitlib.layers import Conv2D
        >>> conv = Conv2D(4, 3)
        >>> _ = conv(np.zeros((1, 8, 8, 2), "float32"))
        >>> viewer = FilterViewer(conv)
        >>> viewer.channel_picker.options
        (('channel 0', 0), ('channel 1', 1))
        >>> "4 filters of 3x3, kernel (3, 3, 2, 4)" in str(viewer)
        True
    """

    def __init__(self, layer: Layer, channel: Any = 0, max_filters: int = 64) -> None:
        self.state = FilterViewerState(layer, channel, max_filters)
        options = [
            ("colour (rgb)" if c == RGB else f"channel {c}", c)
            for c in self.state.channel_options()
        ]
        self.channel_picker = ipywidgets.Dropdown(
            options=options, value=self.state.channel, description="input"
        )
        self.refresh_button = ipywidgets.Button(
            description="Refresh", tooltip="read the kernel again (after training)"
        )
        self.title = ipywidgets.HTML()
        self.status = ipywidgets.HTML()
        self.image = ipywidgets.Output()
        self.stats_table = ipywidgets.HTML()
        self.widget = ipywidgets.VBox(
            [
                self.title,
                ipywidgets.HBox([self.channel_picker, self.refresh_button]),
                self.status,
                self.image,
                self.stats_table,
            ]
        )
        self.widget.add_class("kitlib-filter-viewer")
        self.channel_picker.observe(self._on_channel, names="value")
        self.refresh_button.on_click(self._on_refresh)
        self._refresh()

    @_base.guarded
    def _on_channel(self, change: Any) -> None:
        self.state.set_channel(change["new"])
        self._refresh()

    @_base.guarded
    def _on_refresh(self, _button: Any) -> None:
        self._refresh()

    def _refresh(self) -> None:
        self.title.value = f"<b>{html.escape(self.state.headline())}</b>"
        self.clear_status()
        _base.show_figure(self.image, self.figure(), self.state.headline())
        self.stats_table.value = _base.html_table(_HEADERS, self.state.stats_rows())

    def figure(self) -> Figure:
        """The current filters as a matplotlib figure."""
        return self.state.figure()

    def __str__(self) -> str:
        return str(self.state)

    def to_html(self) -> str:
        """Static HTML: headline and the per-filter statistics."""
        return f"<div>{self.title.value}{self.stats_table.value}</div>"
