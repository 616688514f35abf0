"""A "Check my work" button: the same checks as ``check()``, one click away.

Notebook: every exercise notebook in ``exercises/``
(``check("ex01_custom_dense", widget=True)``).

Clicking runs the public checks on the notebook's current definitions (so a
learner can edit a cell, re-run it and click again) and shows the report
table under the button. Without a widget front-end (nbval, a static viewer)
the text form is shown instead.
"""

from __future__ import annotations

from typing import Any

import ipywidgets

from kitlib.grading import checker
from kitlib.grading.exercise import Exercise
from kitlib.grading.report import Report
from kitlib.widgets._base import WidgetView, guarded


class CheckWidget(WidgetView):
    """A button that runs an exercise's checks and an area that shows the table.

    Args:
        exercise: the exercise to check.
        namespace: the learner's definitions (default: the notebook's).
        names: the checks to run (default: all).

    Attributes:
        button: the "Check my work" button (tests call ``button.click()``).
        result: the HTML area holding the last report.
        report: the last :class:`~kitlib.grading.report.Report`, or None.
    """

    def __init__(
        self,
        exercise: Exercise,
        namespace: dict[str, Any] | None = None,
        names: list[str] | None = None,
    ) -> None:
        self.exercise = exercise
        self.namespace = namespace
        self.names = names
        self.report: Report | None = None
        self.button = ipywidgets.Button(
            description="Check my work",
            button_style="primary",
            icon="check",
            tooltip=f"Run the public checks of {exercise.id} on your code",
        )
        self.button.add_class("kitlib-grading-check-button")
        self.result = ipywidgets.HTML(
            value=f"<i>Click to check your {exercise.id} code.</i>"
        )
        self.status = ipywidgets.HTML()
        self.widget = ipywidgets.VBox([self.button, self.status, self.result])
        self.widget.add_class("kitlib-grading-check")
        self.button.on_click(self._on_click)

    @guarded
    def _on_click(self, _button: Any = None) -> None:
        self.clear_status("checking...")
        namespace = (
            checker.learner_namespace() if self.namespace is None else self.namespace
        )
        self.report = checker.run_checks(self.exercise, namespace, names=self.names)
        self.result.value = self.report.to_html()
        self.clear_status()

    def __str__(self) -> str:
        if self.report is None:
            return f"[Check my work] ({self.exercise.id}: not checked yet)"
        return self.report.to_text()

    def to_html(self) -> str:
        """The last report as HTML (or the prompt before the first click)."""
        return self.result.value
