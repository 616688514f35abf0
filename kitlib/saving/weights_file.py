"""``save_weights``/``load_weights``: only the numbers, checked on the way back in.

Notebook: ``notebooks/13_saving_and_config.ipynb``.

Every weight gets a key ``"0003/dense_1/kernel"``: its position in the model
(layers in order, each layer's own weights in creation order, then its
sub-layers) and its path (layer names down to the weight name). Loading goes
by position, as Keras does, so a freshly built copy of the architecture with
different auto-names (``dense_7``) still loads; the counts and every shape
are checked first, and the saved names appear in each message.

Formats: a path ending in ``.npz`` gets a plain NumPy ``.npz`` (open it with
``np.load``); any other name (``.weights.h5``, ``.h5``, ``.zip``,
``checkpoint1.h5``...) gets kitlib's zip with ``metadata.json`` and
``model.weights.npz``. It is never HDF5, whatever the extension says.
``load_weights`` also reads a full ``model.save`` file.
"""

from __future__ import annotations

import os
import re
from typing import Any

import numpy as np

from kitlib.saving import file_io
from kitlib.tensor import Variable
from kitlib.utils.errors import fmt_shape

WEIGHTS_MEMBER = "model.weights.npz"
_KEY = re.compile(r"^(\d+)/(.*)$")
_EXPECTED = "a kitlib weights file (an .npz, or a zip holding model.weights.npz)"


def weight_items(model: Any) -> list[tuple[str, Variable]]:
    """``[(path, variable)]`` in save order; a shared variable appears once."""
    items: list[tuple[str, Variable]] = []
    seen: set[int] = set()

    def visit(layer: Any, prefix: str) -> None:
        for variable in layer._own_variables():
            if id(variable) not in seen:
                seen.add(id(variable))
                items.append((f"{prefix}{_short(str(variable.name))}", variable))
        for sub_layer in layer._layers:
            visit(sub_layer, f"{prefix}{sub_layer.name}/")

    visit(model, "")
    return items


def weights_to_arrays(model: Any) -> dict[str, np.ndarray]:
    """``{"0000/dense/kernel": array, ...}``: what a weights file stores."""
    return {
        f"{index:04d}/{path}": np.asarray(variable.value)
        for index, (path, variable) in enumerate(weight_items(model))
    }


def assign_arrays(
    model: Any, arrays: dict[str, np.ndarray], source: str, strict_names: bool = False
) -> None:
    """Check ``arrays`` against the model's weights, then assign them all.

    Nothing is assigned unless every count and shape matches.

    Raises:
        ValueError: naming the file, the weight, and both shapes or counts.
    """
    saved = ordered_arrays(arrays, source)
    items = weight_items(model)
    who = f"Model '{model.name}' ({type(model).__name__})"
    if len(saved) != len(items):
        raise ValueError(_count_message(who, items, saved, source, strict_names))
    for index, ((path, variable), (saved_path, array)) in enumerate(
        zip(items, saved, strict=True)
    ):
        # Layer names may differ (a subclassed model's layers get fresh
        # auto-names when it is rebuilt); the weight's own name may not.
        if strict_names and _short(path) != _short(saved_path):
            raise file_io.file_error(
                source, f"weight {index} named '{path}'", f"it is named '{saved_path}'",
                "The weights do not belong to the model described in the same file.",
            )  # fmt: skip
        if tuple(variable.shape) != array.shape:
            layer = path.rsplit("/", 1)[0] if "/" in path else model.name
            raise ValueError(
                f"{who} expects weight {index} '{path}' (layer '{layer}') to have "
                f"shape {fmt_shape(variable.shape)}, but '{source}' holds shape "
                f"{fmt_shape(array.shape)} for it (saved as '{saved_path}'). The file "
                "comes from a model with other layer sizes: build the same "
                "architecture, or load the whole model with load_model()."
            )
    for (_, variable), (_, array) in zip(items, saved, strict=True):
        variable.assign(array.astype(variable.dtype, copy=False))


def save_weights(
    model: Any, filepath: str | os.PathLike, overwrite: bool = True
) -> None:
    """Write ``model``'s weights to ``filepath`` atomically (see module doc).

    Example:
        >>> import os, tempfile
        >>> from kitlib.layers import Dense
        >>> layer = Dense(2); _ = layer([[1.0, 2.0]])
        >>> path = os.path.join(tempfile.mkdtemp(), "dense.npz")
        >>> save_weights(layer, path)
        >>> sorted(np.load(path).files)
        ['0000/kernel', '0001/bias']
    """
    arrays = weights_to_arrays(model)
    with file_io.atomic_write(filepath, overwrite) as file:
        if os.fspath(filepath).endswith(".npz"):
            file.write(file_io.npz_bytes(arrays))
            return
        metadata = file_io.make_metadata("weights", type(model).__name__)
        file_io.write_archive(file, {
            "metadata.json": file_io.json_bytes(metadata),
            WEIGHTS_MEMBER: file_io.npz_bytes(arrays),
        })  # fmt: skip


def load_weights(model: Any, filepath: str | os.PathLike) -> None:
    """Load weights saved by ``save_weights`` (or ``save``) into ``model``.

    Raises:
        FileNotFoundError: no such file.
        ValueError: a damaged file, or counts/shapes that do not match the model.
    """
    path = os.fspath(filepath)
    members = file_io.read_archive(path, _EXPECTED)
    if WEIGHTS_MEMBER in members:
        arrays = file_io.parse_npz(members[WEIGHTS_MEMBER], WEIGHTS_MEMBER, path)
    elif members and all(name.endswith(".npy") for name in members):
        with open(path, "rb") as file:
            arrays = file_io.parse_npz(file.read(), "the .npz", path)
    else:
        file_io.member(members, WEIGHTS_MEMBER, path, _EXPECTED)  # raises
    assign_arrays(model, arrays, path)


def ordered_arrays(
    arrays: dict[str, np.ndarray], source: str
) -> list[tuple[str, np.ndarray]]:
    """``[(path, array)]`` sorted by the ``"0003/"`` position prefix of each key."""
    entries = []
    for key, array in arrays.items():
        match = _KEY.match(key)
        if match is None:
            raise file_io.file_error(
                source, "weights stored under keys like '0000/dense/kernel'",
                f"it holds the key '{key}'",
                "It was not written by kitlib's save_weights(). For arrays from "
                "elsewhere, use model.set_weights([...]) in the model's weight order.",
            )  # fmt: skip
        entries.append((int(match.group(1)), match.group(2), array))
    entries.sort(key=lambda entry: entry[0])
    return [(path, array) for _, path, array in entries]


def _short(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def _count_message(
    who: str, items: list, saved: list, source: str, same_file: bool
) -> str:
    def listing(pairs: list) -> str:
        shown = [f"{path} {fmt_shape(np.shape(value))}" for path, value in pairs[:6]]
        return ", ".join(shown) + (", ..." if len(pairs) > 6 else "")

    if not items and same_file:
        hint = (
            "The model rebuilt from the file has no weights: kitlib could not build "
            "it from a saved input shape (a subclassed model first called on a list "
            "or dict of inputs). Create it in code, call it once on data, then use "
            "model.load_weights(path), which also reads model files."
        )
    elif not items:
        hint = (
            "The model has no weights yet (it is not built): call it on data or "
            "model.build(input_shape) first."
        )
    elif same_file:
        hint = (
            "The weights do not belong to the model described in the same file: it "
            "is damaged or was assembled by hand. Save the model again."
        )
    else:
        hint = (
            "The file was saved from a different architecture: rebuild the same "
            "layers, or load the whole model with load_model()."
        )
    return (
        f"{who} has {len(items)} weights [{listing(items)}], but '{source}' holds "
        f"{len(saved)} arrays [{listing(saved)}]. {hint}"
    )


__all__ = [
    "assign_arrays",
    "load_weights",
    "ordered_arrays",
    "save_weights",
    "weight_items",
    "weights_to_arrays",
]
