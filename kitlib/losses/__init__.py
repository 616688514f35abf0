"""Losses: the number ``fit`` minimizes (Keras 3 names, defaults and formulas).

Notebook: ``notebooks/09_compile_and_fit.ipynb``.

Each loss exists as a function (one value per sample, e.g.
:func:`mean_squared_error`) and as a class (adds sample weights and the
reduction, e.g. :class:`MeanSquaredError`); :func:`get` accepts both, their
names and short aliases (``"mse"``, ``"bce"``...).
"""

from __future__ import annotations

from typing import Any

from kitlib.losses.crossentropy import (
    BinaryCrossentropy,
    CategoricalCrossentropy,
    SparseCategoricalCrossentropy,
    binary_crossentropy,
    categorical_crossentropy,
    sparse_categorical_crossentropy,
)
from kitlib.losses.divergence import Hinge, KLDivergence, hinge, kl_divergence
from kitlib.losses.loss import Loss, LossFunctionWrapper, reduce_weighted_values
from kitlib.losses.regression import (
    Huber,
    MeanAbsoluteError,
    MeanAbsolutePercentageError,
    MeanSquaredError,
    huber,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_error,
)
from kitlib.utils.errors import did_you_mean

_CLASSES: dict[str, type[Loss]] = {
    "mean_squared_error": MeanSquaredError,
    "mean_absolute_error": MeanAbsoluteError,
    "mean_absolute_percentage_error": MeanAbsolutePercentageError,
    "huber": Huber,
    "binary_crossentropy": BinaryCrossentropy,
    "categorical_crossentropy": CategoricalCrossentropy,
    "sparse_categorical_crossentropy": SparseCategoricalCrossentropy,
    "kl_divergence": KLDivergence,
    "hinge": Hinge,
}

_ALIASES = {
    "mse": "mean_squared_error",
    "mae": "mean_absolute_error",
    "mape": "mean_absolute_percentage_error",
    "huber_loss": "huber",
    "bce": "binary_crossentropy",
    "cce": "categorical_crossentropy",
    "scce": "sparse_categorical_crossentropy",
    "kld": "kl_divergence",
    "kullback_leibler_divergence": "kl_divergence",
}

#: Loss classes by every accepted name (snake case, alias, class name).
ALL_LOSSES: dict[str, type[Loss]] = {
    **_CLASSES,
    **{alias: _CLASSES[name] for alias, name in _ALIASES.items()},
    **{cls.__name__: cls for cls in _CLASSES.values()},
}


def serialize(loss: Loss) -> dict:
    """A JSON-ready ``{"class_name", "config"}`` dict for a Loss object."""
    return {"class_name": type(loss).__name__, "config": loss.get_config()}


def deserialize(config: dict, custom_objects: dict | None = None) -> Loss:
    """Rebuild a Loss from :func:`serialize`'s output."""
    known = {**ALL_LOSSES, **(custom_objects or {})}
    name = str(config.get("class_name"))
    if name not in known:
        raise ValueError(
            f"deserialize() expects a known loss class name, but received {name!r}."
            f"{did_you_mean(name, known)} Pass your own class as "
            "custom_objects={'MyLoss': MyLoss}."
        )
    return known[name].from_config(dict(config.get("config", {})))


def get(identifier: Any) -> Loss | None:
    """Return a Loss object for a name, config dict, class, instance or function.

    A plain function ``fn(y_true, y_pred)`` is wrapped in a
    :class:`LossFunctionWrapper` (named after the function).

    Raises:
        ValueError: for an unknown name. TypeError: for anything else.

    Example:
        >>> get("mse").name, get("BinaryCrossentropy").name
        ('mean_squared_error', 'binary_crossentropy')
    """
    if identifier is None or isinstance(identifier, Loss):
        return identifier
    if isinstance(identifier, str):
        cls = ALL_LOSSES.get(identifier) or ALL_LOSSES.get(identifier.lower())
        if cls is None:
            names = sorted(k for k in ALL_LOSSES if k.islower())
            raise ValueError(
                f"Unknown loss {identifier!r}.{did_you_mean(identifier, names)} "
                f"Known names: {', '.join(names)}."
            )
        return cls()
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, type) and issubclass(identifier, Loss):
        return identifier()
    if callable(identifier):
        return LossFunctionWrapper(identifier)
    raise TypeError(
        "losses.get() expects a loss name, a Loss, a config dict or a function "
        f"fn(y_true, y_pred), but received {type(identifier).__name__} "
        f"{identifier!r}. Pass e.g. loss='mse'."
    )


__all__ = [
    "ALL_LOSSES",
    "BinaryCrossentropy",
    "CategoricalCrossentropy",
    "Hinge",
    "Huber",
    "KLDivergence",
    "Loss",
    "LossFunctionWrapper",
    "MeanAbsoluteError",
    "MeanAbsolutePercentageError",
    "MeanSquaredError",
    "SparseCategoricalCrossentropy",
    "binary_crossentropy",
    "categorical_crossentropy",
    "deserialize",
    "get",
    "hinge",
    "huber",
    "kl_divergence",
    "mean_absolute_error",
    "mean_absolute_percentage_error",
    "mean_squared_error",
    "reduce_weighted_values",
    "serialize",
    "sparse_categorical_crossentropy",
]
