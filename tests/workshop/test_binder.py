"""The Binder (repo2docker) files say what pyproject.toml says, and postBuild does its job.

repo2docker reads only ``binder/`` when that folder exists: ``runtime.txt`` for
the Python version, ``requirements.txt`` for pip, then runs the executable
``postBuild``. Docker does not run here, so these tests check the files against
the project, and run ``postBuild`` with a stand-in ``python`` that records what
it was asked to do (and really runs the warm-up) instead of installing anything.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys

try:  # Python 3.11+; kitlib also supports 3.10, where the backport is needed
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from setuptools import find_packages

from tests.workshop.conftest import ROOT

BINDER = ROOT / "binder"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def _requirements(lines: list[str]) -> set[str]:
    """Normalised ``name specifier`` strings, comments and blanks dropped."""
    found = set()
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if line:
            req = Requirement(line)
            found.add(f"{req.name.lower()}{req.specifier}")
    return found


def test_runtime_names_a_python_that_kitlib_supports():
    runtime = (BINDER / "runtime.txt").read_text().strip()
    match = re.fullmatch(r"python-(\d+)\.(\d+)", runtime)
    assert match, f"repo2docker wants 'python-X.Y', got {runtime!r}"
    supported = SpecifierSet(PYPROJECT["project"]["requires-python"])
    assert f"{match[1]}.{match[2]}.0" in supported


def test_requirements_match_the_dependencies_and_the_lab_extra():
    project = PYPROJECT["project"]
    expected = _requirements(
        project["dependencies"] + project["optional-dependencies"]["lab"]
    )
    lines = (BINDER / "requirements.txt").read_text().splitlines()
    assert _requirements(lines) == expected


def test_only_kitlib_packages_are_found_in_the_flat_layout():
    # Without include=["kitlib*"], setuptools would also pick up tests/,
    # benchmarks/ and tools/ (or refuse to build a flat layout at all).
    include = PYPROJECT["tool"]["setuptools"]["packages"]["find"]["include"]
    assert include == ["kitlib*"]
    packages = find_packages(where=str(ROOT), include=include)
    assert "kitlib" in packages
    assert {name.split(".")[0] for name in packages} == {"kitlib"}


def test_post_build_is_an_executable_bash_script_that_stops_on_errors():
    script = BINDER / "postBuild"
    assert script.stat().st_mode & stat.S_IXUSR, (
        "repo2docker runs postBuild only if executable"
    )
    text = script.read_text()
    assert text.startswith("#!/usr/bin/env bash\n")
    assert "set -euo pipefail" in text
    subprocess.run(["bash", "-n", str(script)], check=True)


STAND_IN = """#!{python}
# Records each call (cwd + arguments); runs everything except pip.
import os, subprocess, sys
with open(os.environ["CALLS"], "a") as log:
    log.write(os.getcwd() + " | " + " ".join(sys.argv[1:]) + "\\n")
if sys.argv[1:3] != ["-m", "pip"]:
    sys.exit(subprocess.call([{python!r}, *sys.argv[1:]]))
"""


def test_post_build_installs_kitlib_then_warms_the_installed_copy(tmp_path):
    shims = tmp_path / "bin"
    shims.mkdir()
    shim = shims / "python"
    shim.write_text(STAND_IN.format(python=sys.executable))
    shim.chmod(0o755)
    calls = tmp_path / "calls.txt"
    env = {
        **os.environ,
        "PATH": f"{shims}{os.pathsep}{os.environ['PATH']}",
        "CALLS": str(calls),
    }
    result = subprocess.run(
        [str(BINDER / "postBuild")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    recorded = [line.split(" | ") for line in calls.read_text().splitlines()]
    install, warmup = recorded[0], recorded[1]
    assert install == [str(ROOT), "-m pip install --no-cache-dir --no-deps ."]
    # Warm-up runs outside the repository, so it imports the installed kitlib.
    assert warmup[1] == "-m kitlib.warmup" and warmup[0] != str(ROOT)
    assert re.search(r"kitlib.warmup: \d+ kernels ready", result.stdout), result.stdout


def test_readme_has_a_binder_launch_link_that_opens_the_notebooks():
    readme = (ROOT / "README.md").read_text()
    assert "## Workshops" in readme
    links = re.findall(r"https://mybinder\.org/v2/gh/[^\s)]+", readme)
    assert any(link.endswith("?urlpath=lab/tree/notebooks") for link in links), links
