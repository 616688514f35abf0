"""One helper to resolve ``"l2"``/config dicts/objects to instances (regularizers, constraints)."""

from __future__ import annotations

from typing import Any

from kitlib.utils.errors import did_you_mean


def resolve(identifier: Any, base: type, by_name: dict[str, type], what: str) -> Any:
    """Return an instance of ``base`` for ``identifier``, or raise a helpful error.

    Accepts ``None``, an instance, a class, a name in ``by_name``, a
    ``{"class_name", "config"}`` dict, or any callable.
    """
    if identifier is None or isinstance(identifier, base):
        return identifier
    if isinstance(identifier, str):
        if identifier not in by_name:
            known = sorted(k for k in by_name if k.islower())
            raise ValueError(
                f"Unknown {what} {identifier!r}.{did_you_mean(identifier, known)} "
                f"Known names: {', '.join(known)}."
            )
        return by_name[identifier]()
    if isinstance(identifier, dict):
        return by_name[identifier["class_name"]](**identifier.get("config", {}))
    if isinstance(identifier, type) and issubclass(identifier, base):
        return identifier()
    if callable(identifier):
        return identifier
    raise TypeError(f"Could not interpret {what} {identifier!r}.")
