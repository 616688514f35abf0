"""``compile``, ``fit``, ``evaluate``, ``predict``: the training loop, in plain sight.

Notebook: ``notebooks/09_compile_and_fit.ipynb``.

``fit`` is the loop you write by hand in ``08_gradient_tape``, plus bookkeeping::

    for epoch in range(epochs):
        for x, y in batches:
            with GradientTape() as tape:        # train_step
                y_pred = model(x, training=True)
                loss = loss_fn(y, y_pred)
            grads = tape.gradient(loss, model.trainable_variables)
            optimizer.apply_gradients(zip(grads, model.trainable_variables))

Override ``train_step`` in a subclass to change what one step does, as in Keras.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kitlib import optimizers
from kitlib.autodiff import GradientTape
from kitlib.callbacks import CallbackList
from kitlib.metrics import Mean
from kitlib.tensor import Tensor
from kitlib.training import data as data_module
from kitlib.training.compile_utils import CompiledLoss, CompiledMetrics
from kitlib.training.loops import run_epochs
from kitlib.training.progress import ProgressBar
from kitlib.utils.nest import flatten, map_structure, pack_like


class Trainer:
    """Mixin giving ``Model`` its training API (Keras 3 names and behaviour)."""

    compiled = False

    def compile(
        self,
        optimizer: Any = "rmsprop",
        loss: Any = None,
        metrics: Any = None,
        loss_weights: Any = None,
    ) -> None:
        """Choose the optimizer, loss(es) and metrics that ``fit`` will use.

        Args:
            optimizer: name (``"adam"``) or ``Optimizer`` object.
            loss: name, ``Loss`` object or function; or a list/dict per output.
            metrics: list of names/objects (e.g. ``["accuracy"]``), or per output.
            loss_weights: list/dict of floats weighting each output's loss.
        """
        self.optimizer = optimizers.get(optimizer)
        # Kept as given, so saving can write the same compile() call back out.
        self._compile_config = {
            "loss": loss,
            "metrics": metrics,
            "loss_weights": loss_weights,
        }
        names = self.output_names
        self.compiled_loss = CompiledLoss(loss, loss_weights, names)
        self.compiled_metrics = CompiledMetrics(
            metrics, self.compiled_loss.identifiers, names
        )
        self.loss_tracker = Mean(name="loss")
        self.compiled = True
        self.stop_training = False

    @property
    def output_names(self) -> list[str]:
        """One name per output: the name of the layer that makes it."""
        graph = getattr(self, "_functional", None)
        if graph is None:
            return ["output"]
        if isinstance(graph.outputs_struct, dict):
            return list(graph.outputs_struct)
        return [t._keras_history.operation.name for t in graph.outputs]

    @property
    def metrics(self) -> list[Any]:
        """The loss tracker and the compiled metrics."""
        if not self.compiled:
            return []
        return [self.loss_tracker, *self.compiled_metrics.metrics]

    def reset_metrics(self) -> None:
        """Reset every metric's accumulated state."""
        for metric in self.metrics:
            metric.reset_state()

    def _require_compiled(self, method: str) -> None:
        if not self.compiled:
            raise RuntimeError(
                f"Model '{self.name}' must be compiled before {method}(). Call "
                "model.compile(optimizer='adam', loss='mse') first; compile() chooses "
                f"the loss and optimizer that {method}() uses."
            )

    # --- one step: the heart of fit -------------------------------------------
    def compute_loss(
        self, x: Any, y: Any, y_pred: Any, sample_weight: Any = None
    ) -> Any:
        """Compiled loss(es) plus every regularization loss of the layers."""
        loss, _ = self.compiled_loss(y, y_pred, sample_weight)
        for extra in self.losses:
            loss = loss + extra
        return loss

    def train_step(self, data: Any) -> dict[str, float]:
        """One optimisation step on a batch; returns the running metrics."""
        x, y, sample_weight = data_module.unpack_batch(data)
        with GradientTape() as tape:
            y_pred = self(x, training=True)
            loss = self.compute_loss(x, y, y_pred, sample_weight)
        variables = self.trainable_variables
        grads = tape.gradient(loss, variables)
        self.optimizer.apply_gradients(zip(grads, variables, strict=True))
        return self.compute_metrics(x, y, y_pred, sample_weight, loss)

    def test_step(self, data: Any) -> dict[str, float]:
        """Loss and metrics on a batch, without updating weights."""
        x, y, sample_weight = data_module.unpack_batch(data)
        y_pred = self(x, training=False)
        loss = self.compute_loss(x, y, y_pred, sample_weight)
        return self.compute_metrics(x, y, y_pred, sample_weight, loss)

    def predict_step(self, data: Any) -> Any:
        """The model's output on a batch."""
        x, _, _ = data_module.unpack_batch(data)
        return self(x, training=False)

    def compute_metrics(
        self, x: Any, y: Any, y_pred: Any, sample_weight: Any, loss: Any
    ) -> dict[str, float]:
        """Update the loss tracker and metrics; return their current values."""
        batch = len(flatten(x)[0])
        self.loss_tracker.update_state(_value(loss), sample_weight=batch)
        self.compiled_metrics.update_state(
            map_structure(_value, y), map_structure(_value, y_pred), sample_weight
        )
        return {
            "loss": float(self.loss_tracker.result()),
            **self.compiled_metrics.result(),
        }

    # --- the loops ----------------------------------------------------------------
    def fit(
        self,
        x: Any = None,
        y: Any = None,
        batch_size: int | None = None,
        epochs: int = 1,
        verbose: Any = "auto",
        callbacks: list | None = None,
        validation_split: float = 0.0,
        validation_data: Any = None,
        shuffle: bool = True,
        class_weight: dict | None = None,
        sample_weight: Any = None,
        initial_epoch: int = 0,
        steps_per_epoch: int | None = None,
        validation_steps: int | None = None,
        validation_batch_size: int | None = None,
        validation_freq: int = 1,
    ) -> Any:
        """Train for ``epochs`` epochs; returns the ``History`` callback.

        ``x`` may be arrays (with ``y``), a list/dict of arrays for several
        inputs, or a generator yielding ``(x, y)`` batches (use
        ``steps_per_epoch`` for endless generators).
        """
        self._require_compiled("fit")
        train = data_module.adapt(
            x, y, sample_weight, batch_size, shuffle, steps_per_epoch, class_weight
        )
        if validation_split and validation_data is None:
            if not isinstance(train, data_module.ArrayData):
                raise ValueError(
                    "validation_split only works with arrays; for generators pass "
                    "validation_data=... (and validation_steps=...)."
                )
            train, validation = train.split(validation_split)
        else:
            validation = self._validation(
                validation_data, validation_batch_size or batch_size, validation_steps
            )
        steps = (
            getattr(train, "steps", None)
            if steps_per_epoch is None
            else steps_per_epoch
        )
        callbacks = _callback_list(
            self, callbacks, verbose, add_history=True, epochs=epochs, steps=steps
        )
        self.history = callbacks.history
        run_epochs(
            self, train, validation, callbacks, initial_epoch, epochs, validation_freq
        )
        return self.history

    def _validation(self, data: Any, batch_size: int | None, steps: int | None) -> Any:
        if data is None:
            return None
        if isinstance(data, tuple) and data_module.is_array_data(data[0]):
            return data_module.adapt(*data[:3], batch_size=batch_size, steps=steps)
        return data_module.adapt(data, batch_size=batch_size, steps=steps)

    def evaluate(
        self,
        x: Any = None,
        y: Any = None,
        batch_size: int | None = None,
        verbose: Any = "auto",
        sample_weight: Any = None,
        steps: int | None = None,
        callbacks: list | None = None,
        return_dict: bool = False,
    ) -> Any:
        """Loss and metrics over a dataset: a float, a list, or a dict."""
        self._require_compiled("evaluate")
        dataset = data_module.adapt(x, y, sample_weight, batch_size, False, steps)
        callbacks = _callback_list(
            self, callbacks, verbose, steps=getattr(dataset, "steps", None)
        )
        logs = self._evaluate_dataset(dataset, callbacks)
        if return_dict:
            return logs
        values = list(logs.values())
        return values[0] if len(values) == 1 else values

    def _evaluate_dataset(self, dataset: Any, callbacks: Any) -> dict[str, float]:
        self.reset_metrics()
        callbacks.on_test_begin()
        logs: dict[str, float] = {}
        for step, batch in enumerate(dataset.batches(shuffle=False)):
            callbacks.on_test_batch_begin(step)
            logs = self.test_step(batch)
            callbacks.on_test_batch_end(step, logs)
        callbacks.on_test_end(logs)
        return logs

    def predict(
        self,
        x: Any,
        batch_size: int | None = None,
        verbose: Any = "auto",
        steps: int | None = None,
        callbacks: list | None = None,
    ) -> Any:
        """Model outputs for all of ``x``, as NumPy arrays (batched)."""
        dataset = data_module.adapt(x, batch_size=batch_size, steps=steps)
        callbacks = _callback_list(
            self, callbacks, verbose, steps=getattr(dataset, "steps", None)
        )
        callbacks.on_predict_begin()
        outputs: list[Any] = []
        for step, batch in enumerate(dataset.batches(shuffle=False)):
            callbacks.on_predict_batch_begin(step)
            outputs.append(map_structure(_value, self.predict_step(batch)))
            callbacks.on_predict_batch_end(step, {"outputs": outputs[-1]})
        callbacks.on_predict_end()
        if not outputs:
            raise ValueError("predict() received no data: x is empty.")
        flat = [
            np.concatenate(parts) for parts in zip(*map(flatten, outputs), strict=True)
        ]
        return pack_like(outputs[0], flat)

    # --- single batches -------------------------------------------------------------
    def train_on_batch(
        self,
        x: Any,
        y: Any = None,
        sample_weight: Any = None,
        class_weight: dict | None = None,
        return_dict: bool = False,
    ) -> Any:
        """One ``train_step`` on exactly this batch (metrics reset first)."""
        self._require_compiled("train_on_batch")
        self.reset_metrics()
        data = data_module.ArrayData(
            x, y, sample_weight, len(flatten(x)[0]), False, class_weight
        )
        batch = next(data.batches())
        return _format(self.train_step(batch), return_dict)

    def test_on_batch(
        self,
        x: Any,
        y: Any = None,
        sample_weight: Any = None,
        return_dict: bool = False,
    ) -> Any:
        """Loss and metrics on exactly this batch."""
        self._require_compiled("test_on_batch")
        self.reset_metrics()
        return _format(self.test_step((x, y, sample_weight)), return_dict)

    def predict_on_batch(self, x: Any) -> Any:
        """Model outputs for exactly this batch, as NumPy arrays."""
        return map_structure(_value, self.predict_step(x))


def _callback_list(
    model: Any,
    callbacks: list | None,
    verbose: Any,
    add_history: bool = False,
    **params,
) -> CallbackList:
    """The user's callbacks, then History (for fit) and the progress bar."""
    level = _verbosity(verbose)
    extra = [ProgressBar(level)] if level else []
    return CallbackList(
        [*(callbacks or []), *extra], add_history=add_history, model=model,
        verbose=level, **params,
    )  # fmt: skip


def _value(value: Any) -> Any:
    return value.numpy() if isinstance(value, Tensor) else value


def _format(logs: dict[str, float], return_dict: bool) -> Any:
    if return_dict:
        return logs
    values = list(logs.values())
    return values[0] if len(values) == 1 else values


def _verbosity(verbose: Any) -> int:
    return 1 if verbose == "auto" else int(verbose)
