"""``ModelCheckpoint``: save the model (or its weights) during training, atomically.

Notebook: ``notebooks/10_callbacks.ipynb``.

A checkpoint is only useful if it can be loaded, so it is never written in
place: the model is saved to a temporary file in the same folder, flushed to
disk, and then renamed over the old checkpoint with ``os.replace`` (atomic on
one file system). A crash mid-write leaves the previous checkpoint untouched.
"""

from __future__ import annotations

import os
import uuid
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from kitlib.callbacks.callback import print_msg, pythonify_logs
from kitlib.callbacks.monitor_callback import MonitorCallback, missing_monitor_message


class ModelCheckpoint(MonitorCallback):
    """Save the model or its weights at the end of every epoch (or N batches).

    Args:
        filepath: where to save; may hold ``str.format`` fields filled from the
            epoch (counted from 1) and the logs, e.g.
            ``"ckpt-{epoch:02d}-{val_loss:.2f}.keras"``.
        monitor: the log key that decides what "best" means.
        verbose: 1 prints a message for every save decision.
        save_best_only: save only when ``monitor`` improved; with a fixed
            ``filepath`` the file then always holds the best model so far.
        save_weights_only: call ``model.save_weights`` instead of ``model.save``.
        mode: ``"auto"``, ``"min"`` or ``"max"`` for ``monitor``.
        save_freq: ``"epoch"``, or an int to save every that many batches.
        initial_value_threshold: a first "best" value to beat.

    The file format is always kitlib's own zip file, whatever the extension:
    seed-style names such as ``"checkpoint1.h5"`` or ``"best.weights.h5"`` work,
    but they are *not* HDF5 files (kitlib needs no h5py).

    Keras note: Keras 3 insists on ``.keras`` / ``.weights.h5`` extensions;
    kitlib accepts any name. Keras writes the file in place; kitlib writes a
    temporary file next to it and renames it, so a crash never corrupts the last
    good checkpoint.

    Example:
        >>> checkpoint = ModelCheckpoint("best.keras", monitor="val_accuracy",
        ...                              save_best_only=True)
        >>> checkpoint.save_best_only, checkpoint.monitor
        (True, 'val_accuracy')
    """

    def __init__(
        self,
        filepath: str | os.PathLike,
        monitor: str = "val_loss",
        verbose: int = 0,
        save_best_only: bool = False,
        save_weights_only: bool = False,
        mode: str = "auto",
        save_freq: str | int = "epoch",
        initial_value_threshold: float | None = None,
    ) -> None:
        super().__init__(monitor=monitor, mode=mode, baseline=initial_value_threshold)
        if save_freq != "epoch" and not isinstance(save_freq, int):
            raise ValueError(
                "ModelCheckpoint expects save_freq='epoch' or a number of batches, "
                f"but received save_freq={save_freq!r}."
            )
        self.filepath = os.fspath(filepath)
        self.verbose = verbose
        self.save_best_only = save_best_only
        self.save_weights_only = save_weights_only
        self.save_freq = save_freq
        self._batches_since_save = 0
        self._current_epoch = 0

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        """Remember the epoch (batch-frequency saves name files with it)."""
        self._current_epoch = epoch

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        """With an int ``save_freq``, save every ``save_freq`` batches."""
        if self.save_freq == "epoch":
            return
        self._batches_since_save += 1
        if self._batches_since_save >= self.save_freq:
            self._batches_since_save = 0
            self._save_model(self._current_epoch, batch, logs)

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        """With ``save_freq="epoch"``, decide whether to save and save."""
        if self.save_freq == "epoch":
            self._save_model(epoch, None, logs)

    def _should_save(self, epoch: int, logs: dict, filepath: str) -> bool:
        if not self.save_best_only:
            if self.verbose > 0:
                print_msg(f"\nEpoch {epoch + 1}: saving model to {filepath}")
            return True
        current = logs.get(self.monitor)
        if current is None:
            warnings.warn(
                missing_monitor_message(self, logs) + " Saving anyway.",
                UserWarning,
                stacklevel=3,
            )
            return True
        if np.ndim(current) > 0:
            warnings.warn(
                f"ModelCheckpoint can only compare a scalar {self.monitor!r}, but "
                f"received {current!r}; saving every epoch instead.",
                UserWarning,
                stacklevel=3,
            )
            return True
        if self.monitor_op is None:
            self._set_monitor_op()
        previous = self.best
        if self._is_improvement(current, previous):
            self.best = current
            if self.verbose > 0:
                print_msg(
                    f"\nEpoch {epoch + 1}: {self.monitor} improved from "
                    f"{previous:.5f} to {current:.5f}, saving model to {filepath}"
                )
            return True
        if self.verbose > 0:
            print_msg(
                f"\nEpoch {epoch + 1}: {self.monitor} did not improve from "
                f"{previous:.5f}"
            )
        return False

    def _save_model(self, epoch: int, batch: int | None, logs: dict | None) -> None:
        logs = pythonify_logs(logs)
        filepath = self._get_file_path(epoch, batch, logs)
        if not self._should_save(epoch, logs, filepath):
            return
        save = self.model.save_weights if self.save_weights_only else self.model.save
        write_atomically(filepath, save)

    def _get_file_path(self, epoch: int, batch: int | None, logs: dict) -> str:
        fields = dict(logs)
        fields["epoch"] = epoch + 1
        if batch is not None and "batch" not in logs:
            fields["batch"] = batch + 1
        try:
            return self.filepath.format(**fields)
        except KeyError as error:
            raise KeyError(
                f"ModelCheckpoint could not fill the filepath {self.filepath!r}: "
                f"there is no value for {error}. Available fields are: "
                f"{', '.join(sorted(fields))}. Use one of them, or remove the field."
            ) from None


def write_atomically(filepath: str, save: Callable[[str], Any]) -> None:
    """Call ``save(temporary_path)``, then move the file to ``filepath`` atomically.

    The temporary file sits in the same folder (``os.replace`` is atomic only
    within one file system) and keeps the same suffix, in case ``save`` looks at
    the extension. If ``save`` fails, the temporary file is removed and the
    error re-raised; an existing ``filepath`` is left untouched.

    Raises:
        IsADirectoryError: if ``filepath`` is an existing folder.
        RuntimeError: if ``save`` returned without creating the file.
    """
    if os.path.isdir(filepath):
        raise IsADirectoryError(
            f"ModelCheckpoint expects a file path, but {filepath!r} is an existing "
            "folder. Add a file name, e.g. os.path.join(folder, 'best.keras')."
        )
    folder, name = os.path.split(os.path.abspath(filepath))
    os.makedirs(folder, exist_ok=True)
    temporary = os.path.join(folder, f".tmp-{uuid.uuid4().hex[:8]}-{name}")
    try:
        save(temporary)
        if not os.path.isfile(temporary):
            raise RuntimeError(
                f"save({temporary!r}) returned without writing that file; a "
                "checkpoint needs save() to write exactly the path it is given."
            )
        with open(temporary, "rb") as handle:
            os.fsync(handle.fileno())  # on disk before the rename makes it visible
        os.replace(temporary, filepath)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise
