"""``ProgressBar``: the per-epoch bar of ``fit(verbose=1)``, drawn by tqdm.

Notebook: ``notebooks/09_compile_and_fit.ipynb``.

``tqdm.auto`` picks a widget bar in JupyterLab and a text bar in a terminal.
``verbose=2`` prints one line per epoch instead (best for log files).
"""

from __future__ import annotations

import sys
from typing import Any

from kitlib.callbacks.callback import Callback


def format_logs(logs: dict[str, float]) -> str:
    """``"loss: 0.1234 - accuracy: 0.9500"`` as Keras prints it."""
    return " - ".join(f"{name}: {value:.4f}" for name, value in logs.items())


class ProgressBar(Callback):
    """Shows training progress: a live bar (verbose=1) or a line per epoch (verbose=2).

    Args:
        verbose: 1 for a bar per epoch, 2 for one line per epoch.
    """

    def __init__(self, verbose: int = 1) -> None:
        super().__init__()
        self.verbose = verbose
        self._bar: Any = None
        self._epoch = 0
        self._in_fit = False

    def on_train_begin(self, logs: dict | None = None) -> None:
        self._in_fit = True

    def on_train_end(self, logs: dict | None = None) -> None:
        self._in_fit = False

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        self._epoch = epoch
        epochs = self.params.get("epochs", 1)
        if self.verbose == 1:
            # NOTE: imported here: tqdm.auto pulls in asyncio and the notebook
            # checks (~20 ms), which fit(verbose=0) and plain imports never need.
            from tqdm.auto import tqdm

            self._bar = tqdm(
                total=self.params.get("steps"),
                desc=f"Epoch {epoch + 1}/{epochs}",
                unit="step",
                file=sys.stdout,
                leave=True,
                dynamic_ncols=True,
            )

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        if self._bar is not None:
            self._bar.set_postfix_str(format_logs(logs or {}), refresh=False)
            self._bar.update(1)

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        text = format_logs(logs or {})
        if self._bar is not None:
            self._bar.set_postfix_str(text, refresh=False)
            self._bar.close()
            self._bar = None
        elif self.verbose == 2:
            epochs = self.params.get("epochs", 1)
            print(f"Epoch {epoch + 1}/{epochs} - {text}")  # noqa: T201

    def on_test_end(self, logs: dict | None = None) -> None:
        if not self._in_fit and self.verbose:
            print(format_logs(logs or {}))  # noqa: T201
