"""Names <-> classes: how a saved ``"class_name"`` finds its Python class again.

Notebook: ``notebooks/13_saving_and_config.ipynb``.

A saved model stores each layer as a *name* (``"Dense"``), never as code. On
load the name must be turned back into a class, from three places, in order:

1. ``custom_objects={"MyLayer": MyLayer}`` given to ``load_model`` (or an
   enclosing :func:`custom_object_scope`);
2. classes and functions registered with :func:`register_serializable`
   (stored as ``"package>name"``, e.g. ``"Custom>MyLayer"``);
3. kitlib's built-in layers and models (found in ``kitlib.layers`` and
   ``kitlib.models`` when a lookup happens, not when this module is imported,
   because those packages import the saving code themselves).

Nothing else is ever imported or executed: a file cannot name a module and
have kitlib import it.

This module imports nothing from kitlib at import time, so low-level modules
(activations, initializers...) may use it to find registered functions.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Callable, Iterator
from typing import Any

#: ``"package>name"`` -> registered class or function.
_REGISTERED: dict[str, Any] = {}
#: registered object -> its ``"package>name"``.
_NAMES: dict[Any, str] = {}
#: ``custom_object_scope`` dicts, innermost last.
_SCOPES: list[dict[str, Any]] = []

#: Where built-in layer and model classes are collected from.
_BUILTIN_PACKAGES = ("kitlib.layers", "kitlib.models")
_LAYER_MODULE = "kitlib.engine.layer"


def register_serializable(
    package: str = "Custom", name: str | None = None
) -> Callable[[Any], Any]:
    """Decorator: make a custom class (or function) loadable by name.

    The object is stored under ``"package>name"`` (``name`` defaults to the
    class's ``__name__``). Saved configs record that name, so ``load_model``
    finds the class without ``custom_objects``. Registering again under the
    same name replaces the old entry (handy when a notebook cell is re-run).

    Args:
        package: a namespace that keeps your names apart from other people's.
        name: the name to register under (default: ``obj.__name__``).

    Returns:
        The decorator; it returns the object unchanged.

    Example:
        >>> from kitlib.layers import Layer
        >>> @register_serializable(package="Demo")
        ... class Scale(Layer):
        ...     pass
        >>> get_registered_name(Scale)
        'Demo>Scale'
    """
    if not isinstance(package, str) or ">" in package:
        raise ValueError(
            "register_serializable() expects package to be a string without '>', "
            f"but received {package!r}. '>' separates package and name in the "
            "registered name, e.g. 'Custom>MyLayer'."
        )

    def decorator(obj: Any) -> Any:
        registered = f"{package}>{name or getattr(obj, '__name__', '')}"
        if registered.endswith(">") or not callable(obj):
            raise TypeError(
                f"register_serializable() expects a class or a named function, but "
                f"received {obj!r}. Decorate a class definition or a def function."
            )
        if isinstance(obj, type) and not hasattr(obj, "get_config"):
            raise TypeError(
                f"register_serializable() expects a class with get_config(), but "
                f"{obj.__name__} has none. Saving calls get_config() to describe the "
                "object; subclass Layer (or define get_config/from_config)."
            )
        _REGISTERED[registered] = obj
        _NAMES[obj] = registered
        return obj

    return decorator


def get_registered_name(obj: Any) -> str:
    """``"package>name"`` for a registered object, else its plain ``__name__``."""
    registered = _NAMES.get(obj) if _hashable(obj) else None
    return registered or getattr(obj, "__name__", type(obj).__name__)


def get_registered_object(
    name: str, custom_objects: dict[str, Any] | None = None
) -> Any | None:
    """The object saved as ``name``: custom objects, then scopes, then registry.

    Both the full ``"package>name"`` and the bare ``name`` are tried in
    ``custom_objects``, so ``custom_objects={"MyLayer": MyLayer}`` also matches
    a file that recorded ``"Custom>MyLayer"``.

    Returns:
        The class or function, or None when nothing is known under that name.
    """
    short = name.rsplit(">", 1)[-1]
    for objects in [custom_objects or {}, *reversed(_SCOPES)]:
        for key in (name, short):
            if key in objects:
                return objects[key]
    return _REGISTERED.get(name)


def visible_custom_objects() -> dict[str, Any]:
    """Everything a lookup can see now, by bare and full name (innermost wins).

    Passed to ``from_config(config, custom_objects)`` methods that look names
    up themselves (``Lambda`` finds its function there).
    """
    visible: dict[str, Any] = {}
    for full_name, obj in _REGISTERED.items():
        visible[full_name.rsplit(">", 1)[-1]] = obj
        visible[full_name] = obj
    for objects in _SCOPES:
        visible.update(objects)
    return visible


def get_custom_objects() -> dict[str, Any]:
    """A copy of the registry: ``{"package>name": object}``."""
    return dict(_REGISTERED)


@contextlib.contextmanager
def custom_object_scope(custom_objects: dict[str, Any] | None) -> Iterator[None]:
    """Inside this block, ``custom_objects`` are found by every lookup.

    Example:
        >>> with custom_object_scope({"Scale": float}):
        ...     get_registered_object("Scale") is float
        True
    """
    _SCOPES.append(dict(custom_objects or {}))
    try:
        yield
    finally:
        _SCOPES.pop()


def builtin_layer_classes() -> dict[str, type]:
    """Every Layer subclass exported by ``kitlib.layers`` and ``kitlib.models``.

    Collected at call time, so layers added by other modules are included and
    importing this module never imports ``kitlib.models`` (which imports us).
    """
    layer_class = importlib.import_module(_LAYER_MODULE).Layer
    found: dict[str, type] = {"Layer": layer_class}
    for package in _BUILTIN_PACKAGES:
        module = importlib.import_module(package)
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, layer_class):
                found.setdefault(value.__name__, value)
    return found


def find_class(
    class_name: str,
    registered_name: str | None = None,
    custom_objects: dict[str, Any] | None = None,
) -> type | None:
    """The class for a saved ``class_name``/``registered_name``, or None."""
    for name in (registered_name, class_name):
        if name:
            found = get_registered_object(name, custom_objects)
            if found is not None:
                return found
    builtin = builtin_layer_classes().get(class_name)
    if builtin is not None:
        return builtin
    # A registered class saved by an older file that lacked "registered_name".
    matches = [
        obj for key, obj in _REGISTERED.items() if key.endswith(f">{class_name}")
    ]
    return matches[0] if len(matches) == 1 else None


def known_names() -> list[str]:
    """Names a saved class may use (built-ins and registered), for error hints."""
    return sorted({*builtin_layer_classes(), *_REGISTERED})


def _hashable(obj: Any) -> bool:
    try:
        hash(obj)
    except TypeError:
        return False
    return True


__all__ = [
    "builtin_layer_classes",
    "custom_object_scope",
    "find_class",
    "get_custom_objects",
    "get_registered_name",
    "get_registered_object",
    "known_names",
    "register_serializable",
    "visible_custom_objects",
]


#: ``safe_mode`` of the enclosing loads (innermost last); see ``in_safe_mode``.
_SAFE_MODE: list[bool] = []


def in_safe_mode() -> bool:
    """Whether layers that wrap Python code (``Lambda``) must refuse to load.

    True unless an enclosing ``load_model(..., safe_mode=False)`` (or
    :func:`safe_mode_scope`) says the file is trusted.
    """
    return _SAFE_MODE[-1] if _SAFE_MODE else True


@contextlib.contextmanager
def safe_mode_scope(safe_mode: bool) -> Iterator[None]:
    """Within the block, :func:`in_safe_mode` returns ``safe_mode``."""
    _SAFE_MODE.append(bool(safe_mode))
    try:
        yield
    finally:
        _SAFE_MODE.pop()
