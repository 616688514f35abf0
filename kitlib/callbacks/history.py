"""``History``: records the epoch logs; ``fit`` returns it.

Notebook: ``notebooks/10_callbacks.ipynb``.
"""

from __future__ import annotations

from kitlib.callbacks.callback import Callback


class History(Callback):
    """Collects every epoch's logs into ``history`` (a dict of lists).

    Attributes:
        history: ``{"loss": [...], "val_loss": [...], ...}``, one value per epoch.
        epoch: the epoch numbers that were recorded (from 0).

    Example:
        >>> history = History()
        >>> history.on_train_begin()
        >>> history.on_epoch_end(0, {"loss": 0.9, "accuracy": 0.5})
        >>> history.on_epoch_end(1, {"loss": 0.7, "accuracy": 0.6})
        >>> history.history["loss"], history.epoch
        ([0.9, 0.7], [0, 1])
    """

    def __init__(self) -> None:
        super().__init__()
        self.history: dict[str, list] = {}
        self.epoch: list[int] = []

    def on_train_begin(self, logs: dict | None = None) -> None:
        """Start a new epoch list (``history`` keeps earlier values, as in Keras)."""
        self.epoch = []

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        """Append this epoch's values; sets ``model.history`` to this object."""
        self.epoch.append(epoch)
        for key, value in (logs or {}).items():
            self.history.setdefault(key, []).append(value)
        if self.model is not None:
            self.model.history = self

    def __repr__(self) -> str:
        return f"<History epochs={len(self.epoch)} keys={list(self.history)}>"
