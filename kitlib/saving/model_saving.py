"""``ModelSaving``: the saving methods of ``Model`` (a mixin, one screen long).

Notebook: ``notebooks/13_saving_and_config.ipynb``.

* ``save``/``save_weights``/``load_weights`` call ``model_file`` and
  ``weights_file``; both write atomically, so ``ModelCheckpoint`` (and anyone
  else) never leaves a half-written file behind.
* ``get_config``/``from_config`` describe a model three ways:

  - a functional model (``Model(inputs, outputs)``) -> its graph
    (``functional_config``): layers once, then the calls between them;
  - a subclassed model -> its ``__init__`` arguments, captured automatically
    as for layers (override ``get_config`` when they are not plain values);
  - ``Sequential`` -> its own ``get_config`` (the list of layers).
"""

from __future__ import annotations

import inspect
import os
from typing import Any

from kitlib.engine.layer import Layer
from kitlib.engine.layer_config import auto_config
from kitlib.saving import functional_config, model_file, weights_file
from kitlib.utils import registry


class ModelSaving:
    """Mixin for ``Model``: save/load files and describe the model as a config."""

    def save(
        self,
        filepath: str | os.PathLike,
        overwrite: bool = True,
        include_optimizer: bool = True,
    ) -> None:
        """Save architecture, weights, compile settings and optimizer to one file.

        Any extension works (``.keras``, ``.h5``, ``.zip``): the file is always
        kitlib's zip, written atomically. Load it with
        ``kitlib.models.load_model(filepath)``.
        """
        model_file.save_model(self, filepath, overwrite, include_optimizer)

    def save_weights(self, filepath: str | os.PathLike, overwrite: bool = True) -> None:
        """Save only the weights (``.npz`` -> plain NumPy file, else kitlib's zip)."""
        weights_file.save_weights(self, filepath, overwrite)

    def load_weights(self, filepath: str | os.PathLike) -> None:
        """Load weights from ``save_weights`` or ``save`` (counts and shapes checked)."""
        weights_file.load_weights(self, filepath)

    def get_config(self) -> dict:
        """The graph (functional models) or the ``__init__`` arguments (subclasses)."""
        if _is_functional(self):
            return functional_config.get_functional_config(self)
        config = Layer.get_config(self)
        # Layer.get_config skips the automatic __init__ capture because this
        # class defines get_config; do it here unless a subclass wrote its own.
        subclass_init = _init_of(type(self)) is not _init_of(_model_class(self))
        if subclass_init and type(self).get_config is ModelSaving.get_config:
            config.update(auto_config(self))
        return config

    @classmethod
    def from_config(cls, config: dict, custom_objects: dict | None = None) -> Any:
        """Rebuild a model from :meth:`get_config` (a graph or ``__init__`` args)."""
        with registry.custom_object_scope(custom_objects):
            if functional_config.is_functional_config(config) and _takes_graph(cls):
                return functional_config.functional_from_config(cls, config)
            return super().from_config(config)


def _is_functional(model: Any) -> bool:
    """A graph model whose class is built from ``(inputs, outputs)``."""
    return getattr(model, "_functional", None) is not None and _takes_graph(type(model))


def _takes_graph(cls: type) -> bool:
    parameters = inspect.signature(cls.__init__).parameters
    return "inputs" in parameters and "outputs" in parameters


def _model_class(model: Any) -> type:
    """The ``Model`` class itself: the first base after this mixin's users."""
    for cls in type(model).__mro__:
        if ModelSaving in cls.__bases__:
            return cls
    return type(model)


def _init_of(cls: type) -> Any:
    return cls.__init__


__all__ = ["ModelSaving"]
