"""Optimizers: how weights move given their gradients (Keras 3 rules and defaults).

Notebook: ``notebooks/08_gradient_tape.ipynb``.

Use an optimizer by name (``compile(optimizer="adam")``) or as an object
(``Adam(learning_rate=1e-3)``); :func:`get` turns either into an instance.
"""

from __future__ import annotations

from typing import Any

from kitlib.optimizers import schedules
from kitlib.optimizers.adagrad import Adagrad
from kitlib.optimizers.adam import Adam
from kitlib.optimizers.adamw import AdamW
from kitlib.optimizers.optimizer import Optimizer
from kitlib.optimizers.rmsprop import RMSprop
from kitlib.optimizers.sgd import SGD
from kitlib.utils.errors import did_you_mean

#: Optimizer classes by lower-case name (what ``compile(optimizer=...)`` accepts).
ALL_OPTIMIZERS: dict[str, type[Optimizer]] = {
    "sgd": SGD,
    "adam": Adam,
    "adamw": AdamW,
    "rmsprop": RMSprop,
    "adagrad": Adagrad,
}


def serialize(optimizer: Optimizer) -> dict:
    """A JSON-ready ``{"class_name", "config"}`` dict for ``optimizer``.

    Example:
        >>> serialize(SGD())["class_name"]
        'SGD'
    """
    return {"class_name": type(optimizer).__name__, "config": optimizer.get_config()}


def deserialize(config: dict, custom_objects: dict | None = None) -> Optimizer:
    """Rebuild an optimizer from :func:`serialize`'s output (without its state)."""
    classes = {cls.__name__: cls for cls in ALL_OPTIMIZERS.values()}
    classes.update(custom_objects or {})
    name = str(config.get("class_name"))
    cls = classes.get(name) or ALL_OPTIMIZERS.get(name.lower())
    if cls is None:
        raise ValueError(
            f"deserialize() expects a known optimizer class name, but received "
            f"{name!r}.{did_you_mean(name, classes)} Pass your own class as "
            "custom_objects={'MyOptimizer': MyOptimizer}."
        )
    return cls.from_config(dict(config.get("config", {})), custom_objects)


def get(identifier: Any) -> Optimizer:
    """Return an optimizer instance for a name, config dict or instance.

    Args:
        identifier: ``"adam"`` (any case), ``{"class_name": ..., "config": ...}``,
            an ``Optimizer`` instance (returned as is) or class.

    Raises:
        ValueError: for an unknown name.
        TypeError: for anything else.

    Example:
        >>> get("Adam").learning_rate
        np.float32(0.001)
    """
    if isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, str):
        cls = ALL_OPTIMIZERS.get(identifier.lower())
        if cls is None:
            raise ValueError(
                f"Unknown optimizer {identifier!r}."
                f"{did_you_mean(identifier.lower(), ALL_OPTIMIZERS)} Known names: "
                f"{', '.join(ALL_OPTIMIZERS)}."
            )
        return cls()
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, type) and issubclass(identifier, Optimizer):
        return identifier()
    raise TypeError(
        "optimizers.get() expects an optimizer name, a config dict or an Optimizer, "
        f"but received {type(identifier).__name__} {identifier!r}. Pass e.g. "
        "optimizer='adam' or optimizer=Adam(learning_rate=1e-3)."
    )


__all__ = [
    "ALL_OPTIMIZERS",
    "SGD",
    "Adagrad",
    "Adam",
    "AdamW",
    "Optimizer",
    "RMSprop",
    "deserialize",
    "get",
    "schedules",
    "serialize",
]
