"""Broken submissions are graded with a score and a reason, never a crash (SPEC §11).

Each case replaces the solution cell of ex01's student notebook with broken
code and grades it in the sandbox with short time limits.
"""

from __future__ import annotations

import copy
import json
import textwrap

import pytest

from kitlib.grading.notebook import read_notebook
from kitlib.grading.sandbox import grade_notebook
from tests.exercises.support import source_path

EXERCISE = "ex01_custom_dense"
pytestmark = pytest.mark.exercise(EXERCISE)

GOOD_CLASS = """
class MyDense(Layer):
    def __init__(self, units, activation=None, use_bias=True, **kwargs):
        super().__init__(**kwargs)
        self.units, self.use_bias = units, use_bias
        self.activation = activations.get(activation)

    def build(self, input_shape):
        {build}
        self.kernel = self.add_weight(name="kernel", shape=(input_shape[-1], self.units))
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(name="bias", shape=(self.units,), initializer="zeros")

    def call(self, inputs):
        outputs = ops.matmul(inputs, self.kernel)
        if self.bias is not None:
            outputs = outputs + self.bias
        return self.activation(outputs)

    def get_config(self):
        return {{**super().get_config(), "units": self.units, "use_bias": self.use_bias,
                "activation": activations.serialize(self.activation)}}
"""


def _submission(tmp_path, code, build="pass"):
    notebook = copy.deepcopy(read_notebook(source_path(EXERCISE)))
    for cell in notebook["cells"]:
        if cell["metadata"].get("nbgrader", {}).get("grade_id") == "my_dense":
            cell["source"] = textwrap.dedent(code).format(
                good=GOOD_CLASS.format(build=build)
            )
    path = tmp_path / "submission.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    return path


def _grade(path, **limits):
    limits = {"cell_timeout": 3, "check_timeout": 5, **limits}
    return grade_notebook(path, EXERCISE, **limits)


def _assert_complete(report):
    assert [r.name for r in report.results] == [
        "creates_no_weights_in_init",
        "build_creates_kernel_and_bias",
        "call_computes_affine",
        "builds_once",
        "symbolic_call_builds_lazily",
        "config_round_trip",
    ]
    assert not report.all_passed and "All" not in report.summary()


def test_exception_in_learner_code_is_an_error_row_naming_where(tmp_path):
    report = _grade(_submission(tmp_path, "{good}", build="1 / 0"))
    _assert_complete(report)
    assert report.score == 2  # __init__ and get_config work: those checks count
    build = report.results[1]
    assert build.status == "error"
    assert "ZeroDivisionError in MyDense.build (line 9 of its cell)" in build.message


def test_exception_at_top_level_is_a_note_and_checks_say_not_defined(tmp_path):
    report = _grade(_submission(tmp_path, "raise RuntimeError('boom')\n{good}"))
    _assert_complete(report)
    assert report.score == 0
    assert any("raised RuntimeError: boom" in note for note in report.notes)
    assert all("not defined yet" in r.message for r in report.results)


def test_endless_loop_in_a_method_times_out_per_check(tmp_path):
    report = _grade(
        _submission(tmp_path, "{good}", build="while True: pass"), check_timeout=1
    )
    _assert_complete(report)
    assert report.score == 2
    timed_out = [r for r in report.results if r.status == "timeout"]
    assert len(timed_out) == 4
    assert "did not finish within 1 s" in timed_out[0].message


def test_endless_loop_at_top_level_stops_that_cell_only(tmp_path):
    report = _grade(_submission(tmp_path, "{good}\nwhile True:\n    pass"))
    assert report.all_passed, report.to_text()  # the class was defined before
    assert any("did not finish within 3 s" in note for note in report.notes)


def test_endless_loop_in_compiled_code_is_killed_at_the_deadline(tmp_path):
    code = """
    import numba

    @numba.njit
    def spin(n):
        total = 0
        while n > 0:
            total += 1
        return total

    {good}
    """
    report = _grade(_submission(tmp_path, code, build="spin(1)"), deadline=20)
    _assert_complete(report)
    assert report.results[0].status == "pass"
    assert report.results[1].status == "timeout"
    assert "Grading was stopped after 20 s" in report.results[1].message
    assert any("stopped after 20 s" in note for note in report.notes)


def test_huge_output_is_capped_and_the_code_still_graded(tmp_path):
    code = """
    import os
    print("x" * 3_000_000)
    os.write(1, b"y" * 5_000_000)
    {good}
    """
    report = _grade(_submission(tmp_path, code, build='print("z" * 2_000_000)'))
    assert report.all_passed, report.to_text()
    assert any("printed 3,000,001 characters" in note for note in report.notes)
    assert len(report.results[1].output) < 11_000
    assert "more characters not shown" in report.results[1].output


def test_sys_exit_at_top_level_and_in_a_method(tmp_path):
    code = "import sys\n{good}\nsys.exit(3)"
    report = _grade(_submission(tmp_path, code, build="sys.exit(4)"))
    _assert_complete(report)
    assert any("called sys.exit(3)" in note for note in report.notes)
    assert report.results[1].status == "error"
    assert "called sys.exit(4)" in report.results[1].message


def test_os_exit_kills_the_worker_but_not_the_grading(tmp_path):
    report = _grade(_submission(tmp_path, "import os\nos._exit(7)\n{good}"))
    _assert_complete(report)
    assert report.score == 0
    assert all("exit code 7" in r.message for r in report.results)


def test_redefined_kitlib_internals_are_restored_for_the_checks(tmp_path):
    code = """
    import kitlib
    {good}
    kitlib.ops.matmul = lambda a, b: 0
    Layer.add_weight = lambda self, *args, **kwargs: None
    """
    report = _grade(_submission(tmp_path, code))
    assert report.all_passed, report.to_text()
    (note,) = report.notes
    assert (
        "kitlib.engine.layer.Layer.add_weight" in note and "kitlib.ops.matmul" in note
    )


def test_a_file_that_is_not_a_notebook_gets_a_reason(tmp_path):
    path = tmp_path / "essay.ipynb"
    path.write_text("my homework", encoding="utf-8")
    report = _grade(path)
    _assert_complete(report)
    assert report.score == 0
    assert "Could not read notebook" in report.results[0].message
