"""The ``Callback`` base class: hooks that ``fit``/``evaluate``/``predict`` call.

Notebook: ``notebooks/10_callbacks.ipynb``.

The training loop calls every hook at a fixed moment::

    on_train_begin
      on_epoch_begin(epoch)
        on_train_batch_begin(batch) ... on_train_batch_end(batch, logs)   # per batch
        on_test_begin ... on_test_batch_* ... on_test_end                # validation
      on_epoch_end(epoch, logs)          # logs = {"loss": ..., "val_loss": ...}
    on_train_end

A callback overrides the hooks it needs; the rest do nothing. It reaches the
model as ``self.model`` (to stop training, read the optimizer, save...) and the
fit arguments as ``self.params`` (``epochs``, ``steps``, ``verbose``).
"""

from __future__ import annotations

import sys
from typing import Any

import numpy as np


class Callback:
    """Base class of callbacks: override the hooks you need.

    Keras note: ``on_train_batch_begin/end`` call the Keras 2 names
    ``on_batch_begin/end`` by default, so a callback written for Keras 2 (which
    overrides ``on_batch_end``) still runs on every training batch.

    Example:
        >>> class Counter(Callback):
        ...     def __init__(self):
        ...         super().__init__()
        ...         self.epochs = 0
        ...     def on_epoch_end(self, epoch, logs=None):
        ...         self.epochs += 1
        >>> counter = Counter()
        >>> for epoch in range(3):
        ...     counter.on_epoch_end(epoch, {"loss": 0.1})
        >>> counter.epochs
        3
    """

    # Class-level defaults keep a subclass working even if its __init__
    # forgets super().__init__() (a very common slip).
    params: dict = {}  # replaced (never mutated) by set_params
    _model: Any = None

    def __init__(self) -> None:
        self.params = {}
        self._model = None

    def set_params(self, params: dict) -> None:
        """Receive the fit arguments (``epochs``, ``steps``, ``verbose``...)."""
        self.params = params

    def set_model(self, model: Any) -> None:
        """Receive the model being trained."""
        self._model = model

    @property
    def model(self) -> Any:
        """The model this callback is attached to (None before ``fit``)."""
        return self._model

    # --- batch hooks (Keras 2 names, still called for training batches) -----
    def on_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        """Called before each training batch (Keras 2 name)."""

    def on_batch_end(self, batch: int, logs: dict | None = None) -> None:
        """Called after each training batch (Keras 2 name)."""

    # --- epoch hooks -------------------------------------------------------------
    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        """Called at the start of each epoch (``epoch`` counts from 0)."""

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        """Called at the end of each epoch with training and validation metrics."""

    # --- training ------------------------------------------------------------------
    def on_train_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        """Called before each training batch; defaults to :meth:`on_batch_begin`."""
        self.on_batch_begin(batch, logs=logs)

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        """Called after each training batch; defaults to :meth:`on_batch_end`."""
        self.on_batch_end(batch, logs=logs)

    def on_train_begin(self, logs: dict | None = None) -> None:
        """Called once when ``fit`` starts."""

    def on_train_end(self, logs: dict | None = None) -> None:
        """Called once when ``fit`` ends (also after early stopping)."""

    # --- evaluation (validation inside fit, or evaluate()) ---------------------------
    def on_test_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        """Called before each evaluation batch."""

    def on_test_batch_end(self, batch: int, logs: dict | None = None) -> None:
        """Called after each evaluation batch."""

    def on_test_begin(self, logs: dict | None = None) -> None:
        """Called when evaluation starts."""

    def on_test_end(self, logs: dict | None = None) -> None:
        """Called when evaluation ends."""

    # --- prediction -------------------------------------------------------------------
    def on_predict_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        """Called before each prediction batch."""

    def on_predict_batch_end(self, batch: int, logs: dict | None = None) -> None:
        """Called after each prediction batch."""

    def on_predict_begin(self, logs: dict | None = None) -> None:
        """Called when ``predict`` starts."""

    def on_predict_end(self, logs: dict | None = None) -> None:
        """Called when ``predict`` ends."""

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"


#: Every hook name, in the order a ``fit`` call first reaches them.
HOOKS = (
    "on_train_begin",
    "on_epoch_begin",
    "on_train_batch_begin",
    "on_batch_begin",
    "on_train_batch_end",
    "on_batch_end",
    "on_test_begin",
    "on_test_batch_begin",
    "on_test_batch_end",
    "on_test_end",
    "on_epoch_end",
    "on_train_end",
    "on_predict_begin",
    "on_predict_batch_begin",
    "on_predict_batch_end",
    "on_predict_end",
)


def print_msg(message: str) -> None:
    """Print a callback's verbose message (kitlib code does not call ``print``)."""
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


def to_python(value: Any) -> Any:
    """A log value as a plain Python number when it is one (Tensor, NumPy scalar).

    Example:
        >>> to_python(np.float32(0.9)), to_python(np.int64(3)), to_python("text")
        (0.9, 3, 'text')
    """
    array_like = getattr(value, "value", value)
    if not isinstance(array_like, np.ndarray | np.generic) or np.size(array_like) != 1:
        return value
    scalar = np.asarray(array_like).reshape(())
    if scalar.dtype in (np.float16, np.float32):
        # NOTE: str() gives the shortest decimal that maps back to the same
        # float32, so History shows 0.9 rather than 0.8999999761581421.
        return float(str(scalar))
    return scalar.item()


def pythonify_logs(logs: dict | None) -> dict:
    """A new dict with every scalar log value turned into a Python number."""
    return {key: to_python(value) for key, value in (logs or {}).items()}
