"""Check results and the tables that show them: text, HTML and CSV.

Notebook: every exercise notebook in ``exercises/`` (``kitlib.grading.check``).

One :class:`CheckResult` per public check, gathered in a :class:`Report`. The
report is what a learner sees after ``check("ex01_custom_dense")`` and what an
instructor's batch run writes per submission. Two promises are kept here, in
one place: the summary never says "all passed" while a check failed, and a
fresh notebook (nothing written yet) gets an encouraging message, not a wall
of red.
"""

from __future__ import annotations

import csv
import html
import io
import textwrap
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

#: Status of one check. "todo": the learner's code still raises NotImplementedError.
STATUSES = ("pass", "fail", "todo", "error", "timeout")
_LABELS = {
    "pass": "PASS",
    "fail": "FAIL",
    "todo": "TO DO",
    "error": "ERROR",
    "timeout": "TIMEOUT",
}
_COLOURS = {
    "pass": "#1b7f37",
    "fail": "#b00020",
    "todo": "#8a6d00",
    "error": "#b00020",
    "timeout": "#b00020",
}
REPORT_CLASS = "kitlib-grading-report"  # CSS class browser tests can look for


@dataclass
class CheckResult:
    """The outcome of one check.

    Attributes:
        name: the check's id, e.g. ``"kernel_shape"`` (``check(id, name)`` runs only it).
        description: what the check verifies, in one line.
        status: one of ``"pass"``, ``"fail"``, ``"todo"``, ``"error"``, ``"timeout"``.
        points: points earned (all or nothing per check).
        max_points: points the check is worth.
        message: the hint: why it failed and how to fix it ("" when passed).
        output: what the learner's code printed during the check (capped).
    """

    name: str
    description: str
    status: str
    points: float
    max_points: float
    message: str = ""
    output: str = ""

    @property
    def passed(self) -> bool:
        """True when the check passed."""
        return self.status == "pass"


@dataclass
class Report:
    """All check results of one exercise for one submission, plus notes.

    Attributes:
        exercise_id: e.g. ``"ex01_custom_dense"``.
        title: the exercise's title.
        results: one :class:`CheckResult` per check, in order.
        notes: remarks about the whole run (output truncated, kitlib functions
            replaced by the submission, a cell that raised...).
        source: where the graded code came from (a notebook path or
            ``"__main__"``).
    """

    exercise_id: str
    title: str
    results: list[CheckResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    source: str = "__main__"

    @property
    def score(self) -> float:
        """Points earned."""
        return float(sum(r.points for r in self.results))

    @property
    def max_score(self) -> float:
        """Points available."""
        return float(sum(r.max_points for r in self.results))

    @property
    def all_passed(self) -> bool:
        """True only if there is at least one check and every check passed."""
        return bool(self.results) and all(r.passed for r in self.results)

    def summary(self) -> str:
        """One sentence: how many checks passed and the score."""
        total = len(self.results)
        passed = sum(r.passed for r in self.results)
        points = f"{_num(self.score)}/{_num(self.max_score)} points"
        if self.all_passed:
            return f"All {total} checks passed: {points}. Well done!"
        if total and all(r.status == "todo" for r in self.results):
            return (
                f"0 of {total} checks passed ({points}): nothing is implemented yet, "
                "which is expected in a fresh notebook. Fill in the first cell marked "
                "'YOUR CODE HERE', run it, then run the check again."
            )
        return (
            f"{passed} of {total} checks passed ({points}). Read the hints below, fix "
            "one thing at a time, re-run your cell, then run the check again."
        )

    # --- renderings -----------------------------------------------------------
    def rows(self) -> list[tuple[str, str, str, str]]:
        """``(check, status, points, hint)`` per result, as plain strings."""
        return [
            (
                r.name,
                _LABELS.get(r.status, r.status.upper()),
                f"{_num(r.points)}/{_num(r.max_points)}",
                r.message,
            )
            for r in self.results
        ]

    def to_text(self, width: int = 100) -> str:
        """A fixed-width text table with the summary and notes."""
        headers = ("check", "result", "points", "hint")
        rows = self.rows()
        widths = [
            max([len(h)] + [len(row[i]) for row in rows])
            for i, h in enumerate(headers[:3])
        ]
        lines = [f"{self.exercise_id}: {self.title}", ""]
        lines.append(_text_row(headers, widths))
        lines.append(_text_row(tuple("-" * w for w in widths) + ("----",), widths))
        indent = sum(widths) + 6
        for row in rows:
            hint_lines = _wrap(row[3], max(width - indent, 30)) or [""]
            lines.append(_text_row((*row[:3], hint_lines[0]), widths))
            lines += [" " * indent + more for more in hint_lines[1:]]
        lines += ["", self.summary()]
        lines += [f"Note: {note}" for note in self.notes]
        return "\n".join(line.rstrip() for line in lines)

    def to_html(self) -> str:
        """A small HTML table (no JavaScript); every value is escaped."""
        style = (
            "border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top"
        )
        head = "".join(
            f'<th style="{style}">{h}</th>'
            for h in ("check", "result", "points", "hint")
        )
        body = ""
        for result, row in zip(self.results, self.rows(), strict=True):
            colour = _COLOURS.get(result.status, "#000")
            output = (
                f"<details><summary>printed output</summary><pre>"
                f"{html.escape(result.output)}</pre></details>"
                if result.output
                else ""
            )
            body += (
                f'<tr class="kitlib-check-{result.status}">'
                f'<td style="{style}"><code>{html.escape(row[0])}</code><br>'
                f"<small>{html.escape(result.description)}</small></td>"
                f'<td style="{style};color:{colour};font-weight:bold">{row[1]}</td>'
                f'<td style="{style}">{row[2]}</td>'
                f'<td style="{style};white-space:pre-wrap">{html.escape(row[3])}'
                f"{output}</td></tr>"
            )
        notes = "".join(f"<li>{html.escape(note)}</li>" for note in self.notes)
        return (
            f'<div class="{REPORT_CLASS}"><b>{html.escape(self.exercise_id)}</b>: '
            f"{html.escape(self.title)}"
            f'<table style="border-collapse:collapse;margin:6px 0"><tr>{head}</tr>'
            f"{body}</table><p><b>{html.escape(self.summary())}</b></p>"
            + (f"<ul>{notes}</ul>" if notes else "")
            + "</div>"
        )

    def _repr_html_(self) -> str:
        return self.to_html()

    def __str__(self) -> str:
        return self.to_text()

    def __repr__(self) -> str:
        # A learner typing check(...) in a plain Python shell sees the table.
        return self.to_text()

    # --- data ---------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON-friendly), e.g. to send from the sandbox process."""
        return {
            "exercise_id": self.exercise_id,
            "title": self.title,
            "source": self.source,
            "notes": list(self.notes),
            "results": [asdict(r) for r in self.results],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        """Rebuild a report from :meth:`to_dict`."""
        return cls(
            exercise_id=data["exercise_id"],
            title=data["title"],
            results=[CheckResult(**r) for r in data["results"]],
            notes=list(data.get("notes", [])),
            source=data.get("source", "__main__"),
        )


def reports_to_csv(reports: Iterable[tuple[str, Report]]) -> str:
    """One CSV row per ``(student, report)``: score, max score and each check.

    Example:
        >>> report = Report("ex00", "demo", [CheckResult("a", "d", "pass", 1, 1)])
        >>> print(reports_to_csv([("alice", report)]).strip())
        student,exercise,score,max_score,a
        alice,ex00,1,1,1
    """
    pairs = list(reports)
    names: list[str] = []
    for _, report in pairs:
        names += [r.name for r in report.results if r.name not in names]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["student", "exercise", "score", "max_score", *names])
    for student, report in pairs:
        earned = {r.name: _num(r.points) for r in report.results}
        writer.writerow(
            [
                student,
                report.exercise_id,
                _num(report.score),
                _num(report.max_score),
                *[earned.get(name, "") for name in names],
            ]
        )
    return buffer.getvalue()


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _text_row(cells: tuple[str, ...], widths: list[int]) -> str:
    fixed = "  ".join(c.ljust(w) for c, w in zip(cells[:3], widths, strict=True))
    return f"{fixed}  {cells[3]}"


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        lines += textwrap.wrap(paragraph, width) or [""]
    return lines
