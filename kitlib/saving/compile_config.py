"""What ``compile`` chose, and the optimizer's state, in a saved model.

Notebook: ``notebooks/13_saving_and_config.ipynb``.

To resume training exactly, a loaded model needs the same loss and metrics
(``compile_config``) *and* the optimizer as it was: its hyperparameters (in
the config) and its variables (``iterations``, the learning rate and the slot
variables such as Adam's moments, stored as arrays). Slot variables belong to
model weights, so the file also records *which* weights the optimizer was
built for, as positions in the saved weight list.
"""

from __future__ import annotations

import importlib
import warnings
from typing import Any

import numpy as np

from kitlib import optimizers
from kitlib.saving.file_io import file_error
from kitlib.saving.json_values import to_json
from kitlib.saving.weights_file import ordered_arrays, weight_items
from kitlib.utils import registry
from kitlib.utils.errors import fmt_shape


def get_compile_config(model: Any) -> dict | None:
    """``{"optimizer", "loss", "metrics", "loss_weights"}``, or None if not compiled."""
    if not getattr(model, "compiled", False):
        return None
    recorded = model._compile_config
    return {
        "optimizer": to_json(optimizers.serialize(model.optimizer), "The optimizer"),
        "loss": serialize_identifier(recorded.get("loss"), "The loss"),
        "metrics": serialize_identifier(recorded.get("metrics"), "The metrics"),
        "loss_weights": to_json(recorded.get("loss_weights"), "loss_weights"),
    }


def compile_from_config(model: Any, config: dict) -> None:
    """Call ``model.compile`` with the objects described by ``config``."""
    custom = registry.visible_custom_objects()
    model.compile(
        optimizer=optimizers.deserialize(config["optimizer"], custom),
        loss=deserialize_identifier(config.get("loss"), "losses"),
        metrics=deserialize_identifier(config.get("metrics"), "metrics"),
        loss_weights=config.get("loss_weights"),
    )


# --- losses and metrics: names, functions and objects ---------------------------
def serialize_identifier(value: Any, who: str) -> Any:
    """A loss/metric spec as JSON: names stay names, objects become configs."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple):
        return [serialize_identifier(item, who) for item in value]
    if isinstance(value, dict):
        return {key: serialize_identifier(item, who) for key, item in value.items()}
    if isinstance(value, type) or not hasattr(value, "get_config"):
        # A function or class: saved by (registered) name, found again by name.
        return registry.get_registered_name(value)
    data = {"class_name": type(value).__name__, "config": value.get_config()}
    registered = registry.get_registered_name(type(value))
    if ">" in registered:
        data["registered_name"] = registered
    return to_json(data, f"{who} {type(value).__name__}")


def deserialize_identifier(value: Any, module_name: str) -> Any:
    """Inverse of :func:`serialize_identifier` (``module_name``: losses/metrics)."""
    if isinstance(value, str):
        return registry.get_registered_object(value) or value
    if isinstance(value, list):
        return [deserialize_identifier(item, module_name) for item in value]
    if not isinstance(value, dict):
        return value
    if "class_name" not in value or "config" not in value:
        return {key: deserialize_identifier(v, module_name) for key, v in value.items()}
    names = (value.get("registered_name"), value["class_name"])
    for name in filter(None, names):
        cls = registry.get_registered_object(name)
        if cls is not None:
            return cls.from_config(dict(value["config"]))
    # The loss/metric modules are looked up when loading, like built-in layers.
    module = importlib.import_module(f"kitlib.{module_name}")
    return module.deserialize(value, registry.visible_custom_objects())


# --- the optimizer's variables ------------------------------------------------------
def optimizer_state(model: Any) -> tuple[dict[str, np.ndarray], list[int]] | None:
    """The optimizer's arrays and the weight positions it was built for."""
    optimizer = getattr(model, "optimizer", None)
    if optimizer is None:
        return None
    positions = {id(variable): i for i, (_, variable) in enumerate(weight_items(model))}
    built_for = getattr(optimizer, "_trainable_variables", [])
    if any(id(variable) not in positions for variable in built_for):
        warnings.warn(
            f"Optimizer '{optimizer.name}' also updates variables that are not "
            f"weights of model '{model.name}', so its state is not saved; training "
            "resumed from this file starts the optimizer afresh.",
            UserWarning,
            stacklevel=3,
        )
        return None
    arrays = {
        f"{index:04d}/{variable.name}": np.asarray(variable.value)
        for index, variable in enumerate(optimizer.variables)
    }
    return arrays, [positions[id(variable)] for variable in built_for]


def restore_optimizer_state(
    model: Any, arrays: dict[str, np.ndarray], built_for: list[int], source: str
) -> None:
    """Build the optimizer for the same weights, then load its saved arrays."""
    optimizer = model.optimizer
    items = weight_items(model)
    if built_for:
        optimizer.build([items[i][1] for i in built_for if i < len(items)])
    saved = ordered_arrays(arrays, source)
    variables = optimizer.variables
    expected = f"the state of optimizer '{optimizer.name}' ({len(variables)} arrays)"
    if len(saved) != len(variables):
        raise file_error(
            source, expected, f"it holds {len(saved)} optimizer arrays",
            "The optimizer in the file differs from the compiled one; load with "
            "compile=False and compile again to start the optimizer afresh.",
        )  # fmt: skip
    for variable, (name, array) in zip(variables, saved, strict=True):
        if tuple(variable.shape) != array.shape:
            raise file_error(
                source, expected,
                f"'{name}' has shape {fmt_shape(array.shape)} where "
                f"'{variable.name}' needs {fmt_shape(variable.shape)}",
                "The saved optimizer state belongs to other weights.",
            )  # fmt: skip
    optimizer.set_weights([array for _, array in saved])


__all__ = [
    "compile_from_config",
    "deserialize_identifier",
    "get_compile_config",
    "optimizer_state",
    "restore_optimizer_state",
    "serialize_identifier",
]
