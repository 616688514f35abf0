"""``EarlyStopping``: stop training when a monitored value stops improving.

Notebook: ``notebooks/10_callbacks.ipynb``.
"""

from __future__ import annotations

import numpy as np

from kitlib.callbacks.callback import print_msg
from kitlib.callbacks.monitor_callback import MonitorCallback


class EarlyStopping(MonitorCallback):
    """Set ``model.stop_training`` after ``patience`` epochs without improvement.

    The counting, exactly as Keras 3 does it, at the end of each epoch (from
    ``start_from_epoch`` on):

    1. ``wait += 1``;
    2. if the value improved on the best by more than ``min_delta``: remember
       it (and the weights, with ``restore_best_weights``); reset ``wait`` to 0
       only if it also beats ``baseline`` (when one is given); done;
    3. otherwise, if ``wait >= patience`` (and this is not epoch 0): stop.

    So with ``patience=2`` and losses ``[1.0, 0.9, 0.95, 0.96]`` training stops
    after epoch 3 (the 4th): two epochs in a row did not beat 0.9.

    Args:
        monitor: the log key to watch. Defaults to ``"val_loss"``.
        min_delta: a change smaller than this does not count as improvement.
        patience: epochs without improvement before stopping.
        verbose: 1 prints a message when training stops / weights are restored.
        mode: ``"auto"``, ``"min"`` or ``"max"``.
        baseline: training also stops if the value never beats this.
        restore_best_weights: at the end of training, put back the weights of the
            best epoch (even if training did not stop early).
        start_from_epoch: epochs to ignore at the start (a warm-up).

    Keras note: ``best`` is reset in ``on_train_begin`` so one instance can be
    reused across ``fit`` calls.

    Example:
        >>> class FakeModel:
        ...     stop_training = False
        >>> stopper = EarlyStopping(monitor="loss", patience=2)
        >>> stopper.set_model(FakeModel())
        >>> stopper.on_train_begin()
        >>> for epoch, loss in enumerate([1.0, 0.9, 0.95, 0.96, 0.97]):
        ...     stopper.on_epoch_end(epoch, {"loss": loss})
        ...     if stopper.model.stop_training:
        ...         break
        >>> stopper.stopped_epoch
        3
    """

    def __init__(
        self,
        monitor: str = "val_loss",
        min_delta: float = 0,
        patience: int = 0,
        verbose: int = 0,
        mode: str = "auto",
        baseline: float | None = None,
        restore_best_weights: bool = False,
        start_from_epoch: int = 0,
    ) -> None:
        super().__init__(monitor=monitor, mode=mode, min_delta=min_delta)
        self.patience = patience
        self.verbose = verbose
        self.baseline = baseline
        self.restore_best_weights = restore_best_weights
        self.start_from_epoch = start_from_epoch
        self.wait = 0
        self.stopped_epoch = 0
        self.best_weights: list | None = None
        self.best_epoch = 0

    def on_train_begin(self, logs: dict | None = None) -> None:
        """Reset the counters so the instance can be reused."""
        self.wait = 0
        self.stopped_epoch = 0
        self.best_weights = None
        self.best_epoch = 0
        if self.monitor_op is not None:
            self.best = np.inf if self.monitor_op is np.less else -np.inf

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        """Count epochs without improvement; stop when patience runs out."""
        current = self.get_monitor_value(logs)
        if current is None or epoch < self.start_from_epoch:
            return
        if self.monitor_op is None:
            self._set_monitor_op()
        if self.restore_best_weights and self.best_weights is None:
            # Until something improves, the current weights are the best known.
            self.best_weights = self.model.get_weights()
            self.best_epoch = epoch
        self.wait += 1
        if self._is_improvement(current, self.best):
            self.best = current
            self.best_epoch = epoch
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            if self.baseline is None or self._is_improvement(current, self.baseline):
                self.wait = 0
            return
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.model.stop_training = True

    def on_train_end(self, logs: dict | None = None) -> None:
        """Report the stop and restore the best weights if asked to."""
        if self.stopped_epoch > 0 and self.verbose > 0:
            print_msg(f"Epoch {self.stopped_epoch + 1}: early stopping")
        if self.restore_best_weights and self.best_weights is not None:
            if self.verbose > 0:
                print_msg(
                    "Restoring model weights from the end of the best epoch: "
                    f"{self.best_epoch + 1}."
                )
            self.model.set_weights(self.best_weights)

    def __repr__(self) -> str:
        return (
            f"<EarlyStopping monitor={self.monitor!r} patience={self.patience} "
            f"wait={self.wait} best={self.best}>"
        )
