"""The epoch loop of ``fit``: batches, callbacks, validation, early stop.

Notebook: ``notebooks/10_callbacks.ipynb`` (which hook fires when).
"""

from __future__ import annotations

from typing import Any


def run_epochs(
    model: Any,
    train: Any,
    validation: Any,
    callbacks: Any,
    initial_epoch: int,
    epochs: int,
    validation_freq: int = 1,
) -> None:
    """Run ``fit``'s epochs, calling every callback hook in Keras's order."""
    model.stop_training = False
    callbacks.on_train_begin()
    logs: dict[str, float] = {}
    for epoch in range(initial_epoch, epochs):
        model.reset_metrics()
        callbacks.on_epoch_begin(epoch)
        logs = run_train_epoch(model, train, callbacks)
        if validation is not None and (epoch + 1) % validation_freq == 0:
            val_logs = model._evaluate_dataset(validation, callbacks)
            logs.update({f"val_{name}": value for name, value in val_logs.items()})
        callbacks.on_epoch_end(epoch, logs)
        if model.stop_training:
            break
    callbacks.on_train_end(logs)


def run_train_epoch(model: Any, train: Any, callbacks: Any) -> dict[str, float]:
    """One pass over the training batches; returns the epoch's metric values."""
    logs: dict[str, float] = {}
    for step, batch in enumerate(train.batches()):
        callbacks.on_train_batch_begin(step)
        logs = model.train_step(batch)
        callbacks.on_train_batch_end(step, logs)
        if model.stop_training:
            break
    if not logs:
        raise ValueError(
            "fit() ran an epoch without a single batch: the training data is empty or "
            "the generator is exhausted. Check x, or pass steps_per_epoch for a "
            "generator that can run forever."
        )
    return dict(logs)
