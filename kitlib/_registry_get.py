"""One resolver for ``"l2"``/config dicts/objects (initializers, regularizers, constraints).

Names that are not built in are looked up in the saving registry
(``kitlib.saving.register_serializable`` and ``custom_objects`` scopes), so a
custom regularizer saved with a model comes back when the model is loaded.
"""

from __future__ import annotations

from typing import Any

from kitlib.utils import registry
from kitlib.utils.errors import did_you_mean


def _unknown(name: str, by_name: dict[str, type], what: str) -> ValueError:
    known = sorted(k for k in by_name if k.islower())
    return ValueError(
        f"Unknown {what} {name!r}.{did_you_mean(name, known)} Known names: "
        f"{', '.join(known)}. A custom {what} must be registered with "
        "@kitlib.saving.register_serializable() or passed in custom_objects."
    )


def _lookup(name: str, by_name: dict[str, type], what: str) -> Any:
    found = by_name.get(name) or registry.get_registered_object(name)
    if found is None:
        raise _unknown(name, by_name, what)
    return found


def resolve(identifier: Any, base: type, by_name: dict[str, type], what: str) -> Any:
    """Return an instance of ``base`` for ``identifier``, or raise a helpful error.

    Accepts ``None``, an instance, a class, a name (built-in or registered), a
    ``{"class_name", "config"}`` dict, or any callable.
    """
    if identifier is None or isinstance(identifier, base):
        return identifier
    if isinstance(identifier, str):
        found = _lookup(identifier, by_name, what)
        return found() if isinstance(found, type) else found
    if isinstance(identifier, dict):
        name = identifier.get("registered_name") or identifier.get("class_name")
        cls = _lookup(str(name), by_name, what)
        config = identifier.get("config", {})
        return cls.from_config(config) if hasattr(cls, "from_config") else cls(**config)
    if isinstance(identifier, type) and issubclass(identifier, base):
        return identifier()
    if callable(identifier):
        return identifier
    raise TypeError(f"Could not interpret {what} {identifier!r}.")


def serialize(obj: Any, base: type) -> Any:
    """``{"class_name", "config"}`` for an instance of ``base``; a name for a function."""
    if obj is None:
        return None
    if isinstance(obj, base):
        data = {"class_name": type(obj).__name__, "config": obj.get_config()}
        registered = registry.get_registered_name(type(obj))
        if ">" in registered:
            data["registered_name"] = registered
        return data
    return registry.get_registered_name(obj)
