"""``CallbackList``: one object that forwards every hook to all callbacks.

Notebook: ``notebooks/10_callbacks.ipynb``.

The training loop talks to a single ``CallbackList``; it calls each callback
in order with the same ``logs`` dict, so a callback that writes into the logs
(``ReduceLROnPlateau`` adds ``learning_rate``) is seen by the ones after it,
including the ``History`` that is appended last.
"""

from __future__ import annotations

from typing import Any

from kitlib.callbacks.callback import Callback, pythonify_logs
from kitlib.callbacks.history import History


class CallbackList(Callback):
    """A container that dispatches every hook to a list of callbacks.

    Args:
        callbacks: callbacks to call, in order.
        add_history: append a :class:`History` unless one is already in the list.
        model: the model to attach (``set_model``) to every callback.
        **params: fit arguments passed to ``set_params`` (``epochs``, ``steps``...).

    Raises:
        TypeError: if an item is not a ``Callback``.

    Example:
        >>> callbacks = CallbackList([], add_history=True, epochs=2)
        >>> callbacks.on_epoch_end(0, {"loss": 0.5})
        >>> callbacks.history.history
        {'loss': [0.5]}
    """

    def __init__(
        self,
        callbacks: list | None = None,
        add_history: bool = False,
        model: Any = None,
        **params: Any,
    ) -> None:
        super().__init__()
        self.callbacks: list[Callback] = []
        for callback in callbacks or []:
            self.append(callback)
        self.history: History | None = next(
            (c for c in self.callbacks if isinstance(c, History)), None
        )
        if add_history and self.history is None:
            self.history = History()
            self.callbacks.append(self.history)
        if model is not None:
            self.set_model(model)
        if params:
            self.set_params(params)

    def append(self, callback: Callback) -> None:
        """Add one callback at the end."""
        if isinstance(callback, type) and issubclass(callback, Callback):
            raise TypeError(
                "CallbackList expects Callback instances, but received the class "
                f"{callback.__name__}. Create one: {callback.__name__}(...)."
            )
        if not isinstance(callback, Callback):
            raise TypeError(
                "CallbackList expects Callback instances, but received "
                f"{type(callback).__name__} {callback!r}. Wrap a plain function as "
                "LambdaCallback(on_epoch_end=fn)."
            )
        self.callbacks.append(callback)
        if self._model is not None:
            callback.set_model(self._model)
        if self.params:
            callback.set_params(self.params)

    def set_params(self, params: dict) -> None:
        """Give the fit arguments to every callback."""
        self.params = params
        for callback in self.callbacks:
            callback.set_params(params)

    def set_model(self, model: Any) -> None:
        """Attach ``model`` to every callback."""
        self._model = model
        for callback in self.callbacks:
            callback.set_model(model)

    def _call(self, hook: str, *args: Any, logs: dict | None = None) -> None:
        logs = pythonify_logs(logs)
        for callback in self.callbacks:
            getattr(callback, hook)(*args, logs=logs)

    def on_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        """Forward ``on_batch_begin``."""
        self._call("on_batch_begin", batch, logs=logs)

    def on_batch_end(self, batch: int, logs: dict | None = None) -> None:
        """Forward ``on_batch_end``."""
        self._call("on_batch_end", batch, logs=logs)

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        """Forward ``on_epoch_begin``."""
        self._call("on_epoch_begin", epoch, logs=logs)

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        """Forward ``on_epoch_end``."""
        self._call("on_epoch_end", epoch, logs=logs)

    def on_train_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        """Forward ``on_train_batch_begin``."""
        self._call("on_train_batch_begin", batch, logs=logs)

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        """Forward ``on_train_batch_end``."""
        self._call("on_train_batch_end", batch, logs=logs)

    def on_train_begin(self, logs: dict | None = None) -> None:
        """Forward ``on_train_begin``."""
        self._call("on_train_begin", logs=logs)

    def on_train_end(self, logs: dict | None = None) -> None:
        """Forward ``on_train_end``."""
        self._call("on_train_end", logs=logs)

    def on_test_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        """Forward ``on_test_batch_begin``."""
        self._call("on_test_batch_begin", batch, logs=logs)

    def on_test_batch_end(self, batch: int, logs: dict | None = None) -> None:
        """Forward ``on_test_batch_end``."""
        self._call("on_test_batch_end", batch, logs=logs)

    def on_test_begin(self, logs: dict | None = None) -> None:
        """Forward ``on_test_begin``."""
        self._call("on_test_begin", logs=logs)

    def on_test_end(self, logs: dict | None = None) -> None:
        """Forward ``on_test_end``."""
        self._call("on_test_end", logs=logs)

    def on_predict_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        """Forward ``on_predict_batch_begin``."""
        self._call("on_predict_batch_begin", batch, logs=logs)

    def on_predict_batch_end(self, batch: int, logs: dict | None = None) -> None:
        """Forward ``on_predict_batch_end``."""
        self._call("on_predict_batch_end", batch, logs=logs)

    def on_predict_begin(self, logs: dict | None = None) -> None:
        """Forward ``on_predict_begin``."""
        self._call("on_predict_begin", logs=logs)

    def on_predict_end(self, logs: dict | None = None) -> None:
        """Forward ``on_predict_end``."""
        self._call("on_predict_end", logs=logs)

    def __iter__(self) -> Any:
        return iter(self.callbacks)

    def __len__(self) -> int:
        return len(self.callbacks)

    def __repr__(self) -> str:
        names = ", ".join(type(c).__name__ for c in self.callbacks)
        return f"<CallbackList [{names}]>"
