"""``python -m kitlib.warmup`` compiles each kernel once, and a second run only loads."""

import os
import re
import subprocess
import sys

import pytest

from kitlib.ops._nn_utils import kernel_dispatchers

pytestmark = pytest.mark.skipif(
    os.environ.get("NUMBA_DISABLE_JIT") == "1", reason="nothing is compiled or cached"
)


def _warmup() -> tuple[int, int, int]:
    result = subprocess.run(
        [sys.executable, "-m", "kitlib.warmup"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    match = re.search(
        r"(\d+) kernels ready .*\((\d+) compiled, (\d+) loaded", result.stdout
    )
    assert match, result.stdout
    return tuple(int(g) for g in match.groups())


def test_warmup_compiles_one_signature_per_kernel_and_then_hits_the_cache():
    kernels, compiled, loaded = _warmup()  # cold or warm, depending on the cache
    assert kernels == len(kernel_dispatchers())
    # One float32 signature per kernel: the ops pass consistent argument types.
    assert compiled + loaded == kernels
    kernels, compiled, loaded = _warmup()
    assert (compiled, loaded) == (0, kernels)
