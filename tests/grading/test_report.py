"""Report tables: the summary never claims success while a check failed."""

from kitlib.grading.report import CheckResult, Report, reports_to_csv


def _report(*statuses):
    results = [
        CheckResult(
            f"c{i}",
            f"check {i}",
            s,
            1.0 if s == "pass" else 0.0,
            1.0,
            "" if s == "pass" else "<b>hint</b>",
        )
        for i, s in enumerate(statuses)
    ]
    return Report("ex00_demo", "Demo", results)


def test_summary_says_all_passed_only_when_every_check_passed():
    assert (
        _report("pass", "pass").summary()
        == "All 2 checks passed: 2/2 points. Well done!"
    )
    for statuses in [
        ("pass", "fail"),
        ("pass", "error"),
        ("timeout",),
        ("pass", "todo"),
    ]:
        report = _report(*statuses)
        assert not report.all_passed and "All" not in report.summary()
        assert "All" not in report.to_text() and "All" not in report.to_html()
    assert not Report("ex00_demo", "Demo").all_passed  # no checks is not success


def test_fresh_notebook_gets_an_encouraging_summary():
    summary = _report("todo", "todo").summary()
    assert summary.startswith("0 of 2 checks passed (0/2 points)")
    assert "expected in a fresh notebook" in summary


def test_text_and_html_show_check_result_points_and_escaped_hint():
    report = _report("pass", "fail")
    text = report.to_text()
    assert "c1" in text and "FAIL" in text and "0/1" in text and "<b>hint</b>" in text
    html = report.to_html()
    assert "&lt;b&gt;hint&lt;/b&gt;" in html and "<b>hint</b>" not in html
    assert 'class="kitlib-check-fail"' in html and report._repr_html_() == html


def test_dict_round_trip_and_csv():
    report = _report("pass", "fail")
    assert Report.from_dict(report.to_dict()) == report
    csv_text = reports_to_csv([("alice", report), ("bob", _report("fail", "fail"))])
    assert csv_text.splitlines() == [
        "student,exercise,score,max_score,c0,c1",
        "alice,ex00_demo,1,2,1,0",
        "bob,ex00_demo,0,2,0,0",
    ]
