"""A shared read-only install, as on The Littlest JupyterHub, never breaks a learner.

TLJH installs packages once for everyone, in a folder learners cannot write;
some hubs also give learners a home folder they cannot write to (or none).
Numba then finds no place for its kernel cache, and ``@njit(cache=True)`` would
fail while ``import kitlib`` runs. Here a copy of kitlib and the home folder are
mounted *read-only* (a private mount namespace from ``unshare -m``, so this works
as root too, where plain file permissions are ignored), and a fresh Python
imports kitlib and runs a Numba kernel. kitlib must fall back to a private cache
under ``TMPDIR`` and say so in one notice; a second learner session reuses it.
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

# Bind each folder onto itself, then remount the binding read-only: the files
# stay where they are, but nothing (not even root) can write there.
MOUNT = (
    'for d in "$SITE" "$HOME"; do mount --bind "$d" "$d" && '
    'mount -o remount,bind,ro "$d" || exit 97; done; exec "$@"'
)


def _private_mounts_work() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", "mount --bind / / 2>/dev/null"], capture_output=True
    )
    return probe.returncode == 0


def _run_learner(site: Path, home: Path, tmpdir: Path) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("NUMBA_CACHE_DIR", "XDG_CACHE_HOME", "PYTHONPATH")
    }
    env.update(SITE=str(site), HOME=str(home), TMPDIR=str(tmpdir), PYTHONPATH=str(site))
    command = [sys.executable, "-c", PROBE]
    return subprocess.run(
        ["unshare", "-m", "sh", "-c", MOUNT, "sh", *command],
        cwd=home,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.skipif(not _private_mounts_work(), reason="needs root and `unshare -m`")
def test_kitlib_imports_and_runs_from_a_read_only_install_with_a_read_only_home(
    tmp_path,
):
    site, home, tmpdir = tmp_path / "site", tmp_path / "home", tmp_path / "tmp"
    home.mkdir()
    tmpdir.mkdir()
    package = Path(kitlib.__file__).parent
    shutil.copytree(package, site / "kitlib", ignore=shutil.ignore_patterns("__pycache__"))
    shifted = np.exp(np.array([1.0, 2.0, 3.0]) - 3.0)
    expected = shifted / shifted.sum()
    fallback = tmpdir / f"kitlib-numba-cache-{os.getuid()}"

    first = _run_learner(site, home, tmpdir)
    assert first.returncode == 0, first.stderr
    result = json.loads(first.stdout)
    assert result["file"] == str(site / "kitlib" / "__init__.py")
    np.testing.assert_allclose(result["softmax"][0], expected, rtol=1e-6)
    assert result["cache_path"].startswith(str(fallback))
    assert result["compiled"] == 1
    # One notice for the whole import (32 kernels), naming the folder it chose.
    assert first.stderr.count("Numba cannot write its kernel cache") == 1, first.stderr
    assert str(fallback) in first.stderr
    assert not list((site / "kitlib").rglob("*.nbi")), "nothing was written in the install"

    second = _run_learner(site, home, tmpdir)  # the learner's next kernel
    assert second.returncode == 0, second.stderr
    result = json.loads(second.stdout)
    assert (result["compiled"], result["loaded"]) == (0, 1)
    assert second.stderr.count("Numba cannot write its kernel cache") == 1
