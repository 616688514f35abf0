"""Ten learners arrive at once: spawn together, press "Run All" together.

This is the load test behind the numbers in ``docs/workshop.md``: how long ten
servers take to start when everyone logs in at 9:00, how long one notebook
takes when ten kernels share the machine's cores, how much CPU time a learner
spends on it, and how much memory ten learners hold after it.
"""

from __future__ import annotations

import asyncio
import time

import psutil
import pytest

from tests.workshop.hub import process_memory
from tests.workshop.test_hub_notebooks import NOTEBOOK, hand_out, run_for

pytestmark = [pytest.mark.workshop, pytest.mark.slow]

CROWD = [f"crowd{i:02d}" for i in range(1, 11)]


def kernel_cpu_seconds(server_pid: int) -> float:
    """User + system CPU seconds of a server's kernels (its child processes)."""
    total = 0.0
    for child in psutil.Process(server_pid).children(recursive=True):
        try:
            times = child.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def spawn_together(hub, names: list[str], timeout: float = 300.0) -> float:
    """POST every server at once, as a room of learners logging in; seconds to all ready."""
    started = time.perf_counter()
    for name in names:
        hub.api("POST", f"/users/{name}/server")
    waiting = set(names)
    while waiting:
        assert time.perf_counter() - started < timeout, f"not ready: {sorted(waiting)}"
        waiting = {n for n in waiting if not hub.is_ready(n)}
        time.sleep(0.2)
    return time.perf_counter() - started


def test_ten_learners_spawn_and_run_a_notebook_at_the_same_time(hub, measurements):
    hub.add_users(CROWD)
    memory_before = psutil.virtual_memory().used
    spawn_s = spawn_together(hub, CROWD)
    pids = {name: hub.server_pid(name) for name in CROWD}
    spawn_cpu = [sum(psutil.Process(pid).cpu_times()[:2]) for pid in pids.values()]
    paths = {name: hand_out(hub, name, NOTEBOOK) for name in CROWD}

    async def everyone() -> list[dict]:
        return await asyncio.gather(*(run_for(hub, n, paths[n]) for n in CROWD))

    started = time.perf_counter()
    results = asyncio.run(everyone())
    wall_s = time.perf_counter() - started
    try:
        for name, result in zip(CROWD, results, strict=True):
            assert result["user"] == name
            assert result["dense"] == [[3.0, 3.0], [12.0, 12.0]]
            assert result["compiled"] == 0  # all ten loaded the shared cache
        memory = [process_memory(pids[name]) for name in CROWD]
        cpu = [kernel_cpu_seconds(pids[name]) for name in CROWD]
        memory_after = psutil.virtual_memory().used
    finally:
        for result in results:
            result["kernel"].close()
        for name in CROWD:
            hub.api("DELETE", f"/users/{name}/server")
    rss = [m["rss_mib"] for m in memory]
    pss = [m["pss_mib"] for m in memory]
    measurements["ten_learners"] = {
        "spawn_all_s": round(spawn_s, 2),
        "server_start_cpu_s_mean": round(sum(spawn_cpu) / len(spawn_cpu), 2),
        "run_all_wall_s": round(wall_s, 2),
        "notebook_s_min_max": [
            round(min(r["seconds"] for r in results), 2),
            round(max(r["seconds"] for r in results), 2),
        ],
        "kernel_cpu_s_mean": round(sum(cpu) / len(cpu), 2),
        "rss_mib_mean": round(sum(rss) / len(rss), 1),
        "pss_mib_mean": round(sum(pss) / len(pss), 1),
        "system_used_mib_delta": round((memory_after - memory_before) / 2**20, 1),
    }
    # Sanity: ten learners fit in far less than this 24 GiB machine.
    assert sum(pss) < 8 * 1024
