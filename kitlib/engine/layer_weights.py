"""``add_weight``'s argument handling: Keras 3 and Keras 2 orders, defaults, checks.

Notebook: ``notebooks/02_layer_lifecycle.ipynb``.
"""

from __future__ import annotations

from typing import Any

from kitlib import constraints, initializers, regularizers
from kitlib.tensor import Variable, to_array
from kitlib.utils.dtypes import is_float, standardize_dtype
from kitlib.utils.errors import fmt_shape

_KERAS3_ORDER = ("shape", "initializer", "dtype", "trainable", "regularizer",
                 "constraint", "name")  # fmt: skip
_KERAS2_ORDER = ("name", "shape", "dtype", "initializer", "regularizer",
                 "trainable", "constraint")  # fmt: skip


def parse_add_weight_args(args: tuple, kwargs: dict) -> dict:
    """Map positional ``add_weight`` arguments to names, in Keras 3 or Keras 2 order."""
    order = _KERAS2_ORDER if args and isinstance(args[0], str) else _KERAS3_ORDER
    if len(args) > len(order):
        raise TypeError(
            f"add_weight() takes at most {len(order)} positional arguments."
        )
    parsed = dict(zip(order, args, strict=False))
    for key, value in kwargs.items():
        if key in parsed:
            raise TypeError(f"add_weight() got multiple values for argument '{key}'.")
        if key not in _KERAS3_ORDER:
            raise TypeError(
                f"add_weight() got an unexpected keyword argument '{key}'. It accepts: "
                f"{', '.join(_KERAS3_ORDER)}."
            )
        parsed[key] = value
    return parsed


def _check_shape(layer: Any, name: str, shape: Any) -> tuple[int, ...]:
    try:
        dims = tuple(int(d) for d in shape)
    except (TypeError, ValueError):
        dims = None
    if dims is None or any(d < 0 for d in dims):
        raise ValueError(
            f"Layer '{layer.name}' ({type(layer).__name__}) tried to create weight "
            f"'{name}' with shape {shape!r}, but a weight shape must be a tuple of "
            "non-negative ints. If it contains None, the input size is not known yet: "
            "create weights in build(input_shape), not in __init__."
        )
    return dims


def make_weight(layer: Any, args: tuple, kwargs: dict) -> tuple[Variable, dict]:
    """Create the Variable for ``layer.add_weight(*args, **kwargs)``.

    Returns:
        The Variable and a small description for the lifecycle trace.
    """
    spec = parse_add_weight_args(args, kwargs)
    name = spec.get("name") or f"variable_{len(layer._created_variables)}"
    shape = _check_shape(layer, name, spec.get("shape") or ())
    dtype = standardize_dtype(spec.get("dtype") or layer.dtype)
    default = "glorot_uniform" if is_float(dtype) else "zeros"
    initializer = initializers.get(spec.get("initializer") or default)
    value = to_array(initializer(shape, dtype=dtype), dtype)
    if value.shape != shape:
        raise ValueError(
            f"The initializer of weight '{name}' returned shape {fmt_shape(value.shape)}, "
            f"but add_weight asked for {fmt_shape(shape)}."
        )
    variable = Variable(
        value,
        name=name,
        trainable=spec.get("trainable", True),
        dtype=dtype,
        constraint=constraints.get(spec.get("constraint")),
    )
    variable.regularizer = regularizers.get(spec.get("regularizer"))
    variable.initializer = initializer
    variable.path = f"{layer.name}/{name}"
    init_name = getattr(initializer, "__name__", type(initializer).__name__)
    return variable, {"name": name, "shape": shape, "initializer": init_name}
