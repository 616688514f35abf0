"""Layer configs made automatically from the constructor arguments.

Notebook: ``notebooks/13_saving_and_config.ipynb``.

``Layer.__new__`` remembers the arguments a layer was created with, so a
simple custom layer gets a working ``get_config`` without writing one, as in
Keras 3. Arguments that are not JSON-friendly need a hand-written
``get_config``.
"""

from __future__ import annotations

import inspect
from typing import Any


def auto_config(layer: Any) -> dict:
    """The constructor arguments of ``layer`` as a JSON-friendly dict.

    Raises:
        NotImplementedError: for an argument that cannot go into JSON.
    """
    args, kwargs = layer._init_args
    bound = inspect.signature(type(layer).__init__).bind_partial(None, *args, **kwargs)
    catch_all = next(
        (
            p.name
            for p in bound.signature.parameters.values()
            if p.kind is p.VAR_KEYWORD
        ),
        None,
    )
    values = {k: v for k, v in bound.arguments.items() if k not in ("self", catch_all)}
    values.update(bound.arguments.get(catch_all, {}))
    for key, value in values.items():
        if not isinstance(value, str | int | float | bool | list | tuple | dict | None):
            raise NotImplementedError(
                f"Layer {type(layer).__name__} cannot describe argument '{key}' "
                f"({type(value).__name__}) in its config automatically. Override "
                "get_config() to return JSON-friendly values for every __init__ argument."
            )
    return values
