"""Shared logic of callbacks that watch one logged value (``"val_loss"``...).

Notebook: ``notebooks/10_callbacks.ipynb``.

``EarlyStopping``, ``ModelCheckpoint`` and ``ReduceLROnPlateau`` all ask the
same question each epoch: did ``logs[monitor]`` improve on the best value so
far by more than ``min_delta``? In ``mode="auto"`` the direction is inferred:
losses go down, accuracy goes up.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from kitlib import metrics as metrics_module
from kitlib.callbacks.callback import Callback
from kitlib.utils.errors import did_you_mean


class MonitorCallback(Callback):
    """Base of callbacks that compare a monitored value with the best so far.

    Args:
        monitor: the log key to watch, e.g. ``"val_loss"`` or ``"accuracy"``.
        mode: ``"min"``, ``"max"`` or ``"auto"`` (inferred from the name).
        baseline: initial "best" value (None: the first value always improves).
        min_delta: an improvement must beat the best by more than this.

    Keras note: like Keras 3, ``"auto"`` looks for a metric of that name on
    ``model.metrics``; kitlib then also asks its metric registry (so
    ``"accuracy"`` works before a trainer exists) and explains the fix when the
    name is unknown.
    """

    def __init__(
        self,
        monitor: str = "val_loss",
        mode: str = "auto",
        baseline: float | None = None,
        min_delta: float = 0.0,
    ) -> None:
        super().__init__()
        if mode not in ("auto", "min", "max"):
            warnings.warn(
                f"{type(self).__name__} mode {mode!r} is unknown (use 'auto', 'min' "
                "or 'max'); falling back to 'auto'.",
                UserWarning,
                stacklevel=3,
            )
            mode = "auto"
        self.monitor = monitor
        self.mode = mode
        self.best = baseline
        self.min_delta = abs(min_delta)
        self.monitor_op: Any = None

    def _set_monitor_op(self) -> None:
        if self.mode == "min":
            self.monitor_op = np.less
        elif self.mode == "max":
            self.monitor_op = np.greater
        else:
            direction = infer_direction(self.monitor, self.model)
            if direction is None:
                raise ValueError(
                    f"{type(self).__name__} received monitor={self.monitor!r}, but "
                    "cannot tell whether that value should go up or down. Pass "
                    "mode='max' to keep the highest value (accuracy-like) or "
                    "mode='min' to keep the lowest (loss-like)."
                )
            self.monitor_op = np.greater if direction == "up" else np.less
        if self.monitor_op is np.less:
            # NOTE: storing -min_delta lets one test serve both directions:
            # "value - min_delta beats best" (see _is_improvement).
            self.min_delta *= -1
        if self.best is None:
            self.best = np.inf if self.monitor_op is np.less else -np.inf

    def _is_improvement(self, value: float, reference: float | None) -> bool:
        if reference is None:
            return True
        return bool(self.monitor_op(value - self.min_delta, reference))

    def get_monitor_value(self, logs: dict | None) -> Any:
        """``logs[monitor]``, or None with a warning that lists the available keys."""
        logs = logs or {}
        value = logs.get(self.monitor)
        if value is None:
            warnings.warn(
                missing_monitor_message(self, logs), UserWarning, stacklevel=3
            )
        return value


def missing_monitor_message(callback: Any, logs: dict) -> str:
    """The warning text for a monitored key that is not in the logs."""
    keys = sorted(logs)
    hint = did_you_mean(callback.monitor, keys)
    if callback.monitor.startswith("val_") and not any(
        k.startswith("val_") for k in keys
    ):
        hint += (
            " 'val_' values exist only when fit() is given validation_data or "
            "validation_split."
        )
    return (
        f"{type(callback).__name__} is conditioned on metric {callback.monitor!r}, "
        f"which is not available. Available metrics are: {', '.join(keys)}.{hint}"
    )


def _flat_metrics(metrics: Any) -> list:
    flat = []
    for metric in metrics or []:
        inner = getattr(metric, "metrics", None)
        flat.extend(_flat_metrics(inner) if isinstance(inner, list) else [metric])
    return flat


def infer_direction(monitor: str, model: Any = None) -> str | None:
    """``"up"``, ``"down"`` or None: which way ``monitor`` improves.

    Example:
        >>> infer_direction("val_loss"), infer_direction("val_accuracy")
        ('down', 'up')
    """
    name = monitor.removeprefix("val_")
    if name == "loss" or name.endswith("_loss"):
        return "down"
    for metric in _flat_metrics(getattr(model, "metrics", None)):
        if getattr(metric, "name", None) == name and hasattr(metric, "_direction"):
            return metric._direction
    return metrics_module.direction_of(name)
