"""Fixtures for the workshop tests: one real JupyterHub per session, and its numbers.

Tests marked ``workshop`` start servers and take a minute or more, so they run
only when asked for with ``-m workshop`` (``make test-workshop``); a plain
``pytest tests`` reports them as skipped. Unmarked tests here (the Binder
files, the read-only install) run with the unit tests.

The measurements (hub start, spawn times, memory per learner, ten learners at
once) are written to ``build/workshop/measurements.json`` and printed at the
end of the run; ``docs/workshop.md`` quotes them.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.workshop.hub import Hub

ROOT = Path(__file__).resolve().parents[2]
CHP_LOCAL = (
    ROOT / ".venv" / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
)
REPORT = ROOT / "build" / "workshop" / "measurements.json"
GUIDE = ROOT / "docs" / "workshop.md"
SEED_MARKER = "<!-- tested: jupyter_server_config.py -->"
GUIDE_SEED = "/srv/kitlib/numba-cache"  # the seed folder the guide names
COURSE = "kitlib"  # as in exercises/nbgrader_config.py
INSTRUCTOR = "instructor"
LEARNERS = ["learner1", "learner2", "learner3"]

# Read by every nbgrader command on the hub (it is on JUPYTER_CONFIG_PATH).
# One Unix user runs all servers here, so the student id cannot come from the
# OS account: it comes from the hub's JUPYTERHUB_USER, and collect must not
# compare file owners with student ids (they are all the same account).
NBGRADER_SHARED_CONFIG = """\
import os
c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "{course}"
c.Exchange.root = "{exchange}"
c.CourseDirectory.student_id = os.environ.get("JUPYTERHUB_USER", "*")
c.ExchangeCollect.check_owner = False
"""

_measurements: dict = {}


def pytest_collection_modifyitems(config, items):
    """Skip ``workshop`` tests unless the marker expression asks for them."""
    if "workshop" in (config.option.markexpr or ""):
        return
    skip = pytest.mark.skip(reason="starts a JupyterHub: run `make test-workshop`")
    for item in items:
        if item.get_closest_marker("workshop") is not None:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    """Print what the hub tests measured and save it for the workshop guide."""
    if not _measurements:
        return
    _measurements["machine"] = {
        "date": time.strftime("%Y-%m-%d"),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
    }
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(_measurements, indent=2) + "\n")
    terminalreporter.section("workshop measurements")
    terminalreporter.write_line(json.dumps(_measurements, indent=2))
    terminalreporter.write_line(f"(saved to {REPORT.relative_to(ROOT)})")


@pytest.fixture(scope="session")
def measurements() -> dict:
    """A dict the tests fill with numbers; saved at the end of the session."""
    return _measurements


def find_proxy() -> str:
    """The configurable-http-proxy that ``make test-workshop`` installed from npm."""
    on_path = shutil.which("configurable-http-proxy")
    for candidate in (os.environ.get("KITLIB_CHP"), CHP_LOCAL, on_path):
        if candidate and Path(candidate).exists():
            return str(candidate)
    pytest.fail(
        "The hub test needs configurable-http-proxy, but it is neither in "
        f"{CHP_LOCAL.relative_to(ROOT)} nor on PATH. Run `make test-workshop`: it installs "
        "it with npm into .venv/node/ (or set KITLIB_CHP to its path)."
    )


def guide_block(marker: str) -> str:
    """The fenced code block right after ``marker`` in docs/workshop.md."""
    text = GUIDE.read_text()
    start = text.index(marker)
    body = text[text.index("```", start) :].split("\n", 1)[1]
    return body[: body.index("```")]


def _install_for_everyone(site: Path) -> None:
    """A frozen copy of kitlib for the hub, as an admin installs it once for all.

    The learners import this copy (via PYTHONPATH), not the working tree, so an
    edit made in the tree while the test runs cannot invalidate the warm cache.
    """
    ignore = shutil.ignore_patterns("__pycache__", "*.nbi", "*.nbc")
    shutil.copytree(ROOT / "kitlib", site / "kitlib", ignore=ignore)


def _warm_shared_cache(cache: Path, site: Path) -> str:
    """Fill a shared Numba cache the way an instructor would before the workshop."""
    env = {**os.environ, "NUMBA_CACHE_DIR": str(cache), "PYTHONPATH": str(site)}
    # NOTE: not from the repository root, where `python -m` would put the working
    # tree's kitlib ahead of PYTHONPATH and warm the cache of the wrong files.
    result = subprocess.run(
        [sys.executable, "-m", "kitlib.warmup"],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.strip()


@pytest.fixture(scope="session")
def hub(tmp_path_factory, measurements):
    """A running hub with an instructor and three learners, each with a ready server."""
    work = tmp_path_factory.mktemp("hub")
    exchange = work / "exchange"
    exchange.mkdir(mode=0o777)
    exchange.chmod(0o777)  # every learner writes into inbound/ (mkdir obeys umask)
    etc = work / "etc" / "jupyter"
    etc.mkdir(parents=True)
    (etc / "nbgrader_config.py").write_text(
        NBGRADER_SHARED_CONFIG.format(course=COURSE, exchange=exchange)
    )
    site, seed = work / "site", work / "numba-seed"
    _install_for_everyone(site)
    # Warm first, not during the hub start: both compete for 2 cores.
    measurements["numba_warmup"] = _warm_shared_cache(seed, site)
    # The guide's own recipe: each server copies the seed into its user's home.
    (etc / "jupyter_server_config.py").write_text(
        guide_block(SEED_MARKER).replace(GUIDE_SEED, str(seed))
    )
    environment = {
        "JUPYTER_CONFIG_PATH": str(etc),
        "PYTHONPATH": str(site),
        "PYTHONHASHSEED": "0",
    }
    server = Hub(work, find_proxy(), environment)
    try:
        measurements["hub_start_s"] = round(server.start(), 2)
        server.add_users([INSTRUCTOR, *LEARNERS])
        spawns = {
            name: round(server.spawn(name), 2) for name in [INSTRUCTOR, *LEARNERS]
        }
        measurements["spawn_s"] = spawns
        for name in spawns:
            server.server_pid(name)
        measurements["hub_and_proxy_rss_mib"] = round(server.own_rss_mib(), 1)
        yield server
    finally:
        killed = server.stop()
        measurements["killed_after_stop"] = killed
