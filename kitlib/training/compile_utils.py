"""What ``compile`` sets up: one loss and a list of metrics per model output.

Notebook: ``notebooks/09_compile_and_fit.ipynb``.

``compile(loss=..., metrics=..., loss_weights=...)`` accepts one value for all
outputs, a list (one per output) or a dict keyed by output name. These classes
turn all of those into per-output lists once, so the training step just loops.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kitlib import losses as losses_module
from kitlib import metrics as metrics_module
from kitlib.utils.errors import did_you_mean


def per_output(spec: Any, names: list[str], what: str) -> list[Any]:
    """Spread a single value, list or dict over the outputs named ``names``."""
    if isinstance(spec, dict):
        unknown = [k for k in spec if k not in names]
        if unknown:
            raise ValueError(
                f"compile() got {what} for an output named '{unknown[0]}', but the "
                f"model's outputs are {names}.{did_you_mean(unknown[0], names)}"
            )
        return [spec.get(name) for name in names]
    if isinstance(spec, list | tuple) and len(names) > 1:
        if len(spec) != len(names):
            raise ValueError(
                f"compile() got a list of {len(spec)} {what}, but the model has "
                f"{len(names)} outputs {names}. Give one per output, or a dict."
            )
        return list(spec)
    return [spec] * len(names)


def structure_to_list(values: Any, names: list[str], what: str) -> list[Any]:
    """Order ``y`` or ``y_pred`` (single, list or dict) like the outputs."""
    if isinstance(values, dict):
        missing = [n for n in names if n not in values]
        if missing:
            raise ValueError(
                f"{what} is a dict without the key '{missing[0]}'; the model's outputs "
                f"are {names}.{did_you_mean(missing[0], list(values))}"
            )
        return [values[n] for n in names]
    if isinstance(values, list | tuple):
        if len(values) != len(names):
            raise ValueError(
                f"The model has {len(names)} outputs {names}, but {what} holds "
                f"{len(values)} arrays. Pass one array per output (or a dict)."
            )
        return list(values)
    if len(names) != 1:
        raise ValueError(
            f"The model has {len(names)} outputs {names}, but {what} is a single array. "
            "Pass a list or a dict with one array per output."
        )
    return [values]


class CompiledLoss:
    """The weighted sum of one loss per output.

    Args:
        loss: a loss name/object/function, or a list/dict of them per output.
        loss_weights: optional list/dict of floats scaling each output's loss.
        output_names: the model's output names.
    """

    def __init__(self, loss: Any, loss_weights: Any, output_names: list[str]) -> None:
        self.output_names = output_names
        identifiers = per_output(loss, output_names, "losses")
        self.losses = [
            losses_module.get(i) if i is not None else None for i in identifiers
        ]
        weights = per_output(loss_weights, output_names, "loss_weights")
        self.weights = [1.0 if w is None else float(w) for w in weights]
        self.identifiers = identifiers

    def __call__(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> tuple:
        """Return ``(total_loss, [loss per output])``."""
        trues = structure_to_list(y_true, self.output_names, "y")
        preds = structure_to_list(y_pred, self.output_names, "the model output")
        total, parts = None, []
        for loss, weight, true, pred in zip(
            self.losses, self.weights, trues, preds, strict=True
        ):
            if loss is None:
                parts.append(None)
                continue
            value = loss(true, pred, sample_weight=sample_weight)
            parts.append(value)
            term = value * weight if weight != 1.0 else value
            total = term if total is None else total + term
        return total, parts


def _metrics_per_output(metrics: Any, names: list[str]) -> list[list[Any]]:
    """A list of metric identifiers for each output.

    A flat list applies to every output (as in Keras); a list of lists or a
    dict gives each output its own.
    """
    if not metrics:
        return [[] for _ in names]
    if isinstance(metrics, dict):
        spec = per_output(metrics, names, "metrics")
        return [[] if m is None else list(m) if isinstance(m, list | tuple) else [m]
                for m in spec]  # fmt: skip
    if all(isinstance(m, list | tuple) for m in metrics):
        if len(metrics) != len(names):
            raise ValueError(
                f"compile() got {len(metrics)} metric lists, but the model has "
                f"{len(names)} outputs {names}. Give one list per output, or a dict."
            )
        return [list(m) for m in metrics]
    return [list(metrics) for _ in names]


class CompiledMetrics:
    """Metric objects per output, named like Keras (``accuracy``, ``out_accuracy``).

    Built on the first batch, as in Keras 3: ``"accuracy"`` becomes binary,
    categorical or sparse categorical accuracy depending on the loss and on the
    shapes of ``y_true`` and ``y_pred`` (seed 002's sigmoid/softmax pitfall).
    """

    def __init__(
        self, metrics: Any, loss_identifiers: list[Any], output_names: list[str]
    ) -> None:
        self.output_names = output_names
        self.loss_identifiers = loss_identifiers
        self.spec = _metrics_per_output(metrics, output_names)
        self.per_output: list[list[Any]] | None = None

    def _build(self, trues: list[Any], preds: list[Any]) -> None:
        self.per_output = []
        for index, item in enumerate(self.spec):
            built = [
                metrics_module.get_compile_metric(
                    identifier,
                    y_pred_shape=np.shape(preds[index]),
                    y_true_shape=np.shape(trues[index]),
                    loss=self.loss_identifiers[index],
                )
                for identifier in item
            ]
            if len(self.output_names) > 1:
                for metric in built:
                    metric.name = f"{self.output_names[index]}_{metric.name}"
            self.per_output.append(built)

    @property
    def metrics(self) -> list[Any]:
        """All metric objects, in output order (empty before the first batch)."""
        return [m for group in self.per_output or [] for m in group]

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        """Feed one batch to every metric (values only, no gradients)."""
        trues = structure_to_list(y_true, self.output_names, "y")
        preds = structure_to_list(y_pred, self.output_names, "the model output")
        if self.per_output is None:
            self._build(trues, preds)
        for group, true, pred in zip(self.per_output, trues, preds, strict=True):
            for metric in group:
                metric.update_state(true, pred, sample_weight=sample_weight)

    def result(self) -> dict[str, float]:
        """``{name: value}`` for every metric."""
        return {m.name: float(np.asarray(m.result())) for m in self.metrics}

    def reset_state(self) -> None:
        """Start accumulating afresh (at the start of each epoch)."""
        for metric in self.metrics:
            metric.reset_state()
