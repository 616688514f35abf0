"""python -m kitlib.grading: list, grade with a CSV, student names."""

from __future__ import annotations

import shutil

import pytest

from kitlib.grading.__main__ import main
from kitlib.grading.batch import student_of
from tests.exercises.support import released_path, source_path

pytestmark = pytest.mark.exercise("ex01_custom_dense")


def test_list_names_every_exercise_with_its_points(capsys):
    assert main(["list"]) == 0
    assert "ex01_custom_dense  A Dense layer of your own" in capsys.readouterr().out


def test_grade_writes_one_csv_row_per_student(tmp_path, capsys):
    alice = tmp_path / "submitted" / "alice" / "ex01_custom_dense"
    alice.mkdir(parents=True)
    shutil.copy(source_path("ex01_custom_dense"), alice / "ex01_custom_dense.ipynb")
    bob = tmp_path / "bob.ipynb"
    shutil.copy(released_path("ex01_custom_dense"), bob)
    out_csv = tmp_path / "scores.csv"
    args = [
        "grade",
        "ex01_custom_dense",
        str(alice / "ex01_custom_dense.ipynb"),
        str(bob),
    ]
    assert main([*args, "--csv", str(out_csv), "--quiet"]) == 0
    printed = capsys.readouterr().out
    assert "alice: 8/8" in printed and "bob: 0/8" in printed
    lines = out_csv.read_text().splitlines()
    assert lines[0].startswith(
        "student,exercise,score,max_score,creates_no_weights_in_init"
    )
    assert lines[1].startswith("alice,ex01_custom_dense,8,8,1,2,2,1,1,1")
    assert lines[2].startswith("bob,ex01_custom_dense,0,8,0,0,0,0,0,0")


def test_student_of_reads_nbgrader_layout_or_file_name():
    assert student_of("c/submitted/dana/ex02_x/ex02_x.ipynb", "ex02_x") == "dana"
    assert student_of("inbox/erin-ex02.ipynb", "ex02_x") == "erin-ex02"
