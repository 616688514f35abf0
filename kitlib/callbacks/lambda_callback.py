"""``LambdaCallback``: a callback made of plain functions, without a subclass.

Notebook: ``notebooks/10_callbacks.ipynb``.
"""

from __future__ import annotations

from collections.abc import Callable

from kitlib.callbacks.callback import HOOKS, Callback
from kitlib.utils.errors import did_you_mean


class LambdaCallback(Callback):
    """Run the given functions at the matching hooks.

    Each function receives the same arguments as the hook: ``(epoch, logs)``
    for epoch hooks, ``(batch, logs)`` for batch hooks, ``(logs)`` for
    begin/end hooks. Any hook name may be passed as a keyword argument,
    including the Keras 2 names ``on_batch_begin`` / ``on_batch_end``.

    Args:
        on_epoch_begin: called as ``fn(epoch, logs)``.
        on_epoch_end: called as ``fn(epoch, logs)``.
        on_train_begin: called as ``fn(logs)``.
        on_train_end: called as ``fn(logs)``.
        on_train_batch_begin: called as ``fn(batch, logs)``.
        on_train_batch_end: called as ``fn(batch, logs)``.
        **hooks: any other hook, e.g. ``on_test_end=fn``.

    Raises:
        TypeError: for a keyword that is not a hook name.

    Example:
        >>> losses = []
        >>> callback = LambdaCallback(
        ...     on_epoch_end=lambda epoch, logs: losses.append(logs["loss"]))
        >>> callback.on_epoch_end(0, {"loss": 0.25})
        >>> losses
        [0.25]
    """

    def __init__(
        self,
        on_epoch_begin: Callable | None = None,
        on_epoch_end: Callable | None = None,
        on_train_begin: Callable | None = None,
        on_train_end: Callable | None = None,
        on_train_batch_begin: Callable | None = None,
        on_train_batch_end: Callable | None = None,
        **hooks: Callable,
    ) -> None:
        super().__init__()
        for name in hooks:
            if name not in HOOKS:
                raise TypeError(
                    f"LambdaCallback got an unknown hook {name!r}."
                    f"{did_you_mean(name, HOOKS)} Hooks are: {', '.join(HOOKS)}."
                )
        hooks.update(
            on_epoch_begin=on_epoch_begin,
            on_epoch_end=on_epoch_end,
            on_train_begin=on_train_begin,
            on_train_end=on_train_end,
            on_train_batch_begin=on_train_batch_begin,
            on_train_batch_end=on_train_batch_end,
        )
        for name, function in hooks.items():
            if function is not None:
                # An instance attribute shadows the no-op method of the class.
                setattr(self, name, function)
