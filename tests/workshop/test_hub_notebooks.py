"""Three learners each run a kitlib notebook on their own server of a real JupyterHub.

The notebook is handed out through each learner's Contents API (as nbgitpuller
or an upload would), run cell by cell in a kernel on the learner's server over
the Jupyter Server API, and followed by a probe cell that checks the learner's
identity, home folder, the pre-warmed Numba cache and a value computed by kitlib.
"""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import pytest

from tests.workshop.conftest import LEARNERS, ROOT
from tests.workshop.hub import process_memory
from tests.workshop.remote_kernel import RemoteKernel

pytestmark = pytest.mark.workshop

NOTEBOOK = ROOT / "notebooks" / "02_layer_lifecycle.ipynb"

PROBE = """\
import json, os
import numpy as np
import kitlib
from kitlib import layers
from kitlib.warmup import warm_up

report = warm_up()
dense = layers.Dense(2, kernel_initializer="ones", bias_initializer="zeros")
print(json.dumps({
    "user": os.environ["JUPYTERHUB_USER"],
    "kitlib": kitlib.__file__,
    "home": os.environ["HOME"],
    "cwd": os.getcwd(),
    "kernels": report.kernels,
    "compiled": report.compiled,
    "loaded": report.from_cache,
    "cache_dir": report.cache_dir,
    "dense": dense(np.arange(6, dtype="float32").reshape(2, 3)).numpy().tolist(),
}))
"""


def hand_out(hub, user: str, notebook: Path, folder: str = "notebooks") -> str:
    """Put a notebook into the learner's home through their Contents API."""
    hub.user_request(user, "PUT", f"/contents/{folder}", {"type": "directory"})
    path = f"{folder}/{notebook.name}"
    body = {
        "type": "notebook",
        "format": "json",
        "content": json.loads(notebook.read_text()),
    }
    hub.user_request(user, "PUT", f"/contents/{path}", body)
    return path


async def run_for(hub, user: str, path: str) -> dict:
    """Run the learner's copy of the notebook, then the probe; kernel stays up."""
    kernel = RemoteKernel(hub, user, path)
    kernel.open()
    started = time.perf_counter()
    await kernel.connect()
    notebook = hub.user_request(user, "GET", f"/contents/{path}")["content"]
    cells = await kernel.run_notebook(notebook)
    probe = json.loads((await kernel.run(PROBE)).stdout)
    await kernel.disconnect()
    return {
        "kernel": kernel,
        "cells": cells,
        "seconds": time.perf_counter() - started,
        **probe,
    }


async def run_all(hub, paths: dict[str, str]) -> list[dict]:
    return await asyncio.gather(*(run_for(hub, user, paths[user]) for user in paths))


def test_each_learner_runs_a_kitlib_notebook_on_their_own_server(hub, measurements):
    paths = {user: hand_out(hub, user, NOTEBOOK) for user in LEARNERS}
    cells = json.loads(NOTEBOOK.read_text())["cells"]
    code_cells = sum(cell["cell_type"] == "code" for cell in cells)
    results = asyncio.run(run_all(hub, paths))
    memory = {}
    try:
        for user, result in zip(LEARNERS, results, strict=True):
            home = Path(hub.work) / "home" / user
            assert result["user"] == user
            assert result["kitlib"] == str(hub.work / "site" / "kitlib" / "__init__.py")
            assert result["home"] == str(home)
            assert result["cwd"] == str(home / "notebooks")  # kernel opened next to it
            assert result["cells"] == code_cells  # every cell ran, none raised
            # The server copied the pre-warmed seed into the home: nothing compiles.
            assert result["cache_dir"].startswith(str(home / ".cache" / "kitlib-numba"))
            assert (result["compiled"], result["loaded"]) == (0, result["kernels"]), (
                "a kernel was compiled in the learner's session: does "
                "kitlib.warmup still call every kernel?"
            )
            assert result["dense"] == [
                [3.0, 3.0],
                [12.0, 12.0],
            ]  # row sums of [[0,1,2],[3,4,5]]
            memory[user] = process_memory(hub.server_pid(user))
    finally:
        for result in results:
            result["kernel"].close()
    measurements["notebook"] = NOTEBOOK.name
    measurements["three_learners_notebook_s"] = {
        user: round(r["seconds"], 2) for user, r in zip(LEARNERS, results, strict=True)
    }
    measurements["memory_per_learner_mib"] = {
        user: {k: round(v, 1) for k, v in m.items()} for user, m in memory.items()
    }
