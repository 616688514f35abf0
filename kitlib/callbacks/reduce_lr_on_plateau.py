"""``ReduceLROnPlateau``: lower the learning rate when a metric stops improving.

Notebook: ``notebooks/10_callbacks.ipynb``.
"""

from __future__ import annotations

import warnings

import numpy as np

from kitlib.callbacks.callback import Callback, print_msg
from kitlib.callbacks.monitor_callback import infer_direction, missing_monitor_message


class ReduceLROnPlateau(Callback):
    """Multiply the learning rate by ``factor`` after ``patience`` flat epochs.

    Each epoch (Keras 3's counting): if the value improved by more than
    ``min_delta``, remember it and reset ``wait``; otherwise, unless cooling
    down, ``wait += 1`` and when ``wait >= patience`` set
    ``lr = max(lr * factor, min_lr)`` and start a ``cooldown`` of that many
    epochs, during which ``wait`` stays 0. The current rate is also written to
    ``logs["learning_rate"]``, so ``History`` records it.

    Args:
        monitor: the log key to watch. Defaults to ``"val_loss"``.
        factor: the multiplier (< 1), ``new_lr = lr * factor``.
        patience: epochs without improvement before reducing.
        verbose: 1 prints a message when the rate changes.
        mode: ``"auto"``, ``"min"`` or ``"max"``.
        min_delta: a change smaller than this does not count as improvement.
        cooldown: epochs to wait after a reduction before counting again.
        min_lr: the rate never goes below this.

    Keras note: in ``"auto"`` mode Keras 3 treats any name containing ``"acc"``
    as "higher is better" and everything else as a loss; kitlib first asks the
    metric registry (so ``"auc"`` and ``"precision"`` go up) and falls back to
    that rule for unknown names.

    Example:
        >>> from kitlib.optimizers import SGD
        >>> class FakeModel:
        ...     optimizer = SGD(learning_rate=0.1)
        >>> reduce = ReduceLROnPlateau(monitor="loss", factor=0.5, patience=1)
        >>> reduce.set_model(FakeModel())
        >>> reduce.on_train_begin()
        >>> for epoch, loss in enumerate([1.0, 1.0, 1.0]):
        ...     reduce.on_epoch_end(epoch, {"loss": loss})
        >>> round(float(FakeModel.optimizer.learning_rate), 6)   # 0.1 -> 0.05 -> 0.025
        0.025
    """

    def __init__(
        self,
        monitor: str = "val_loss",
        factor: float = 0.1,
        patience: int = 10,
        verbose: int = 0,
        mode: str = "auto",
        min_delta: float = 1e-4,
        cooldown: int = 0,
        min_lr: float = 0.0,
    ) -> None:
        super().__init__()
        if factor >= 1.0:
            raise ValueError(
                "ReduceLROnPlateau expects factor < 1.0 (new_lr = lr * factor), but "
                f"received factor={factor}. Use e.g. factor=0.2 to divide by 5."
            )
        if mode not in ("auto", "min", "max"):
            warnings.warn(
                f"ReduceLROnPlateau mode {mode!r} is unknown (use 'auto', 'min' or "
                "'max'); falling back to 'auto'.",
                UserWarning,
                stacklevel=2,
            )
            mode = "auto"
        self.monitor = monitor
        self.factor = factor
        self.patience = patience
        self.verbose = verbose
        self.mode = mode
        self.min_delta = min_delta
        self.cooldown = cooldown
        self.min_lr = min_lr
        self._reset()

    def _reset(self) -> None:
        direction = infer_direction(self.monitor) if self.mode == "auto" else None
        if direction is None and self.mode == "auto":
            direction = "up" if "acc" in self.monitor else "down"
        if self.mode == "min" or (self.mode == "auto" and direction == "down"):
            self.monitor_op = lambda a, b: np.less(a, b - self.min_delta)
            self.best = np.inf
        else:
            self.monitor_op = lambda a, b: np.greater(a, b + self.min_delta)
            self.best = -np.inf
        self.cooldown_counter = 0
        self.wait = 0

    def on_train_begin(self, logs: dict | None = None) -> None:
        """Reset the counters and the best value."""
        self._reset()

    def in_cooldown(self) -> bool:
        """Whether a reduction happened less than ``cooldown`` epochs ago."""
        return self.cooldown_counter > 0

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        """Count flat epochs and reduce the learning rate when patience runs out."""
        logs = logs if logs is not None else {}
        logs["learning_rate"] = float(self.model.optimizer.learning_rate)
        current = logs.get(self.monitor)
        if current is None:
            warnings.warn(
                missing_monitor_message(self, logs), UserWarning, stacklevel=2
            )
            return
        if self.in_cooldown():
            self.cooldown_counter -= 1
            self.wait = 0
        if self.monitor_op(current, self.best):
            self.best = current
            self.wait = 0
        elif not self.in_cooldown():
            self.wait += 1
            if self.wait >= self.patience:
                self._reduce(epoch)

    def _reduce(self, epoch: int) -> None:
        old_lr = float(self.model.optimizer.learning_rate)
        if old_lr > np.float32(self.min_lr):
            new_lr = max(old_lr * self.factor, self.min_lr)
            self.model.optimizer.learning_rate = new_lr
            if self.verbose > 0:
                print_msg(
                    f"\nEpoch {epoch + 1}: ReduceLROnPlateau reducing learning rate "
                    f"to {new_lr}."
                )
            self.cooldown_counter = self.cooldown
            self.wait = 0
