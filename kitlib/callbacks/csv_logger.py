"""``CSVLogger``: write one CSV row per epoch (epoch, loss, metrics...).

Notebook: ``notebooks/10_callbacks.ipynb``.
"""

from __future__ import annotations

import csv
import os
from typing import Any

import numpy as np

from kitlib.callbacks.callback import Callback


class CSVLogger(Callback):
    """Stream the epoch logs to a CSV file, flushed after every epoch.

    The columns are ``epoch`` then the log keys (sorted) seen at the first
    epoch; a key missing later is written as ``NA``. As in Keras 3, when the
    first epoch has no ``val_`` keys, a ``val_`` column is reserved for each key
    (validation may run only every few epochs), and stays ``NA`` without it.

    Args:
        filename: the CSV file.
        separator: the column separator.
        append: add to an existing file (no second header) instead of replacing it.

    Example:
        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "log.csv")
        >>> logger = CSVLogger(path)
        >>> logger.on_train_begin()
        >>> logger.on_epoch_end(0, {"loss": 0.5, "val_loss": 0.75})
        >>> logger.on_train_end()
        >>> open(path).read().splitlines()
        ['epoch,loss,val_loss', '0,0.5,0.75']
    """

    def __init__(
        self, filename: str | os.PathLike, separator: str = ",", append: bool = False
    ) -> None:
        super().__init__()
        self.filename = os.fspath(filename)
        self.sep = separator
        self.append = append
        self.keys: list[str] | None = None
        self.writer: csv.DictWriter | None = None
        self.csv_file: Any = None
        self.append_header = True

    def on_train_begin(self, logs: dict | None = None) -> None:
        """Open the file (appending if asked, without repeating the header)."""
        if self.append and os.path.exists(self.filename):
            with open(self.filename) as existing:
                self.append_header = not bool(existing.readline())
        mode = "a" if self.append else "w"
        # newline="" lets the csv module choose line endings, as its docs require.
        self.csv_file = open(self.filename, mode, newline="")
        self.keys = None
        self.writer = None

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        """Write this epoch's row."""
        logs = logs or {}
        if self.csv_file is None:
            self.on_train_begin()
        if self.keys is None:
            self.keys = sorted(logs)
            if not any(key.startswith("val_") for key in self.keys):
                self.keys += ["val_" + key for key in self.keys]
        if self.writer is None:
            self.writer = csv.DictWriter(
                self.csv_file,
                fieldnames=["epoch", *self.keys],
                delimiter=self.sep,
                lineterminator="\n",
            )
            if self.append_header:
                self.writer.writeheader()
        row = {"epoch": epoch}
        row.update((key, _cell(logs.get(key, "NA"))) for key in self.keys)
        self.writer.writerow(row)
        self.csv_file.flush()

    def on_train_end(self, logs: dict | None = None) -> None:
        """Close the file."""
        if self.csv_file is not None:
            self.csv_file.close()
        self.csv_file = None
        self.writer = None


def _cell(value: Any) -> Any:
    # Lists and arrays (e.g. per-class metrics) become one quoted "[a, b]" cell.
    if isinstance(value, str) or np.ndim(value) == 0:
        return value
    return "[" + ", ".join(str(v) for v in np.ravel(value)) + "]"
