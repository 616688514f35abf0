"""``TrainingMonitor``: live loss and metric curves while ``fit`` runs.

Notebook: ``notebooks/10_callbacks.ipynb``.

A callback sees every epoch's ``logs`` (``{"loss": ..., "val_loss": ...}``).
This one keeps them and redraws a small figure every ``every`` epochs (and,
if asked, every ``batch_every`` batches), so a learner watches the curves
bend during training instead of reading numbers afterwards::

    model.fit(x, y, epochs=20, validation_split=0.2,
              callbacks=[TrainingMonitor(metrics=("loss", "accuracy"))])

In a notebook the monitor shows itself in the cell that runs ``fit``; display
it yourself (a cell ending in ``monitor``) to keep it in one place across
several ``fit`` calls. Without a front-end (a script, CI) it prints one line
per epoch instead.
"""

from __future__ import annotations

import base64
import html
import math
import numbers
from typing import Any

import ipywidgets
from IPython.display import display
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from kitlib.callbacks.callback import Callback, print_msg, pythonify_logs
from kitlib.utils.errors import did_you_mean
from kitlib.widgets import _base


class TrainingMonitor(Callback, _base.WidgetView):
    """A callback drawing live training curves (``val_`` curves included).

    Args:
        metrics: log names to plot, one panel each (``"loss"``, ``"accuracy"``...);
            the matching ``val_`` curve is added when validation runs.
        every: redraw after every ``every`` epochs.
        batch_every: also record the training logs every ``batch_every``
            batches and redraw; ``None`` (default) records epochs only.
        live: ``True`` to draw into the widget during ``fit``, ``False`` to print
            one line per epoch; ``None`` picks ``True`` inside a Jupyter kernel.

    Attributes:
        history: ``{"loss": [...], "val_loss": [...]}``, one value per epoch.
        epochs: the x values of ``history`` (1, 2, ...; they continue across
            several ``fit`` calls).
        batch_history: per-batch values when ``batch_every`` is set, with
            x values (fractional epochs) in ``batch_steps``.
        draws: how many times the figure was redrawn.

    Example:
        >>> monitor = TrainingMonitor(every=2, live=True)
        >>> for epoch, loss in enumerate([0.9, 0.5, 0.3]):
        ...     monitor.on_epoch_end(epoch, {"loss": loss})
        >>> monitor.history["loss"], monitor.draws
        ([0.9, 0.5, 0.3], 1)
    """

    def __init__(
        self,
        metrics: Any = ("loss",),
        every: int = 1,
        batch_every: int | None = None,
        live: bool | None = None,
    ) -> None:
        super().__init__()
        self.metrics = [metrics] if isinstance(metrics, str) else list(metrics)
        if not self.metrics or not all(isinstance(m, str) for m in self.metrics):
            raise TypeError(
                f"TrainingMonitor expects metrics to be log names such as ('loss', "
                f"'accuracy'), but received {metrics!r}."
            )
        self.every = _positive_int("every", every)
        self.batch_every = (
            None if batch_every is None else _positive_int("batch_every", batch_every)
        )
        self.live = _base.in_kernel() if live is None else bool(live)
        self.history: dict[str, list[float]] = {}
        self.epochs: list[int] = []
        self.batch_history: dict[str, list[float]] = {}
        self.batch_steps: list[float] = []
        self.draws = 0
        self._user_displayed = False  # shown by a cell: fit must not show it again
        self._fit_displaying = False
        self._stale = False  # values recorded since the last redraw
        self.title = ipywidgets.HTML("<b>Training monitor</b>: waiting for fit()")
        self.status = ipywidgets.HTML()
        self.plot = ipywidgets.Output()
        self.widget = ipywidgets.VBox([self.title, self.status, self.plot])
        self.widget.add_class("kitlib-training-monitor")

    # --- callback hooks ------------------------------------------------------------
    def on_train_begin(self, logs: dict | None = None) -> None:
        """Show the widget in the running cell, unless a cell already shows it."""
        if self.live and not self._user_displayed and _base.in_kernel():
            self._fit_displaying = True
            try:
                display(self)
            finally:
                self._fit_displaying = False

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        """Record the epoch's logs; redraw every ``every`` epochs (or print a line)."""
        values = _numbers(logs)
        self.epochs.append(len(self.epochs) + 1)
        # Every series stays as long as ``epochs``: NaN marks an epoch without
        # that value (e.g. no validation that epoch with validation_freq=2).
        for key in {**self.history, **values}:
            series = self.history.setdefault(
                key, [float("nan")] * (len(self.epochs) - 1)
            )
            series.append(values.get(key, float("nan")))
        self._stale = True
        self._check_metric_names(values)
        if not self.live:
            print_msg(self._epoch_line(epoch, values))
        elif len(self.epochs) % self.every == 0:
            self.redraw()

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        """Record batch logs every ``batch_every`` batches (when asked to)."""
        if self.batch_every is None or (batch + 1) % self.batch_every:
            return
        steps = self.params.get("steps")
        if steps:  # x = fractional epoch, so batch points line up with the epochs
            self.batch_steps.append(len(self.epochs) + (batch + 1) / steps)
        else:  # unknown epoch length (a generator): number the recorded batches
            self.batch_steps.append(float(len(self.batch_steps) + 1))
        for key, value in _numbers(logs).items():
            self.batch_history.setdefault(key, []).append(value)
        self._stale = True
        if self.live:
            self.redraw()

    def on_train_end(self, logs: dict | None = None) -> None:
        """Draw the final state (the last epochs may not be a multiple of ``every``)."""
        if self.live and self._stale:
            self.redraw()

    # --- drawing ---------------------------------------------------------------------
    def figure(self) -> Figure:
        """A figure with one panel per metric: train, ``val_`` and batch curves."""
        figure = Figure(figsize=(4.2 * len(self.metrics), 3.0))
        for index, name in enumerate(self.metrics, 1):
            axes = figure.add_subplot(1, len(self.metrics), index)
            if self.batch_history.get(name):
                axes.plot(
                    self.batch_steps,
                    self.batch_history[name],
                    color="#90caf9",
                    linewidth=0.8,
                    label=f"{name} (batches)",
                )
            for key, style in ((name, "o-"), (f"val_{name}", "s--")):
                points = _finite_points(self.epochs, self.history.get(key, []))
                if points:
                    axes.plot(
                        *zip(*points, strict=True), style, markersize=3, label=key
                    )
            axes.set_title(name)
            axes.set_xlabel("epoch")
            axes.xaxis.set_major_locator(MaxNLocator(integer=True))
            if axes.lines:
                axes.legend(fontsize=8)
            axes.grid(alpha=0.3)
        figure.tight_layout()
        return figure

    def redraw(self) -> None:
        """Render the curves into the widget now."""
        self.title.value = f"<b>Training monitor</b>: {html.escape(self._progress())}"
        _base.show_figure(self.plot, self.figure(), str(self))
        self.draws += 1
        self._stale = False

    def reset(self) -> None:
        """Forget every recorded value (the next ``fit`` starts new curves)."""
        self.history, self.epochs = {}, []
        self.batch_history, self.batch_steps = {}, []
        self.plot.outputs = ()
        self._stale = False

    # --- text and display ------------------------------------------------------------
    def _progress(self) -> str:
        total = self.params.get("epochs")
        done = f"{len(self.epochs)} epoch(s) recorded"
        return f"{done}, fit(epochs={total})" if total else done

    def _epoch_line(self, epoch: int, values: dict[str, float]) -> str:
        shown = [k for m in self.metrics for k in (m, f"val_{m}") if k in values]
        total = self.params.get("epochs")
        head = f"epoch {epoch + 1}/{total}" if total else f"epoch {epoch + 1}"
        return " - ".join([head] + [f"{k}: {values[k]:.4f}" for k in shown])

    def _check_metric_names(self, values: dict[str, float]) -> None:
        missing = [m for m in self.metrics if m not in values]
        if not missing:
            self.clear_status()
            return
        available = [k for k in values if not k.startswith("val_")]
        message = (
            f"TrainingMonitor was asked to plot '{missing[0]}', but the epoch logs "
            f"hold only {available}.{did_you_mean(missing[0], available)} Pass "
            "metrics= names that fit() reports (compile(metrics=[...]) adds them)."
        )
        if not self.live and not self.status.value:
            print_msg(message)  # headless: say it once, in the log
        self.show_error(message)

    def __str__(self) -> str:
        if not self.epochs:
            return "TrainingMonitor: no epochs recorded yet"
        lines = [f"TrainingMonitor: {len(self.epochs)} epoch(s)"]
        for key, series in self.history.items():
            finite = [v for v in series if math.isfinite(v)] or [float("nan")]
            lines.append(f"  {key}: {finite[0]:.4f} -> {finite[-1]:.4f}")
        return "\n".join(lines)

    def to_html(self) -> str:
        """Static HTML: the summary and, once there are epochs, the curves."""
        image = ""
        if self.epochs:
            png = base64.b64encode(_base.figure_png(self.figure())).decode("ascii")
            image = f'<img src="data:image/png;base64,{png}">'
        return f"<pre>{html.escape(str(self))}</pre>{image}"

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict:
        if not self._fit_displaying:
            self._user_displayed = True
        if self._stale:
            self.redraw()
        return super()._repr_mimebundle_(include=include, exclude=exclude)

    def __repr__(self) -> str:
        return f"<TrainingMonitor metrics={self.metrics} epochs={len(self.epochs)}>"


def _positive_int(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(
            f"TrainingMonitor expects {name} to be a positive int (redraw every "
            f"{name} steps), but received {value!r}."
        )
    return value


def _finite_points(xs: list, ys: list) -> list[tuple[float, float]]:
    return [(x, y) for x, y in zip(xs, ys, strict=False) if math.isfinite(y)]


def _numbers(logs: dict | None) -> dict[str, float]:
    """The numeric entries of ``logs`` as floats (other values are skipped)."""
    values = pythonify_logs(logs)
    return {
        k: float(v)
        for k, v in values.items()
        if isinstance(v, numbers.Real) and not isinstance(v, bool)
    }
