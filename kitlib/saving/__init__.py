"""Saving and loading: configs, whole-model files and weights files.

Notebook: ``notebooks/13_saving_and_config.ipynb``.

* ``model.save(path)`` / :func:`load_model` -- one zip file with the
  architecture (``config.json``), weights, compile settings and optimizer state.
* ``model.save_weights(path)`` / ``model.load_weights(path)`` -- weights only.
* :func:`serialize_layer` / :func:`deserialize_layer` -- a layer as a dict.
* :func:`register_serializable` -- make your own classes loadable by name.

Nothing here unpickles or runs code from a file.
"""

from kitlib.saving.model_file import load_model, save_model
from kitlib.saving.serialization import deserialize_layer, serialize_layer
from kitlib.saving.weights_file import load_weights, save_weights
from kitlib.utils.registry import (
    custom_object_scope,
    get_custom_objects,
    get_registered_name,
    get_registered_object,
    register_serializable,
)

__all__ = [
    "custom_object_scope",
    "deserialize_layer",
    "get_custom_objects",
    "get_registered_name",
    "get_registered_object",
    "load_model",
    "load_weights",
    "register_serializable",
    "save_model",
    "save_weights",
    "serialize_layer",
]
