"""A shared read-only install, as on The Littlest JupyterHub, never breaks a learner.

TLJH installs packages once for everyone, in a folder learners cannot write;
some hubs also give learners a home folder they cannot write to (or none).
Numba then finds no place for its kernel cache, and ``@njit(cache=True)`` would
fail while ``import kitlib`` runs. Here a copy of kitlib and the home folder are
mounted *read-only* (a private mount namespace from ``unshare -m``, so this works
as root too, where plain file permissions are ignored), and a fresh Python
imports kitlib and runs a Numba kernel. kitlib must fall back to a private cache
under ``TMPDIR`` and say so in one notice; a second learner session reuses it.
The second test backs the workshop guide's recipe: Numba skips a pre-warmed
cache it cannot write to, but uses a private copy of it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import kitlib

pytestmark = pytest.mark.skipif(
    os.environ.get("NUMBA_DISABLE_JIT") == "1", reason="nothing is compiled or cached"
)

PROBE = """\
import json
import numpy as np
import kitlib
from kitlib import ops
from kitlib.ops._nn_utils import kernel_dispatchers

y = ops.softmax(np.array([[1.0, 2.0, 3.0]], dtype="float32")).numpy()
kernel = kernel_dispatchers()["activations.softmax_forward"]
print(json.dumps({
    "file": kitlib.__file__,
    "softmax": y.tolist(),
    "cache_path": kernel.stats.cache_path,
    "compiled": sum(kernel.stats.cache_misses.values()),
    "loaded": sum(kernel.stats.cache_hits.values()),
}))
"""

# Bind each folder in $READONLY onto itself, then remount the binding read-only:
# the files stay where they are, but nothing (not even root) can write there.
MOUNT = (
    'for d in $READONLY; do mount --bind "$d" "$d" && '
    'mount -o remount,bind,ro "$d" || exit 97; done; exec "$@"'
)
NOTICE = "Numba cannot write its kernel cache"
needs_mounts = pytest.mark.skipif(
    shutil.which("unshare") is None
    or subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode != 0,
    reason="needs root and `unshare -m` for read-only bind mounts",
)


def _run_learner(
    site: Path,
    home: Path,
    tmpdir: Path,
    readonly: list[Path],
    cache: Path | None = None,
) -> subprocess.CompletedProcess:
    """Run PROBE in a fresh Python with ``readonly`` folders mounted read-only."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("NUMBA_CACHE_DIR", "XDG_CACHE_HOME", "PYTHONPATH")
    }
    env.update(HOME=str(home), TMPDIR=str(tmpdir), PYTHONPATH=str(site))
    env["READONLY"] = " ".join(str(folder) for folder in readonly)
    if cache is not None:
        env["NUMBA_CACHE_DIR"] = str(cache)
    command = [sys.executable, "-c", PROBE]
    return subprocess.run(
        ["unshare", "-m", "sh", "-c", MOUNT, "sh", *command],
        cwd=tmpdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _install_copy(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A copy of kitlib with no compiled cache, an empty home and a temp folder."""
    site, home, tmpdir = tmp_path / "site", tmp_path / "home", tmp_path / "tmp"
    home.mkdir()
    tmpdir.mkdir()
    package = Path(kitlib.__file__).parent
    shutil.copytree(
        package, site / "kitlib", ignore=shutil.ignore_patterns("__pycache__")
    )
    return site, home, tmpdir


@needs_mounts
def test_kitlib_imports_and_runs_from_a_read_only_install_with_a_read_only_home(
    tmp_path,
):
    site, home, tmpdir = _install_copy(tmp_path)
    shifted = np.exp(np.array([1.0, 2.0, 3.0]) - 3.0)
    expected = shifted / shifted.sum()
    fallback = tmpdir / f"kitlib-numba-cache-{os.getuid()}"

    first = _run_learner(site, home, tmpdir, [site, home])
    assert first.returncode == 0, first.stderr
    result = json.loads(first.stdout)
    assert result["file"] == str(site / "kitlib" / "__init__.py")
    np.testing.assert_allclose(result["softmax"][0], expected, rtol=1e-6)
    assert result["cache_path"].startswith(str(fallback))
    assert result["compiled"] == 1
    # One notice for the whole import (32 kernels), naming the folder it chose.
    assert first.stderr.count(NOTICE) == 1, first.stderr
    assert str(fallback) in first.stderr
    assert not list((site / "kitlib").rglob("*.nbi")), (
        "nothing was written in the install"
    )

    second = _run_learner(site, home, tmpdir, [site, home])  # the learner's next kernel
    assert second.returncode == 0, second.stderr
    result = json.loads(second.stdout)
    assert (result["compiled"], result["loaded"]) == (0, 1)
    assert second.stderr.count(NOTICE) == 1


@needs_mounts
def test_a_read_only_shared_cache_is_skipped_but_a_private_copy_of_it_is_used(
    tmp_path,
):
    # The guide's advice, checked: Numba ignores a pre-warmed cache it cannot
    # write to, so the workshop recipe copies it into each learner's home.
    site, home, tmpdir = _install_copy(tmp_path)
    seed = tmp_path / "seed"
    warmed = _run_learner(site, home, tmpdir, [], cache=seed)  # the admin warms it
    assert json.loads(warmed.stdout)["compiled"] == 1, warmed.stderr

    shared = _run_learner(site, home, tmpdir, [site, seed], cache=seed)
    assert shared.returncode == 0, shared.stderr
    result = json.loads(shared.stdout)
    assert result["compiled"] == 1, "Numba does not read a cache it cannot write"
    assert result["cache_path"].startswith(str(home))  # Numba's own ~/.cache/numba
    assert NOTICE not in shared.stderr  # a writable home is a fine place: no notice

    private = home / ".cache" / "kitlib-numba"
    shutil.copytree(seed, private)  # what the guide's jupyter_server_config.py does
    copied = _run_learner(site, home, tmpdir, [site, seed], cache=private)
    assert copied.returncode == 0, copied.stderr
    result = json.loads(copied.stdout)
    assert (result["compiled"], result["loaded"]) == (0, 1)
    assert result["cache_path"].startswith(str(private))
