"""check(): learner feedback in-process, on the learner's own definitions."""

from __future__ import annotations

import ast
import sys
import types
from pathlib import Path

import pytest

import kitlib
from kitlib import activations, ops
from kitlib.grading import check, exercise_ids, load_exercise, run_checks
from kitlib.grading.exercise import Exercise, fail
from kitlib.grading.widget import CheckWidget
from kitlib.layers import Layer

CHECKS_DIR = Path(kitlib.__file__).parent / "grading" / "exercises"


def _dense_class(with_bias_in_call: bool):
    class MyDense(Layer):
        def __init__(self, units, activation=None, use_bias=True, **kwargs):
            super().__init__(**kwargs)
            self.units, self.use_bias = units, use_bias
            self.activation = activations.get(activation)

        def build(self, input_shape):
            self.kernel = self.add_weight(
                name="kernel", shape=(input_shape[-1], self.units)
            )
            self.bias = None
            if self.use_bias:
                self.bias = self.add_weight(
                    name="bias", shape=(self.units,), initializer="zeros"
                )

        def call(self, inputs):
            outputs = ops.matmul(inputs, self.kernel)
            if with_bias_in_call and self.bias is not None:
                outputs = outputs + self.bias
            return self.activation(outputs)

        def get_config(self):
            return {**super().get_config(), "units": self.units, "use_bias": self.use_bias,
                    "activation": activations.serialize(self.activation)}  # fmt: skip

    return MyDense


def test_check_grades_the_namespace_it_is_given_not_a_reference():
    right = check("ex01_custom_dense", namespace={"MyDense": _dense_class(True)})
    wrong = check("ex01_custom_dense", namespace={"MyDense": _dense_class(False)})
    assert right.all_passed and right.score == 8
    assert [r.name for r in wrong.results if not r.passed] == ["call_computes_affine"]
    assert wrong.score == 6 and "bias is forgotten" in wrong.results[2].message


def test_check_reads_main_by_default(monkeypatch):
    main = types.ModuleType("__main__")
    main.MyDense = _dense_class(False)
    monkeypatch.setitem(sys.modules, "__main__", main)
    report = check("ex01_custom_dense")
    assert report.score == 6 and report.source == "__main__"
    main.MyDense = _dense_class(True)  # the learner fixes the cell and re-runs it
    assert check("ex01_custom_dense").all_passed


def test_public_check_modules_ship_no_solution():
    """The package holds checks only: nothing defines what the learner must write."""
    for exercise_id in exercise_ids():
        tree = ast.parse((CHECKS_DIR / f"{exercise_id}.py").read_text())
        defined = {
            node.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ClassDef | ast.FunctionDef)
        }
        learner_names = set(load_exercise(exercise_id).names)
        assert learner_names and not (defined & learner_names), exercise_id
        text = (CHECKS_DIR / f"{exercise_id}.py").read_text()
        assert (
            "source/" not in text and "read_notebook" not in text
        )  # no notebook peeking


def test_check_names_select_checks_and_unknown_names_are_explained():
    report = check("ex01_custom_dense", "builds_once", namespace={})
    assert [r.name for r in report.results] == ["builds_once"]
    with pytest.raises(KeyError, match="Did you mean 'builds_once'"):
        check("ex01_custom_dense", "build_once", namespace={})
    with pytest.raises(ValueError, match="Did you mean 'ex01_custom_dense'"):
        check("ex01_custom_dens", namespace={})


def _toy(body):
    exercise = Exercise("ex00_toy", "toy")
    exercise.check("the one check", points=2, timeout=0.5)(body)
    return exercise


def test_endless_loop_sys_exit_and_prints_become_rows_not_crashes():
    def spins(sub):
        while True:
            pass

    def exits(sub):
        sys.exit(2)

    def chatty(sub):
        print("x" * 1_000_000)
        fail("chatty but wrong")

    rows = [run_checks(_toy(f), {}).results[0] for f in (spins, exits, chatty)]
    assert [r.status for r in rows] == ["timeout", "error", "fail"]
    assert "did not finish within 0.5 s" in rows[0].message
    assert "sys.exit(2)" in rows[1].message
    assert rows[2].message == "chatty but wrong"
    assert len(rows[2].output) < 11_000 and "printed 1,000,001" in rows[2].output


def test_learner_errors_name_the_learner_function():
    namespace = {}
    exec(  # noqa: S102
        compile("def helper():\n    return {}['missing']\n", "<cell 4>", "exec"),
        namespace,
    )
    row = run_checks(_toy(lambda sub: sub.get("helper")()), namespace).results[0]
    assert row.status == "error"
    assert (
        row.message
        == "Your code raised KeyError in helper (line 2 of its cell): 'missing'"
    )


def test_replaced_kitlib_functions_are_restored_during_checks_only(monkeypatch):
    fake = lambda a, b: 0  # noqa: E731
    monkeypatch.setattr(kitlib.ops, "matmul", fake)
    report = check("ex01_custom_dense", namespace={"MyDense": _dense_class(True)})
    assert report.all_passed
    assert "kitlib.ops.matmul" in report.notes[0]
    assert kitlib.ops.matmul is fake  # the learner's notebook is left as it was


def test_widget_button_runs_the_checks_on_click():
    namespace = {"MyDense": _dense_class(False)}
    view = check("ex01_custom_dense", namespace=namespace, widget=True)
    assert isinstance(view, CheckWidget) and view.report is None
    assert "not checked yet" in str(view)
    view.button.click()
    assert view.report.score == 6
    assert "kitlib-grading-report" in view.result.value and "FAIL" in view.result.value
    namespace["MyDense"] = _dense_class(True)
    view.button.click()
    assert view.report.all_passed and "All 6 checks passed" in str(view)
    bundle = view._repr_mimebundle_()
    assert "All 6 checks passed" in bundle["text/plain"]
