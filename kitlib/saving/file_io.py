"""Writing files atomically and reading kitlib's zip archives with clear errors.

Notebook: ``notebooks/13_saving_and_config.ipynb``.

A save must never destroy the previous good file. :func:`atomic_write` writes
to a temporary file *in the same folder*, flushes it to disk (``fsync``) and
only then renames it over the target with ``os.replace``, which is atomic: at
every instant the path holds either the complete old file or the complete new
one. If anything fails half-way, the temporary file is removed and the old
file is untouched.

Reading turns the many ways a file can be broken (missing, truncated, not a
zip, a member missing, damaged JSON or arrays) into one kind of message: the
file, what was expected, what was found, and what to do.
"""

from __future__ import annotations

import contextlib
import datetime
import importlib.metadata
import io
import json
import os
import sys
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from typing import IO, Any

import numpy as np

#: The first bytes of an HDF5 file (what Keras 2 and h5py write).
_HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"
#: Version of the file layout; loading refuses files from a newer layout.
FORMAT_VERSION = 1


@contextlib.contextmanager
def atomic_write(
    path: str | os.PathLike, overwrite: bool = True
) -> Iterator[IO[bytes]]:
    """Open a temporary file for writing; on success it replaces ``path``.

    Args:
        path: the final file path.
        overwrite: if False and ``path`` exists, refuse instead of replacing it.

    Raises:
        FileExistsError: ``path`` exists and ``overwrite`` is False.
        IsADirectoryError / FileNotFoundError: ``path`` is a folder, or its
            folder does not exist.

    Example:
        >>> import os, tempfile
        >>> target = os.path.join(tempfile.mkdtemp(), "notes.txt")
        >>> with atomic_write(target) as file:
        ...     _ = file.write(b"done")
        >>> open(target, "rb").read()
        b'done'
    """
    path = os.fspath(path)
    _check_target(path, overwrite)
    folder = os.path.dirname(os.path.abspath(path))
    handle, temp_path = tempfile.mkstemp(
        dir=folder, prefix=f".{os.path.basename(path)}.", suffix=".tmp"
    )
    try:
        with os.fdopen(handle, "wb") as file:
            yield file
            file.flush()
            os.fsync(file.fileno())  # the bytes are on disk before the rename
        os.replace(temp_path, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(temp_path)
        raise
    _fsync_folder(folder)


def _check_target(path: str, overwrite: bool) -> None:
    if os.path.isdir(path):
        raise IsADirectoryError(
            f"Cannot save to '{path}': it is a folder, but kitlib saves one file. "
            "Give a file name, e.g. 'model.keras'."
        )
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise FileNotFoundError(
            f"Cannot save to '{path}': the folder '{folder}' does not exist. Create "
            "it first, e.g. os.makedirs(folder, exist_ok=True)."
        )
    if not overwrite and os.path.exists(path):
        raise FileExistsError(
            f"'{path}' already exists and overwrite=False. Pass overwrite=True to "
            "replace it, or choose another file name."
        )


def _fsync_folder(folder: str) -> None:
    """Make the rename itself durable (POSIX); a no-op where folders can't be opened."""
    with contextlib.suppress(OSError, AttributeError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def make_metadata(kind: str, class_name: str) -> dict:
    """``metadata.json``: what the file holds and which kitlib wrote it, when."""
    return {
        "format": f"kitlib.{kind}",
        "format_version": FORMAT_VERSION,
        "kitlib_version": kitlib_version(),
        "date_saved": datetime.datetime.now(datetime.timezone.utc).isoformat(
            timespec="seconds"
        ),
        "class_name": class_name,
    }


def kitlib_version() -> str:
    """The running kitlib's version (``"unknown"`` when it cannot be found)."""
    # NOTE: read at call time: this module is imported while kitlib/__init__ runs.
    version = getattr(sys.modules.get("kitlib"), "__version__", None)
    if version:
        return str(version)
    try:
        return importlib.metadata.version("kitlib")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


# --- writing members ----------------------------------------------------------------
def json_bytes(value: Any) -> bytes:
    """``value`` as indented UTF-8 JSON (readable when the zip is opened by hand)."""
    return json.dumps(value, indent=2, allow_nan=True).encode("utf-8")


def npz_bytes(arrays: dict[str, np.ndarray]) -> bytes:
    """The bytes of an ``.npz`` file holding ``arrays`` under their keys."""
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def write_archive(file: IO[bytes], members: dict[str, bytes]) -> None:
    """Write ``members`` (name -> bytes) into a zip archive, in order."""
    with zipfile.ZipFile(file, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


# --- reading --------------------------------------------------------------------------
def file_error(path: str, expected: str, found: str, hint: str) -> ValueError:
    """A ValueError in kitlib's file-message form."""
    return ValueError(f"'{path}' should be {expected}, but {found}. {hint}")


def read_archive(path: str | os.PathLike, expected: str) -> dict[str, bytes]:
    """Every member of the zip at ``path`` (name -> bytes), with readable errors.

    Args:
        path: the file to read.
        expected: what the file should be, for messages ("a kitlib model file
            (a zip with config.json, ...)").

    Raises:
        FileNotFoundError: no such file.
        ValueError: not a zip, truncated or damaged.
    """
    path = os.fspath(path)
    if not os.path.isfile(path):
        where = "a folder" if os.path.isdir(path) else "no such file"
        raise FileNotFoundError(
            f"Cannot load '{path}': it is {where}. Check the path (relative paths "
            f"start in {os.getcwd()})."
        )
    with open(path, "rb") as file:
        head = file.read(8)
    if head.startswith(_HDF5_SIGNATURE):
        raise file_error(path, expected, "it is an HDF5 file (written by Keras or h5py)",
                         "kitlib reads only the zip files its own save() writes; "
                         "rebuild the model in kitlib and load weights array by array "
                         "with set_weights().")  # fmt: skip
    try:
        with zipfile.ZipFile(path) as archive:
            return {name: archive.read(name) for name in archive.namelist()}
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        EOFError,
        OSError,
    ) as error:
        raise file_error(
            path, expected, f"it is not a readable zip archive ({error})",
            "It may be truncated (a copy or download that stopped early) or "
            "damaged. Save it again, or use an older intact copy.",
        ) from None  # fmt: skip


def member(members: dict[str, bytes], name: str, path: str, expected: str) -> bytes:
    """The bytes of member ``name``, or an error listing what the zip holds."""
    if name not in members:
        raise file_error(
            path, expected, f"it has no '{name}' (it holds {sorted(members) or 'nothing'})",
            "The file was not written by kitlib's save(), or writing it failed.",
        )  # fmt: skip
    return members[name]


def parse_json(data: bytes, name: str, path: str) -> Any:
    """Decode JSON member ``name`` of ``path``."""
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise file_error(
            path, f"a kitlib file whose '{name}' is JSON",
            f"'{name}' cannot be parsed ({error})",
            "The file is damaged (or was edited by hand); save the model again.",
        ) from None  # fmt: skip


def parse_npz(data: bytes, name: str, path: str) -> dict[str, np.ndarray]:
    """Decode an ``.npz`` (never unpickling: ``allow_pickle=False``)."""
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            return {key: npz[key] for key in npz.files}
    except (ValueError, OSError, EOFError, zipfile.BadZipFile, zlib.error) as error:
        raise file_error(
            path, f"a kitlib file whose '{name}' holds NumPy arrays",
            f"'{name}' cannot be read ({error})",
            "The arrays are damaged, or hold Python objects kitlib refuses to "
            "unpickle for safety. Save the weights again.",
        ) from None  # fmt: skip


__all__ = [
    "atomic_write",
    "file_error",
    "json_bytes",
    "kitlib_version",
    "make_metadata",
    "member",
    "npz_bytes",
    "parse_json",
    "parse_npz",
    "read_archive",
    "write_archive",
]
