"""``model.save(path)`` and ``kitlib.models.load_model(path)``: one zip file.

Notebook: ``notebooks/13_saving_and_config.ipynb``.

The file is a plain zip archive; unzip it to look inside:

* ``metadata.json``: ``{"format": "kitlib.model", "format_version",
  "kitlib_version", "date_saved", "class_name"}``;
* ``config.json``: the model's class name and ``get_config()`` (for a
  functional model: its layers and the calls between them), its build shape,
  and ``compile_config`` (optimizer, loss, metrics) when it was compiled;
* ``model.weights.npz``: every weight, keyed ``"0003/dense_1/kernel"``;
* ``optimizer.weights.npz``: the optimizer's variables (step count, learning
  rate, slot variables), so ``fit`` continues exactly where it stopped.

The extension does not matter: ``.keras``, ``.h5`` or ``.zip`` all get this
zip (never HDF5). Writing is atomic (see ``file_io.atomic_write``): a crash
while saving leaves the previous file intact. Loading never unpickles and
never runs code from the file; classes are found by name only.
"""

from __future__ import annotations

import os
from typing import Any

from kitlib.saving import file_io
from kitlib.saving.compile_config import (
    compile_from_config,
    get_compile_config,
    optimizer_state,
    restore_optimizer_state,
)
from kitlib.saving.serialization import deserialize_layer, serialize_layer
from kitlib.saving.weights_file import WEIGHTS_MEMBER, assign_arrays, weights_to_arrays
from kitlib.utils import registry

METADATA_MEMBER = "metadata.json"
CONFIG_MEMBER = "config.json"
OPTIMIZER_MEMBER = "optimizer.weights.npz"
_EXPECTED = (
    "a kitlib model file (a zip holding metadata.json, config.json and "
    "model.weights.npz, as model.save() writes)"
)


def save_model(
    model: Any,
    filepath: str | os.PathLike,
    overwrite: bool = True,
    include_optimizer: bool = True,
) -> None:
    """Write ``model`` (config, weights, compile settings, optimizer) to one file.

    Args:
        model: the model (or any layer) to save.
        filepath: the file to write; any extension (``.keras`` is customary).
        overwrite: replace an existing file (False raises FileExistsError).
        include_optimizer: also store the optimizer's state, so training can resume.

    Example:
        >>> import os, tempfile, kitlib
        >>> x = kitlib.Input(shape=(3,))
        >>> model = kitlib.Model(x, kitlib.layers.Dense(2)(x))
        >>> path = os.path.join(tempfile.mkdtemp(), "model.keras")
        >>> save_model(model, path)
        >>> load_model(path).layers[1].units
        2
    """
    config = serialize_layer(model)
    compile_config = get_compile_config(model)
    if compile_config is not None:
        config["compile_config"] = compile_config
    metadata = file_io.make_metadata("model", type(model).__name__)
    members = {
        CONFIG_MEMBER: file_io.json_bytes(config),
        WEIGHTS_MEMBER: file_io.npz_bytes(weights_to_arrays(model)),
    }
    state = optimizer_state(model) if include_optimizer and compile_config else None
    if state is not None:
        members[OPTIMIZER_MEMBER] = file_io.npz_bytes(state[0])
        metadata["optimizer_built_for"] = state[1]
    members = {METADATA_MEMBER: file_io.json_bytes(metadata), **members}
    with file_io.atomic_write(filepath, overwrite) as file:
        file_io.write_archive(file, members)


def load_model(
    filepath: str | os.PathLike,
    custom_objects: dict[str, Any] | None = None,
    safe_mode: bool = True,
    compile: bool = True,  # noqa: A002 - Keras's argument name
) -> Any:
    """Rebuild a model saved by ``model.save``: architecture, weights, optimizer.

    Args:
        filepath: the saved file.
        custom_objects: ``{"MyLayer": MyLayer, "my_loss": my_loss}`` for your own
            classes and functions (or register them with ``register_serializable``).
        safe_mode: refuse layers that wrap Python functions (``Lambda``); pass
            False only for files you trust.
        compile: compile the model as it was saved and restore the optimizer.

    Returns:
        The model, with bit-identical weights.

    Raises:
        FileNotFoundError: no such file.
        ValueError: a file that is not a kitlib model, truncated or damaged, or
            whose weights do not match its architecture; a Lambda in safe mode.
    """
    path = os.fspath(filepath)
    members = file_io.read_archive(path, _EXPECTED)
    metadata = _read_json(members, METADATA_MEMBER, path)
    _check_metadata(metadata, path)
    config = _read_json(members, CONFIG_MEMBER, path)
    with registry.custom_object_scope(custom_objects):
        try:
            model = deserialize_layer(config, safe_mode=safe_mode)
        except KeyError as error:
            raise file_io.file_error(
                path, _EXPECTED, f"its config.json lacks the entry {error}",
                "The file is damaged or was edited by hand; save the model again.",
            ) from None  # fmt: skip
        weights = file_io.member(members, WEIGHTS_MEMBER, path, _EXPECTED)
        arrays = file_io.parse_npz(weights, WEIGHTS_MEMBER, path)
        assign_arrays(model, arrays, path, strict_names=True)
        compile_config = config.get("compile_config")
        if compile and compile_config:
            compile_from_config(model, compile_config)
            if OPTIMIZER_MEMBER in members:
                state = file_io.parse_npz(
                    members[OPTIMIZER_MEMBER], OPTIMIZER_MEMBER, path
                )
                built_for = metadata.get("optimizer_built_for", [])
                restore_optimizer_state(model, state, built_for, path)
    return model


def _read_json(members: dict[str, bytes], name: str, path: str) -> Any:
    value = file_io.parse_json(
        file_io.member(members, name, path, _EXPECTED), name, path
    )
    if not isinstance(value, dict):
        raise file_io.file_error(
            path, f"a kitlib file whose '{name}' holds a JSON object",
            f"it holds {type(value).__name__}", "The file is damaged; save it again.",
        )  # fmt: skip
    return value


def _check_metadata(metadata: dict, path: str) -> None:
    kind = metadata.get("format")
    if kind == "kitlib.weights":
        raise file_io.file_error(
            path, _EXPECTED, "it is a weights-only file (written by save_weights())",
            "Build the same model in code, then call model.load_weights(path).",
        )  # fmt: skip
    if kind != "kitlib.model":
        raise file_io.file_error(
            path, _EXPECTED, f"its metadata.json says format={kind!r}",
            "Only files written by kitlib's model.save() can be loaded.",
        )  # fmt: skip
    version = metadata.get("format_version")
    if not isinstance(version, int) or version > file_io.FORMAT_VERSION:
        raise file_io.file_error(
            path, f"file format version <= {file_io.FORMAT_VERSION}",
            f"it has format_version={version!r} (written by kitlib "
            f"{metadata.get('kitlib_version', '?')})",
            f"Upgrade kitlib (this is {file_io.kitlib_version()}) to load it.",
        )  # fmt: skip


__all__ = ["load_model", "save_model"]
