"""Shared plumbing of the teaching widgets: the view base class and render helpers.

Notebook: ``notebooks/02_layer_lifecycle.ipynb`` (the first widget a learner meets).

Three concerns live here so every widget handles them the same way:

* **Display with and without a front-end.** :class:`WidgetView` hands IPython
  a bundle holding the live widget *and* an HTML and a plain-text rendering
  of the same state. JupyterLab draws the live widget; nbval, CI logs and
  exported HTML fall back to the static forms.
* **Figures.** Widgets draw on a bare ``matplotlib.figure.Figure`` (never
  ``pyplot``), so no global figure leaks into the notebook, and put the PNG
  into an ``Output`` widget's ``outputs``. Setting that trait directly is the
  thread-safe way ipywidgets documents; it works the same in a kernel and in
  a plain Python test.
* **Errors in callbacks.** An exception in a button handler ends up in a log
  the learner never sees. :func:`guarded` shows it inside the widget instead.
"""

from __future__ import annotations

import base64
import functools
import html
import io
import traceback
from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets
from IPython import get_ipython
from matplotlib.figure import Figure

ERROR_CLASS = "kitlib-widget-error"  # CSS class browser tests can look for


class WidgetView:
    """Base class of kitlib widgets: a state object plus the ipywidgets that show it.

    Subclasses set ``self.widget`` (the root ``ipywidgets`` box) and
    ``self.status`` (an ``HTML`` widget for messages), and implement
    ``__str__`` (plain text) and ``to_html`` (static HTML) from their state.
    """

    widget: ipywidgets.Widget
    status: ipywidgets.HTML

    def to_html(self) -> str:
        """A static HTML view of the current state (no JavaScript needed)."""
        return f"<pre>{html.escape(str(self))}</pre>"

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict:
        # The widget-view entry wins in JupyterLab; the other two are what a
        # notebook without a widget front-end (nbval, exported HTML) shows.
        bundle = dict(self.widget._repr_mimebundle_(include=include, exclude=exclude))
        bundle["text/plain"] = str(self)
        bundle["text/html"] = self.to_html()
        return bundle

    def show_error(self, message: str) -> None:
        """Show ``message`` in the status line, styled as an error."""
        self.status.value = error_html(message)

    def clear_status(self, note: str = "") -> None:
        """Replace the status line with a neutral ``note`` (or nothing)."""
        self.status.value = f"<i>{html.escape(note)}</i>" if note else ""


def guarded(method: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a widget callback so an exception is shown in the widget, not lost.

    The traceback's last line is displayed in ``self.status``; the full
    traceback goes into a collapsible block for the curious.
    """

    @functools.wraps(method)
    def wrapper(self: WidgetView, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except Exception as error:  # noqa: BLE001 - shown to the learner, not hidden
            detail = traceback.format_exc()
            self.status.value = error_html(f"{type(error).__name__}: {error}", detail)
            return None

    return wrapper


def error_html(message: str, detail: str = "") -> str:
    """A red, escaped error box; ``detail`` (a traceback) folds away."""
    body = html.escape(message)
    if detail:
        body += (
            "<details><summary>traceback</summary>"
            f"<pre>{html.escape(detail)}</pre></details>"
        )
    return (
        f'<div class="{ERROR_CLASS}" style="color:#b00020;border:1px solid #b00020;'
        f'padding:4px 8px;white-space:pre-wrap">{body}</div>'
    )


def html_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A small bordered HTML table; every cell is escaped."""
    style = "border:1px solid #ccc;padding:2px 8px;text-align:left"
    head = "".join(f'<th style="{style}">{html.escape(str(h))}</th>' for h in headers)
    body = "".join(
        "<tr>"
        + "".join(f'<td style="{style}">{html.escape(str(c))}</td>' for c in row)
        + "</tr>"
        for row in rows
    )
    return f'<table style="border-collapse:collapse"><tr>{head}</tr>{body}</table>'


def text_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """The same table in fixed-width plain text, for ``__str__``."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


def figure_png(figure: Figure) -> bytes:
    """Render a matplotlib figure to PNG bytes (Agg, no pyplot involved)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=figure.dpi, bbox_inches="tight")
    return buffer.getvalue()


def show_figure(output: ipywidgets.Output, figure: Figure, alt_text: str) -> None:
    """Replace ``output``'s content with ``figure`` as a PNG (``alt_text`` as text)."""
    png = base64.b64encode(figure_png(figure)).decode("ascii")
    output.outputs = (
        {
            "output_type": "display_data",
            "data": {"image/png": png, "text/plain": alt_text},
            "metadata": {},
        },
    )


def show_text(output: ipywidgets.Output, text: str) -> None:
    """Replace ``output``'s content with plain ``text``."""
    output.outputs = (
        {"output_type": "display_data", "data": {"text/plain": text}, "metadata": {}},
    )


def output_text(output: ipywidgets.Output) -> str:
    """The plain-text part of what ``output`` shows (tests and summaries read it)."""
    return "\n".join(item["data"].get("text/plain", "") for item in output.outputs)


def in_kernel() -> bool:
    """Whether code runs inside a Jupyter kernel, where a widget can be displayed."""
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None
