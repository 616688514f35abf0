"""The njit wrapper never breaks a learner: unwritable caches fall back, with a notice.

Root ignores file permissions, so "unwritable" is simulated with paths that
cannot be directories: they go *through a regular file* (``blocker/cache``).
Each scenario runs in a fresh interpreter, because the fallback changes
process-wide Numba settings.
"""

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import kitlib.kernels._jit as jit_module

pytestmark = pytest.mark.skipif(
    os.environ.get("NUMBA_DISABLE_JIT") == "1", reason="nothing is compiled or cached"
)

PROBE = """
import warnings
warnings.simplefilter("always")
import kjit
{patch}
@kjit.njit()
def add_one(x):
    return x + 1.0

print(add_one(1.0))
print(add_one.stats.cache_path)
"""


def _run_probe(
    tmp_path: Path, tmpdir: Path, patch: str = ""
) -> subprocess.CompletedProcess:
    """Run a cached kernel from a folder where no cache location works."""
    case = tmp_path / "case"
    case.mkdir()
    shutil.copy(jit_module.__file__, case / "kjit.py")  # _jit.py imports no kitlib
    (case / "probe.py").write_text(textwrap.dedent(PROBE.format(patch=patch)))
    (case / "__pycache__").write_text("a file where Numba wants its cache folder")
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder")
    env = {
        **os.environ,
        "NUMBA_CACHE_DIR": str(blocker / "cache"),
        "HOME": str(blocker / "home"),
        "XDG_CACHE_HOME": str(blocker / "xdg"),
        "TMPDIR": str(tmpdir),
    }
    return subprocess.run(
        [sys.executable, "probe.py"],
        cwd=case,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_njit_falls_back_to_a_private_temp_cache(tmp_path):
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    result = _run_probe(tmp_path, tmpdir)
    assert result.returncode == 0, result.stderr
    value, cache_path = result.stdout.split()
    assert value == "2.0"
    folder = tmpdir / f"kitlib-numba-cache-{os.getuid()}"
    assert cache_path.startswith(str(folder))
    assert "Numba cannot write its kernel cache" in result.stderr
    assert str(folder) in result.stderr
    assert list(folder.rglob("*.nbi")), "the compiled kernel was cached"


def test_njit_compiles_without_cache_when_no_folder_works(tmp_path):
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    result = _run_probe(tmp_path, tmpdir, patch="kjit._temp_cache = lambda: None")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "2.0"
    assert "compiling without a cache" in result.stderr
    assert not list(tmpdir.iterdir())


def test_njit_on_a_function_without_source_file_skips_the_cache_quietly(recwarn):
    namespace = {}
    exec("def triple(x):\n    return 3.0 * x\n", namespace)  # no file behind it
    triple = jit_module.njit()(namespace["triple"])
    assert triple(2.0) == 6.0
    assert not [w for w in recwarn if "kernel cache" in str(w.message)]
