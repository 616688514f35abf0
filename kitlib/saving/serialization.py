"""A layer <-> a JSON-ready dict: ``{"class_name", "config", "build_config"}``.

Notebook: ``notebooks/13_saving_and_config.ipynb``.

:func:`serialize_layer` records *what* the layer is (its class name) and *how
it was configured* (``get_config()``), plus the input shape it was built
with, so the weights can be created before they are loaded.
:func:`deserialize_layer` does the reverse: name -> class (see ``registry``),
then ``cls.from_config(config)``, then ``build``. No code is stored, so
loading runs only classes you already have.

``safe_mode``: a ``Lambda`` layer wraps an arbitrary Python function. kitlib
never saves code, only the function's name, so such a layer can only be
rebuilt when you say you trust the file (``safe_mode=False``) and the
function can be found by name (``custom_objects={"fn": fn}``).
"""

from __future__ import annotations

import inspect
from typing import Any

from kitlib.engine.layer import Layer
from kitlib.saving.json_values import to_json, to_shape
from kitlib.utils import registry
from kitlib.utils.errors import did_you_mean

#: Layers that wrap user code; they never load in safe mode.
UNSAFE_LAYERS = ("Lambda",)


def serialize_layer(layer: Any) -> dict:
    """Describe ``layer`` as a JSON-ready dict (class name, config, build shape).

    Example:
        >>> from kitlib.layers import Dense
        >>> data = serialize_layer(Dense(2, name="d"))
        >>> data["class_name"], data["config"]["units"]
        ('Dense', 2)
    """
    cls = type(layer)
    who = f"Layer '{getattr(layer, 'name', '?')}' ({cls.__name__})"
    data = {
        "module": cls.__module__,
        "class_name": cls.__name__,
        "config": to_json(layer.get_config(), f"{who} get_config()"),
    }
    registered = registry.get_registered_name(cls)
    if ">" in registered:
        data["registered_name"] = registered
    build_shape = getattr(layer, "_build_input_shape", None)
    if getattr(layer, "built", False) and build_shape is not None:
        data["build_config"] = {
            "input_shape": to_json(build_shape, f"{who} input shape")
        }
    return data


def deserialize_layer(
    data: dict,
    custom_objects: dict[str, Any] | None = None,
    safe_mode: bool | None = None,
) -> Any:
    """Rebuild a layer (or model) from :func:`serialize_layer`'s dict.

    Args:
        data: ``{"class_name", "config", ...}`` as written by ``serialize_layer``.
        custom_objects: ``{"MyLayer": MyLayer, "my_fn": my_fn}`` for classes and
            functions kitlib does not know (or use ``register_serializable``).
        safe_mode: refuse layers that wrap Python code (``Lambda``). ``None``
            inherits the enclosing call's setting (default True).

    Returns:
        The new layer, built when the dict holds a ``build_config``.

    Raises:
        ValueError: for an unknown class or a Lambda layer in safe mode.

    Example:
        >>> from kitlib.layers import Dense
        >>> deserialize_layer(serialize_layer(Dense(2, name="d"))).units
        2
    """
    if safe_mode is None:
        safe_mode = registry.in_safe_mode()
    _check_layer_dict(data)
    with (
        registry.custom_object_scope(custom_objects),
        registry.safe_mode_scope(safe_mode),
    ):
        cls = _resolve_class(data)
        config = dict(data["config"])
        if safe_mode and _is_unsafe(data["class_name"], config):
            raise _refuse_unsafe(data["class_name"], config)
        layer = _from_config(cls, config, registry.visible_custom_objects())
        build_config = data.get("build_config")
        if build_config and not getattr(layer, "built", False):
            build_from_config(layer, build_config)
    return layer


def build_from_config(layer: Any, build_config: dict) -> None:
    """Create ``layer``'s weights from the saved ``{"input_shape": ...}``."""
    input_shape = to_shape(build_config.get("input_shape"))
    if input_shape is None:
        return
    layer.build(input_shape)
    # Layer.build only creates weights; mark the layer built as __call__ would.
    layer._build_input_shape = input_shape
    layer.built = True


def _check_layer_dict(data: Any) -> None:
    if not (
        isinstance(data, dict)
        and isinstance(data.get("class_name"), str)
        and isinstance(data.get("config"), dict)
    ):
        shown = sorted(data) if isinstance(data, dict) else type(data).__name__
        raise ValueError(
            "deserialize_layer() expects a dict with 'class_name' (a string) and "
            f"'config' (a dict), as serialize_layer() writes, but received {shown}. "
            "Pass the whole serialized dict, not just layer.get_config() (for that, "
            "use LayerClass.from_config(config))."
        )


def _resolve_class(data: dict) -> type:
    class_name = data["class_name"]
    cls = registry.find_class(class_name, data.get("registered_name"))
    if isinstance(cls, type) and issubclass(cls, Layer):
        return cls
    if cls is not None:
        raise TypeError(
            f"The saved layer '{class_name}' resolved to {cls!r}, which is not a "
            "Layer subclass. Check custom_objects: the key must map to the class."
        )
    shown = data.get("registered_name") or class_name
    raise ValueError(
        f"Cannot load layer class '{shown}': kitlib has no built-in class of that "
        f"name and it is not registered.{did_you_mean(class_name, registry.known_names())}"
        f" Decorate the class with @kitlib.saving.register_serializable() before "
        f"loading, or pass custom_objects={{'{class_name}': {class_name}}}."
    )


def _from_config(cls: type, config: dict, custom_objects: dict | None) -> Any:
    from_config = cls.from_config
    if "custom_objects" in inspect.signature(from_config).parameters:
        return from_config(config, custom_objects=custom_objects)
    return from_config(config)


def _is_unsafe(class_name: str, config: dict) -> bool:
    return class_name in UNSAFE_LAYERS or config.get("unsafe") is True


def _refuse_unsafe(class_name: str, config: dict) -> ValueError:
    """The safe-mode error for a layer that would need Python code to rebuild."""
    name = config.get("function", "my_function")
    layer_name = config.get("name", class_name.lower())
    return ValueError(
        f"Layer '{layer_name}' ({class_name}) cannot be loaded with "
        "safe_mode=True: it wraps a Python function, and a saved file never holds "
        "code kitlib would run, only the function's name. If you trust this file, "
        "pass safe_mode=False and the function itself: load_model(path, "
        f"safe_mode=False, custom_objects={{'{name}': {name}}}). Better: write a "
        "small Layer subclass and register it with "
        "@kitlib.saving.register_serializable()."
    )


__all__ = [
    "UNSAFE_LAYERS",
    "build_from_config",
    "deserialize_layer",
    "serialize_layer",
]
