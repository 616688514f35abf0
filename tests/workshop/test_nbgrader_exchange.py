"""The nbgrader exchange cycle on the hub: release, fetch, submit, collect, autograde, export.

Every nbgrader command runs where it would in a real course: in a kernel on
the instructor's or the learner's own server, started through the hub. The
learners edit their fetched notebook through their Contents API (what saving
in JupyterLab does). Three submissions: a correct one, the untouched starter
("empty") and one whose answer cell does not even parse ("broken"). The scores
in nbgrader's exported ``grades.csv`` must be full marks, 0 and 0.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import re
import time

import pytest

from tests.workshop.conftest import COURSE, INSTRUCTOR, LEARNERS, ROOT
from tests.workshop.remote_kernel import RemoteKernel

pytestmark = pytest.mark.workshop

EXERCISES = ROOT / "exercises"
SOLUTION_MARKER = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$")
BROKEN_ANSWER = "class MyDense(Layer):\n    def __init__(self, units:\n        pass\n"

RUN_NBGRADER = """\
import json, subprocess, sys
done = subprocess.run(
    [sys.executable, "-m", "nbgrader", *{args!r}],
    cwd={cwd!r}, capture_output=True, text=True,
)
print(json.dumps({{"rc": done.returncode, "log": (done.stdout + done.stderr)[-4000:]}}))
"""


def first_exercise() -> str:
    """The first exercise with an nbgrader source notebook, e.g. ``ex01_custom_dense``."""
    found = sorted(p.parent.parent.name for p in EXERCISES.glob("ex*/source/*.ipynb"))
    if not found:
        pytest.fail(f"no exercise with a source notebook under {EXERCISES}")
    return found[0]


def answer_cells(notebook: dict) -> list[dict]:
    """The cells a learner writes in (nbgrader ``solution`` cells)."""
    return [
        cell
        for cell in notebook["cells"]
        if cell.get("metadata", {}).get("nbgrader", {}).get("solution")
    ]


def source_text(cell: dict) -> str:
    source = cell["source"]
    return source if isinstance(source, str) else "".join(source)


def max_points(notebook: dict) -> float:
    """Sum of the points of the graded cells, read from the instructor's source."""
    meta = [c.get("metadata", {}).get("nbgrader", {}) for c in notebook["cells"]]
    return float(sum(m.get("points", 0) for m in meta if m.get("grade")))


class Terminal:
    """Runs nbgrader in a kernel on one user's server (their home is the cwd)."""

    def __init__(self, hub, user: str) -> None:
        self.kernel = RemoteKernel(hub, user, "nbgrader-console.ipynb")

    async def __aenter__(self) -> Terminal:
        self.kernel.open()
        await self.kernel.connect()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.kernel.disconnect()
        self.kernel.close()

    async def nbgrader(self, *args: str, cwd: str = ".") -> str:
        code = RUN_NBGRADER.format(args=list(args), cwd=cwd)
        result = json.loads((await self.kernel.run(code, timeout=600)).stdout)
        assert result["rc"] == 0, (
            f"{self.kernel.user}: nbgrader {' '.join(args)}\n{result['log']}"
        )
        return result["log"]

    async def python(self, code: str) -> str:
        return (await self.kernel.run(code, timeout=600)).stdout


def write_answer(hub, user: str, path: str, answers: dict[str, str]) -> None:
    """Replace answer cells (by nbgrader grade_id) and save, as JupyterLab would."""
    model = hub.user_request(user, "GET", f"/contents/{path}")
    notebook = model["content"]
    for cell in answer_cells(notebook):
        grade_id = cell["metadata"]["nbgrader"]["grade_id"]
        if grade_id in answers:
            cell["source"] = answers[grade_id]
    body = {"type": "notebook", "format": "json", "content": notebook}
    hub.user_request(user, "PUT", f"/contents/{path}", body)


def solutions(source: dict) -> dict[str, str]:
    """The instructor's answers with the BEGIN/END SOLUTION lines removed."""
    answers = {}
    for cell in answer_cells(source):
        lines = source_text(cell).splitlines()
        kept = [line for line in lines if not SOLUTION_MARKER.match(line)]
        answers[cell["metadata"]["nbgrader"]["grade_id"]] = "\n".join(kept) + "\n"
    return answers


async def exchange_cycle(hub, exercise: str, submissions: dict[str, dict]) -> str:
    """Run the whole cycle; returns the text of nbgrader's grades.csv."""
    async with Terminal(hub, INSTRUCTOR) as instructor:
        await instructor.python(
            "import subprocess, sys\n"
            f"subprocess.run([sys.executable, '-m', 'kitlib.grading', 'course', "
            f"{str(EXERCISES)!r}, 'course'], check=True)\n"
            # The shared config sets student_id from JUPYTERHUB_USER for everyone;
            # the instructor's course folder puts it back to "all students".
            "open('course/nbgrader_config.py', 'a').write("
            "'\\nc.CourseDirectory.student_id = \"*\"\\n')\n"
        )
        await instructor.nbgrader(
            "generate_assignment", exercise, "--force", cwd="course"
        )
        await instructor.nbgrader("release_assignment", exercise, cwd="course")
    path = f"{exercise}/{exercise}.ipynb"
    for learner, answers in submissions.items():
        async with Terminal(hub, learner) as terminal:
            await terminal.nbgrader("fetch_assignment", exercise)
            write_answer(hub, learner, path, answers)
            await terminal.nbgrader("submit", exercise)
    async with Terminal(hub, INSTRUCTOR) as instructor:
        log = await instructor.nbgrader("collect", exercise, cwd="course")
        assert "cheating attempt" not in log  # check_owner is off: one Unix user
        await instructor.nbgrader("autograde", exercise, cwd="course")
        await instructor.nbgrader("export", cwd="course")
        return await instructor.python(
            "print(open('course/grades.csv').read(), end='')"
        )


def test_release_fetch_submit_collect_autograde_export_gives_the_expected_scores(
    hub, measurements
):
    exercise = first_exercise()
    source = json.loads(
        (EXERCISES / exercise / "source" / f"{exercise}.ipynb").read_text()
    )
    correct = solutions(source)
    assert correct, f"{exercise} has no answer cells"
    broken = {grade_id: BROKEN_ANSWER for grade_id in correct}
    correct_learner, empty_learner, broken_learner = LEARNERS
    submissions = {correct_learner: correct, empty_learner: {}, broken_learner: broken}

    course_config = (EXERCISES / "nbgrader_config.py").read_text()
    assert (
        f'course_id = "{COURSE}"' in course_config
    )  # learners' and instructor's agree

    started = time.perf_counter()
    grades = asyncio.run(exchange_cycle(hub, exercise, submissions))
    cycle_s = time.perf_counter() - started

    rows = {row["student_id"]: row for row in csv.DictReader(io.StringIO(grades))}
    assert set(LEARNERS) <= set(rows), grades
    full = max_points(source)
    assert full > 0
    for learner in LEARNERS:
        assert rows[learner]["assignment"] == exercise
        assert float(rows[learner]["max_score"]) == full
    assert float(rows[correct_learner]["raw_score"]) == full
    assert float(rows[empty_learner]["raw_score"]) == 0.0
    assert float(rows[broken_learner]["raw_score"]) == 0.0
    exchange = hub.work / "exchange" / COURSE
    assert sorted(
        p.name.split("+")[0] for p in (exchange / "inbound").iterdir()
    ) == sorted(LEARNERS)
    measurements["nbgrader"] = {
        "exercise": exercise,
        "scores": {n: float(rows[n]["raw_score"]) for n in LEARNERS},
        "max_score": full,
        "cycle_s": round(cycle_s, 1),
    }


def test_on_a_shared_unix_user_a_learner_can_read_the_instructors_files(hub):
    # Why the guide asks for real accounts (TLJH) or pods (Z2JH) in a graded course.
    secret = "### BEGIN HIDDEN TESTS\nassert answer == 42\n"
    body = {"type": "file", "format": "text", "content": secret}
    hub.user_request(INSTRUCTOR, "PUT", "/contents/hidden_tests.txt", body)

    async def peek() -> str:
        async with Terminal(hub, LEARNERS[0]) as learner:
            return await learner.python(
                f"print(open('../{INSTRUCTOR}/hidden_tests.txt').read(), end='')"
            )

    assert asyncio.run(peek()) == secret
