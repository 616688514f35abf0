"""``TensorBoard``: write loss and metric curves as event files TensorBoard reads.

Notebook: ``notebooks/10_callbacks.ipynb``.

The event-file format belongs to the ``tensorboard`` package, an optional extra
(``pip install "kitlib[tensorboard]"``); kitlib writes through its writer and
protocol buffers, with no TensorFlow involved. Files go where Keras puts them:
``log_dir/train`` and ``log_dir/validation``, with tags ``epoch_loss``,
``epoch_accuracy``... (and ``batch_loss``... with ``update_freq=N``).
"""

from __future__ import annotations

import importlib
import os
import time
from typing import Any

from kitlib.callbacks.callback import Callback


def load_tensorboard() -> dict[str, Any] | None:
    """The tensorboard modules this callback writes with, or None if not installed.

    NOTE: loaded on first use, not at ``import kitlib``: importing tensorboard's
    protocol buffers costs about 0.4 s, which every learner would pay otherwise.
    """
    try:
        return {
            "writer": importlib.import_module(
                "tensorboard.summary.writer.event_file_writer"
            ).EventFileWriter,
            "event_pb2": importlib.import_module("tensorboard.compat.proto.event_pb2"),
            "summary_pb2": importlib.import_module(
                "tensorboard.compat.proto.summary_pb2"
            ),
        }
    except ImportError:
        return None


class TensorBoard(Callback):
    """Log every epoch's metrics (and optionally every N batches) for TensorBoard.

    Args:
        log_dir: the folder to write to; view it with ``tensorboard --logdir``.
        update_freq: ``"epoch"``, or an int N to also log training metrics every
            N batches (tags ``batch_<name>``).

    Raises:
        ImportError: if the ``tensorboard`` package is not installed.

    Example:
        ``model.fit(x, y, epochs=5, callbacks=[TensorBoard("logs/run1")])``,
        then ``tensorboard --logdir logs`` in a terminal.
    """

    def __init__(self, log_dir: str = "logs", update_freq: Any = "epoch") -> None:
        super().__init__()
        self._tb = load_tensorboard()
        if self._tb is None:
            raise ImportError(
                "TensorBoard needs the 'tensorboard' package to write its event files, "
                "but it is not installed. Install it with pip install "
                "'kitlib[tensorboard]' (or pip install tensorboard), or log with "
                "CSVLogger('log.csv') instead."
            )
        if update_freq != "epoch" and not (
            isinstance(update_freq, int) and update_freq > 0
        ):
            raise ValueError(
                "TensorBoard expects update_freq='epoch' or a positive number of "
                f"batches, but received {update_freq!r}."
            )
        self.log_dir = os.fspath(log_dir)
        self.update_freq = update_freq
        self._writers: dict[str, Any] = {}
        self._batches_seen = 0

    def _writer(self, split: str) -> Any:
        if split not in self._writers:
            folder = os.path.join(self.log_dir, split)
            self._writers[split] = self._tb["writer"](folder)
        return self._writers[split]

    def _write(self, split: str, tag: str, value: float, step: int) -> None:
        summary_pb2, event_pb2 = self._tb["summary_pb2"], self._tb["event_pb2"]
        summary = summary_pb2.Summary(
            value=[summary_pb2.Summary.Value(tag=tag, simple_value=float(value))]
        )
        event = event_pb2.Event(wall_time=time.time(), step=step, summary=summary)
        self._writer(split).add_event(event)

    def on_train_begin(self, logs: dict | None = None) -> None:
        self._batches_seen = 0

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        self._batches_seen += 1
        if self.update_freq != "epoch" and self._batches_seen % self.update_freq == 0:
            for name, value in (logs or {}).items():
                self._write("train", f"batch_{name}", value, self._batches_seen)

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        for name, value in (logs or {}).items():
            split = "validation" if name.startswith("val_") else "train"
            tag = f"epoch_{name.removeprefix('val_')}"
            self._write(split, tag, value, epoch)
        for writer in self._writers.values():
            writer.flush()

    def on_train_end(self, logs: dict | None = None) -> None:
        for writer in self._writers.values():
            writer.close()
        self._writers.clear()
