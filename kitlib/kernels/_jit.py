"""The one ``njit`` wrapper every kernel uses: caching and its fallbacks live here.

Notebook: ``notebooks/12_numba_kernels.ipynb``.

Numba compiles a kernel the first time it is called with a new combination of
argument types (its *signature*), which takes from a fraction of a second to a
few seconds. ``cache=True`` writes the machine code next to the source (in
``__pycache__``), or into ``NUMBA_CACHE_DIR`` when set, so the next Python
process loads it in milliseconds instead of compiling again.

A learner must never be stopped by the cache: on a read-only install with an
unwritable home directory Numba raises ``RuntimeError`` ("no locator
available") while decorating. ``njit`` then moves the cache to a private folder
under the temporary directory, or, if even that fails, compiles without a
cache, and says so once with ``warnings.warn``.

Set ``NUMBA_DISABLE_JIT=1`` to run every kernel as plain Python (slow, but you
can step through it with a debugger or add prints).
"""

from __future__ import annotations

import os
import stat
import tempfile
import warnings
from collections.abc import Callable
from typing import Any

import numba

# "cache": whether to ask Numba for an on-disk cache; "folder": the fallback
# folder once chosen; "notices": the messages already shown (each one once).
_state: dict[str, Any] = {"cache": True, "notices": set()}


def njit(parallel: bool = False) -> Callable[[Callable], Callable]:
    """Decorator: compile a kernel with Numba, cached on disk, exact float math.

    Args:
        parallel: let Numba run ``prange`` loops on several threads. kitlib's
            kernels leave it off: a parallel version takes 5-8x longer to
            compile, and inside a training loop its threads fight OpenBLAS's
            own threads for the cores (measured on 2 cores: the fused
            bias + relu kernel alone 2x faster, the CNN epoch 3.3x slower).

    Returns:
        A decorator turning a plain Python function into a Numba dispatcher.

    Example:
        >>> @njit()
        ... def twice(x):
        ...     return 2.0 * x
        >>> twice(1.5)
        3.0
    """

    def decorate(func: Callable) -> Callable:
        return _compile(func, parallel)

    return decorate


def _compile(func: Callable, parallel: bool) -> Callable:
    # NOTE: fastmath stays off so results match NumPy bit for bit where they
    # can (no reassociated sums, inf/nan handled by the IEEE rules).
    # error_model="numpy": x / 0 gives inf or nan as in NumPy, instead of
    # Python's ZeroDivisionError. Python's rule needs a zero check before every
    # division, which stops LLVM from vectorizing the loop (measured: a
    # division loop over 200k float32 runs ~6x faster without the check).
    options = {"parallel": parallel, "fastmath": False, "error_model": "numpy"}
    for _ in range(2):  # the second try runs with the fallback folder
        if not _state["cache"]:
            break
        try:
            return numba.njit(cache=True, **options)(func)
        except (OSError, RuntimeError) as error:
            if not os.path.exists(func.__code__.co_filename):
                # Defined in a doctest or an exec'd string: there is no source
                # file to key a cache on, and nothing the user could fix.
                break
            _fall_back(error)
    return numba.njit(cache=False, **options)(func)


def _fall_back(error: Exception) -> None:
    """Point Numba at a private temp folder, or give up caching for this process."""
    folder = None if "folder" in _state else _temp_cache()
    if folder is None:  # no folder, or the fallback folder failed too
        _state["cache"] = False
        _notice(f"compiling without a cache ({error})")
        return
    _state["folder"] = folder
    # Numba reads config.CACHE_DIR each time it decorates, so this redirects
    # the kernels defined from now on (and any other cached function).
    numba.config.CACHE_DIR = folder
    _notice(f"caching compiled kernels in {folder} instead ({error})")


def _temp_cache() -> str | None:
    """A cache folder only this user can write to, reused across sessions if safe."""
    try:
        base = tempfile.gettempdir()
        uid = os.getuid() if hasattr(os, "getuid") else 0
        folder = os.path.join(base, f"kitlib-numba-cache-{uid}")
        os.makedirs(folder, mode=0o700, exist_ok=True)
        info = os.lstat(folder)
        # NOTE: Numba's cache files are pickles and loading one runs code, so
        # a shared folder (a symlink, someone else's, writable by others) is
        # never reused: a fresh private one is made instead.
        unsafe = not stat.S_ISDIR(info.st_mode) or (
            info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
        )
        if hasattr(os, "getuid") and (info.st_uid != uid or unsafe):
            folder = tempfile.mkdtemp(prefix="kitlib-numba-cache-")
        tempfile.TemporaryFile(dir=folder).close()
        return folder
    except OSError:
        return None


def _notice(message: str) -> None:
    if message not in _state["notices"]:
        _state["notices"].add(message)
        warnings.warn(
            f"kitlib: Numba cannot write its kernel cache, so {message}.",
            RuntimeWarning,
            stacklevel=2,
        )
