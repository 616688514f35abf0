"""``TerminateOnNaN``: stop training as soon as the loss becomes NaN or infinite.

Notebook: ``notebooks/10_callbacks.ipynb``.
"""

from __future__ import annotations

import math

from kitlib.callbacks.callback import Callback, print_msg


class TerminateOnNaN(Callback):
    """Set ``model.stop_training`` when a batch's ``loss`` is NaN or inf.

    A NaN loss never recovers (every weight it touches becomes NaN), so there
    is no point finishing the epoch. Usual causes: a learning rate that is too
    high, ``log(0)`` in a hand-written loss, or unscaled inputs.

    Example:
        >>> class FakeModel:
        ...     stop_training = False
        >>> callback = TerminateOnNaN()
        >>> callback.set_model(FakeModel())
        >>> callback.on_batch_end(7, {"loss": float("nan")})
        Batch 7: Invalid loss, terminating training
        >>> callback.model.stop_training
        True
    """

    def on_batch_end(self, batch: int, logs: dict | None = None) -> None:
        """Check the batch loss."""
        loss = (logs or {}).get("loss")
        if loss is not None and not math.isfinite(float(loss)):
            print_msg(f"Batch {batch}: Invalid loss, terminating training")
            self.model.stop_training = True
