"""ex05_early_stopping: an EarlyStopping callback with patience, min_delta, best weights.

Notebook: ``notebooks/10_callbacks.ipynb``; exercise ``exercises/ex05_early_stopping/``.

The learner defines ``MyEarlyStopping(monitor="val_loss", patience=0,
min_delta=0.0, restore_best_weights=False)``, a ``Callback`` watching a value
that should go down. An epoch improves when ``current < best - min_delta``;
after ``patience`` epochs in a row without improvement it sets
``self.model.stop_training = True``. Most checks drive the hooks by hand with a
small stand-in model whose weights are the epoch number.
"""

from __future__ import annotations

import numpy as np

from kitlib.callbacks import Callback, EarlyStopping
from kitlib.callbacks.monitor_callback import MonitorCallback
from kitlib.grading.exercise import Exercise, Submission, fail
from kitlib.grading.exercises._helpers import require_class
from kitlib.layers import Dense
from kitlib.models import Sequential
from kitlib.optimizers import SGD

EXERCISE = Exercise(
    "ex05_early_stopping",
    "A callback: early stopping with patience, min_delta and the best weights",
    names=("MyEarlyStopping",),
    notebook="notebooks/10_callbacks.ipynb",
)


class _EpochModel:
    """Stands in for a model: its only weight holds the current epoch number."""

    def __init__(self) -> None:
        self.stop_training = False
        self.weights = [np.zeros(2)]

    def get_weights(self) -> list[np.ndarray]:
        return [w.copy() for w in self.weights]

    def set_weights(self, weights: list) -> None:
        self.weights = [np.array(w, dtype=float) for w in weights]


def _callback_class(sub: Submission) -> type:
    return require_class(
        sub.get("MyEarlyStopping"),
        "MyEarlyStopping",
        Callback,
        forbidden=(EarlyStopping, MonitorCallback),
    )


def _simulate(sub: Submission, losses: list, **kwargs: object) -> tuple:
    """Drive the hooks over ``losses`` (as val_loss); return (stop epoch, model)."""
    callback = _callback_class(sub)(monitor="val_loss", **kwargs)
    model = _EpochModel()
    callback.set_model(model)
    callback.on_train_begin({})
    stopped = None
    for epoch, loss in enumerate(losses):
        model.weights = [np.full(2, float(epoch))]
        # "loss" keeps falling: a callback reading it instead of val_loss never stops.
        callback.on_epoch_end(epoch, {"loss": 1.0 / (epoch + 1), "val_loss": loss})
        if model.stop_training:
            stopped = epoch
            break
    callback.on_train_end({})
    return stopped, model


def _expect_stop(
    stopped: int | None, expected: int, losses: list, patience: int
) -> None:
    where = f"val_loss {losses} with patience={patience}"
    if stopped is None:
        fail(
            f"For {where} training never stopped; it should stop after epoch {expected}. "
            "Set self.model.stop_training = True once wait reaches patience, and read "
            "logs[self.monitor] (here 'val_loss', not 'loss')."
        )
    if stopped != expected:
        late = "late" if stopped > expected else "early"
        fail(
            f"For {where} training stopped after epoch {stopped}, one or more epochs too "
            f"{late}: expected epoch {expected}, after {patience} epoch(s) in a row without "
            "improvement. Patience is off by one: count wait += 1 on each epoch that "
            "does not improve and stop when wait >= patience."
        )


@EXERCISE.check("stops after `patience` epochs without improvement", points=2)
def stops_after_patience(sub: Submission) -> None:
    losses = [1.0, 0.9, 0.95, 0.96, 0.97, 0.98]
    _expect_stop(_simulate(sub, losses, patience=2)[0], 3, losses, 2)
    _expect_stop(_simulate(sub, [1.0, 1.1, 1.2], patience=0)[0], 1, [1.0, 1.1, 1.2], 0)


@EXERCISE.check("an improvement smaller than min_delta does not count")
def min_delta_counts(sub: Submission) -> None:
    losses = [1.0, 0.97, 0.96, 0.5]
    stopped, _ = _simulate(sub, losses, patience=1, min_delta=0.05)
    if stopped is None:
        fail(
            "With min_delta=0.05, going from 1.0 to 0.97 is not an improvement, so "
            "training should stop after epoch 1 (patience=1); it never stopped. An "
            "epoch improves only if current < best - min_delta."
        )
    _expect_stop(stopped, 1, losses, 1)


@EXERCISE.check("an improvement resets the count of bad epochs")
def improvement_resets_wait(sub: Submission) -> None:
    losses = [1.0, 1.1, 0.9, 1.0, 1.0, 1.0]
    stopped, _ = _simulate(sub, losses, patience=2)
    if stopped == 3:
        fail(
            f"For val_loss {losses} with patience=2 training stopped after epoch 3, but "
            "epoch 2 improved (0.9), so the count starts again: reset wait to 0 when the "
            "value improves. Expected a stop after epoch 4."
        )
    _expect_stop(stopped, 4, losses, 2)


@EXERCISE.check("restore_best_weights puts back the best epoch's weights", points=2)
def restores_best_weights(sub: Submission) -> None:
    losses = [1.0, 0.8, 0.9, 0.95]  # patience 10: training runs all 4 epochs
    _, model = _simulate(sub, losses, patience=10, restore_best_weights=True)
    epoch = float(model.weights[0][0])
    if epoch != 1.0:
        fail(
            f"After training the model holds the weights of epoch {epoch:g}, but the "
            "best val_loss (0.8) was at epoch 1. Save self.model.get_weights() when the "
            "value improves, and call self.model.set_weights(...) in on_train_end."
        )
    _, model = _simulate(sub, losses, patience=10)
    if float(model.weights[0][0]) != 3.0:
        fail("With restore_best_weights=False the weights must be left as they are.")


def _fit_epochs(callback: object, model: Sequential) -> int:
    x = np.linspace(-1, 1, 16, dtype="float32").reshape(8, 2)
    history = model.fit(
        x, x[:, :1], epochs=6, validation_data=(x, x[:, :1]), callbacks=[callback],
        verbose=0,
    )  # fmt: skip
    return len(history.history["loss"])


def _frozen_model() -> Sequential:
    model = Sequential([Dense(1, input_shape=(2,))])
    model.compile(optimizer=SGD(learning_rate=0.0), loss="mse")  # val_loss never moves
    return model


@EXERCISE.check("model.fit stops early with it (patience=1: two epochs)")
def works_in_fit(sub: Submission) -> None:
    callback = _callback_class(sub)(monitor="val_loss", patience=1)
    epochs = _fit_epochs(callback, _frozen_model())
    if epochs != 2:
        fail(
            f"With a val_loss that never changes and patience=1, fit should run 2 epochs "
            f"(the first sets the best, the second does not improve), but it ran {epochs}."
        )


@EXERCISE.check("on_train_begin resets it, so one instance serves two fits")
def reuse_resets(sub: Submission) -> None:
    callback = _callback_class(sub)(monitor="val_loss", patience=1)
    model = _frozen_model()
    first, second = _fit_epochs(callback, model), _fit_epochs(callback, model)
    if (first, second) != (2, 2):
        fail(
            f"The same callback in two fit() calls ran {first} then {second} epochs; "
            "expected 2 and 2. Reset wait, best and the saved weights in "
            "on_train_begin, which fit calls at the start of every run."
        )
