"""``LearningRateScheduler``: set the learning rate at the start of every epoch.

Notebook: ``notebooks/10_callbacks.ipynb``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable

import numpy as np

from kitlib.callbacks.callback import Callback, print_msg


class LearningRateScheduler(Callback):
    """Call ``schedule(epoch, lr)`` before each epoch and use what it returns.

    ``epoch`` counts from 0 and ``lr`` is the current rate, so a schedule can
    be absolute (``lambda epoch, lr: 0.1 * 0.5 ** epoch``) or relative
    (``lambda epoch, lr: lr * 0.9``). A one-argument ``schedule(epoch)`` (the
    Keras 2 form) also works. The rate used is logged as ``learning_rate``.

    For a rate that changes every *batch*, pass a
    ``kitlib.optimizers.schedules`` object as the optimizer's learning rate.

    Args:
        schedule: the function.
        verbose: 1 prints the new rate every epoch.

    Example:
        >>> from kitlib.optimizers import SGD
        >>> class FakeModel:
        ...     optimizer = SGD(learning_rate=0.1)
        >>> scheduler = LearningRateScheduler(lambda epoch, lr: 0.5 ** epoch)
        >>> scheduler.set_model(FakeModel())
        >>> scheduler.on_epoch_begin(3)
        >>> float(FakeModel.optimizer.learning_rate)
        0.125
    """

    def __init__(self, schedule: Callable, verbose: int = 0) -> None:
        super().__init__()
        self.schedule = schedule
        self.verbose = verbose

    def _takes_one_argument(self) -> bool:
        try:
            parameters = inspect.signature(self.schedule).parameters.values()
        except (TypeError, ValueError):  # builtins without a signature
            return False
        positional = [
            p
            for p in parameters
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
            and p.default is p.empty
        ]
        variadic = any(p.kind is p.VAR_POSITIONAL for p in parameters)
        return len(positional) == 1 and not variadic

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        """Compute and set this epoch's learning rate."""
        optimizer = getattr(self.model, "optimizer", None)
        if optimizer is None or not hasattr(optimizer, "learning_rate"):
            raise ValueError(
                "LearningRateScheduler needs model.optimizer.learning_rate, but the "
                "model has no optimizer yet. Call model.compile(optimizer=...) first."
            )
        current = float(optimizer.learning_rate)
        if self._takes_one_argument():
            rate = self.schedule(epoch)
        else:
            rate = self.schedule(epoch, current)
        if isinstance(rate, bool) or not isinstance(rate, int | float | np.number):
            raise ValueError(
                "LearningRateScheduler expects schedule(epoch, lr) to return a "
                f"float, but it returned {type(rate).__name__} {rate!r} at epoch "
                f"{epoch}. Return a number such as 0.01."
            )
        optimizer.learning_rate = float(rate)
        if self.verbose > 0:
            print_msg(
                f"\nEpoch {epoch + 1}: LearningRateScheduler setting learning rate "
                f"to {float(rate)}."
            )

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        """Log the rate that was used."""
        if logs is not None:
            logs["learning_rate"] = float(self.model.optimizer.learning_rate)
