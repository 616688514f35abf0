"""Python values <-> JSON: the few conversions a saved config needs.

Notebook: ``notebooks/13_saving_and_config.ipynb``.

JSON knows numbers, strings, booleans, null, lists and string-keyed dicts.
Two encodings are used:

* :func:`to_json` for layer configs: tuples become lists and NumPy scalars
  become numbers, so ``config.json`` reads like the ``get_config()`` dict.
* :func:`encode`/:func:`decode` for graph call arguments and op attributes,
  where the exact type matters (``axis=(1, 2)`` vs a list, ``x[1:3]``): such
  values are tagged as ``{"class_name": "__tuple__", "config": {...}}``, the
  convention Keras 3 uses too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from kitlib.engine.keras_tensor import KerasTensor
from kitlib.tensor import Tensor

_PLAIN = (str, int, float, bool, type(None))


def to_json(value: Any, where: str) -> Any:
    """``value`` with tuples as lists and NumPy scalars/arrays as Python values.

    Args:
        value: a config value.
        where: what is being saved, for the error message (``"Layer 'x' config"``).

    Raises:
        TypeError: for a value JSON cannot hold (a function, an object...).
    """
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, np.generic | np.ndarray):
        return value.tolist()
    if isinstance(value, list | tuple):
        return [to_json(item, f"{where}[{i}]") for i, item in enumerate(value)]
    if isinstance(value, dict):
        return {
            _key(key, where): to_json(v, f"{where}[{key!r}]")
            for key, v in value.items()
        }
    raise TypeError(_unstorable(value, where))


def encode(
    value: Any, where: str, tensor_ref: Callable[[Any], list] | None = None
) -> Any:
    """Tag tuples, slices, ``...`` and arrays so :func:`decode` restores them.

    Args:
        value: a call argument or op attribute.
        where: for error messages.
        tensor_ref: turns a symbolic tensor into ``[layer, node_index,
            tensor_index]``; symbolic tensors are refused without it.

    Raises:
        TypeError: for a value that cannot be stored.
    """
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, KerasTensor):
        if tensor_ref is None:
            raise TypeError(_unstorable(value, where))
        return _tag("__keras_tensor__", keras_history=tensor_ref(value))
    if isinstance(value, Tensor | np.ndarray):
        array = np.asarray(value.value if isinstance(value, Tensor) else value)
        return _tag("__numpy__", value=array.tolist(), dtype=str(array.dtype))
    if isinstance(value, slice):
        parts = (value.start, value.stop, value.step)
        start, stop, step = (encode(p, where, tensor_ref) for p in parts)
        return _tag("__slice__", start=start, stop=stop, step=step)
    if value is Ellipsis:
        return _tag("__ellipsis__")
    if isinstance(value, tuple):
        return _tag("__tuple__", value=[encode(v, where, tensor_ref) for v in value])
    if isinstance(value, list):
        return [encode(v, f"{where}[{i}]", tensor_ref) for i, v in enumerate(value)]
    if isinstance(value, dict):
        return {
            _key(key, where): encode(v, f"{where}[{key!r}]", tensor_ref)
            for key, v in value.items()
        }
    raise TypeError(_unstorable(value, where))


def decode(value: Any, tensor_lookup: Callable[[list], Any] | None = None) -> Any:
    """Inverse of :func:`encode` (``tensor_lookup`` maps a reference to a tensor)."""
    if isinstance(value, list):
        return [decode(v, tensor_lookup) for v in value]
    if not isinstance(value, dict):
        return value
    tag, config = value.get("class_name"), value.get("config")
    if not (isinstance(tag, str) and tag.startswith("__") and isinstance(config, dict)):
        return {key: decode(v, tensor_lookup) for key, v in value.items()}
    if tag == "__tuple__":
        return tuple(decode(v, tensor_lookup) for v in config["value"])
    if tag == "__slice__":
        return slice(config["start"], config["stop"], config["step"])
    if tag == "__ellipsis__":
        return Ellipsis
    if tag == "__numpy__":
        return np.asarray(config["value"], dtype=np.dtype(config["dtype"]))
    if tag == "__keras_tensor__" and tensor_lookup is not None:
        return tensor_lookup(config["keras_history"])
    raise ValueError(
        f"A saved value is tagged {tag!r}, which this version of kitlib does not "
        "know. Known tags: __tuple__, __slice__, __ellipsis__, __numpy__, "
        "__keras_tensor__. The file may come from a newer kitlib."
    )


def to_shape(value: Any) -> Any:
    """A JSON shape back as a tuple (a list of shapes as a list of tuples)."""
    if isinstance(value, list | tuple):
        if all(d is None or isinstance(d, int) for d in value):
            return tuple(value)
        return [to_shape(v) for v in value]
    if isinstance(value, dict):
        return {key: to_shape(v) for key, v in value.items()}
    return value


def _tag(name: str, **config: Any) -> dict:
    return {"class_name": name, "config": config}


def _key(key: Any, where: str) -> str:
    if not isinstance(key, str):
        raise TypeError(
            f"{where} has a dict key {key!r} of type {type(key).__name__}, but JSON "
            "only stores string keys. Use strings as dict keys in configs."
        )
    return key


def _unstorable(value: Any, where: str) -> str:
    return (
        f"{where} holds a value of type {type(value).__name__} ({value!r:.60}), but a "
        "saved config can only hold numbers, strings, booleans, None, lists and "
        "dicts. Return such values from get_config() (e.g. a name instead of a "
        "function or object, and serialize nested objects with their own get_config)."
    )


__all__ = ["decode", "encode", "to_json", "to_shape"]
