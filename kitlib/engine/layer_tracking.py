"""Attribute tracking: sub-layers and Variables found through ``__setattr__``.

Notebook: ``notebooks/07_subclassing.ipynb``.

When you write ``self.dense = Dense(4)`` inside a layer or model, ``__setattr__``
notes the attribute name. ``weights``, ``layers`` and friends are then computed
from the *current* values of those attributes, so lists and dicts of layers
(``self.blocks = [Dense(4), Dense(4)]``), later appends, and re-assignments are
all seen, in assignment order.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kitlib.tensor import Variable
from kitlib.utils.errors import fmt_shape
from kitlib.utils.nest import flatten

# Bookkeeping lists of the base classes that never hold weights or layers: not
# tracked, so the weight search (run several times per training step) skips them.
# ``_created_variables`` is read directly by ``_own_variables_and_layers``;
# ``_compile_config`` holds the compile() arguments (optimizer, losses), whose
# variables are not the model's weights, as in Keras.
_BOOKKEEPING = frozenset(
    ("_tracked_attrs", "_inbound_nodes", "_outbound_nodes", "_losses",
     "_build_input_shape", "_batch_input_shape", "_created_variables",
     "_compile_config")
)  # fmt: skip


class LayerTracking:
    """Mixin giving a Layer its ``weights`` lists, found by attribute tracking."""

    def __setattr__(self, name: str, value: Any) -> None:
        if not name.startswith("__") and name not in _BOOKKEEPING:
            tracked = self.__dict__.get("_tracked_attrs")
            if tracked is None:
                raise RuntimeError(
                    f"{type(self).__name__}.__init__ assigned self.{name} before "
                    "calling super().__init__(). Call super().__init__(**kwargs) as the "
                    "first line of __init__: it sets up the weight and sub-layer "
                    "tracking this assignment needs."
                )
            if isinstance(value, Variable | list | tuple | dict) or _is_layer(value):
                tracked[name] = None  # an ordered set of attribute names
        object.__setattr__(self, name, value)

    def _tracked_values(self) -> list[Any]:
        values: list[Any] = []
        attributes = self.__dict__
        for name in self._tracked_attrs:
            value = attributes.get(name)
            # NOTE: most attributes are a Variable or a layer; only containers
            # need the (slower) flatten, and this runs several times per step.
            if isinstance(value, list | tuple | dict):
                values.extend(flatten(value))
            else:
                values.append(value)
        return values

    def _own_variables_and_layers(self) -> tuple[list[Variable], list[Any]]:
        """This layer's own Variables and its direct sub-layers, in one walk."""
        variables: dict[int, Variable] = {id(v): v for v in self._created_variables}
        layers: dict[int, Any] = {}
        for value in self._tracked_values():
            if isinstance(value, Variable):
                variables.setdefault(id(value), value)
            elif _is_layer(value) and value is not self:
                layers.setdefault(id(value), value)
        return list(variables.values()), list(layers.values())

    def _own_variables(self) -> list[Variable]:
        return self._own_variables_and_layers()[0]

    @property
    def _layers(self) -> list[Any]:
        """Direct sub-layers, in the order their attributes were first assigned."""
        return self._own_variables_and_layers()[1]

    def _flatten_layers(self) -> list[Any]:
        """This layer's sub-layers, recursively, each once (depth-first)."""
        result: dict[int, Any] = {}
        for layer in self._layers:
            result.setdefault(id(layer), layer)
            for inner in layer._flatten_layers():
                result.setdefault(id(inner), inner)
        return list(result.values())

    @property
    def trainable(self) -> bool:
        """Whether training updates this layer's weights (setting it freezes sub-layers too)."""
        return self._trainable

    @trainable.setter
    def trainable(self, value: bool) -> None:
        self._trainable = bool(value)
        for layer in self._layers:
            layer.trainable = value

    @property
    def trainable_weights(self) -> list[Variable]:
        """Variables the optimizer updates: own first, then sub-layers'."""
        if not self.trainable:
            return []
        variables, layers = self._own_variables_and_layers()
        own = [v for v in variables if v.trainable]
        return _unique(own + [w for layer in layers for w in layer.trainable_weights])

    @property
    def non_trainable_weights(self) -> list[Variable]:
        """Variables not updated by the optimizer (e.g. moving statistics, frozen)."""
        own = [v for v in self._own_variables() if not (v.trainable and self.trainable)]
        inner = [w for layer in self._layers for w in layer.non_trainable_weights]
        return _unique(own + inner)

    @property
    def weights(self) -> list[Variable]:
        """All weights: trainable first, then non-trainable (Keras order)."""
        return _unique(self.trainable_weights + self.non_trainable_weights)

    @property
    def variables(self) -> list[Variable]:
        """Same as ``weights`` (Keras 3 name)."""
        return self.weights

    @property
    def trainable_variables(self) -> list[Variable]:
        """Same as ``trainable_weights``."""
        return self.trainable_weights

    @property
    def non_trainable_variables(self) -> list[Variable]:
        """Same as ``non_trainable_weights``."""
        return self.non_trainable_weights

    def count_params(self) -> int:
        """Total number of scalars in all weights.

        Raises:
            ValueError: if the layer is not built yet (it has no weights to count).
        """
        if not self.built:
            raise ValueError(
                f"Layer '{self.name}' ({type(self).__name__}) is not built yet, so it "
                "has no weights to count. Call it on an input first, or call "
                "build(input_shape)."
            )
        return int(sum(np.prod(w.shape) for w in self.weights))

    def get_weights(self) -> list[np.ndarray]:
        """Copies of the weights' values, in ``weights`` order."""
        return [w.numpy().copy() for w in self.weights]

    def set_weights(self, weights: list[Any]) -> None:
        """Set all weights from a list of arrays (shapes must match ``weights``).

        Raises:
            ValueError: on a wrong count or shape, listing what was expected.
        """
        own = self.weights
        arrays = [np.asarray(w) for w in weights]
        expected = ", ".join(f"{_short(v.name)} {fmt_shape(v.shape)}" for v in own)
        received = ", ".join(fmt_shape(a.shape) for a in arrays)
        who = f"Layer '{self.name}' ({type(self).__name__})"
        if len(arrays) != len(own):
            raise ValueError(
                f"{who} expects {len(own)} weight arrays [{expected}], but "
                f"set_weights() received {len(arrays)}: [{received}]."
            )
        for index, (var, array) in enumerate(zip(own, arrays, strict=True)):
            if var.shape != array.shape:
                hint = ""
                if array.ndim == 2 and array.shape[::-1] == var.shape:
                    hint = (
                        " kitlib and Keras store Dense kernels as (input_dim, units); "
                        "a PyTorch-style (units, input_dim) matrix needs .T."
                    )
                raise ValueError(
                    f"{who} expects weights [{expected}], but set_weights() received "
                    f"shapes [{received}]. Weight {index} '{_short(var.name)}' should be "
                    f"{fmt_shape(var.shape)}.{hint}"
                )
        for var, array in zip(own, arrays, strict=True):
            var.assign(array)


def _is_layer(value: Any) -> bool:
    return isinstance(value, LayerTracking)


def _unique(variables: list[Variable]) -> list[Variable]:
    return list({id(v): v for v in variables}.values())


def _short(name: str) -> str:
    return name.rsplit("/", 1)[-1]
