"""What counts as a broken notebook or widget in the browser, as a list of problems.

Each check reads one source of truth and returns human-readable problems:

* the saved notebook: cells that did not run, error outputs (cells tagged
  ``raises-exception`` may raise: JupyterLab goes on after them);
* the DOM: widget outputs that show "Error displaying widget", stay on the
  "Loading widget..." placeholder or render no widget view at all, ipywidgets'
  error view, and kitlib widgets showing a caught callback error
  (``.kitlib-widget-error``);
* the kernel messages the page received: an ``error`` whose parent is not an
  ``execute_request`` comes from a widget callback (a click handler, an
  observer). No cell shows it; the learner only sees a button doing nothing;
* the browser console: uncaught page errors, and what the widget manager logs
  when a widget's model or view class cannot be loaded.
"""

from __future__ import annotations

from typing import Any

from tests.browser._page_js import KernelMessage, dom_js

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def _where(index: int, cell: dict) -> str:
    source = "".join(cell.get("source", ""))
    first = next((line for line in source.splitlines() if line.strip()), "")
    return f"cell {index} ({first[:60]!r})"


def notebook_problems(notebook: dict) -> list[str]:
    """Cells of the saved notebook that did not run or show an error output."""
    problems = []
    for index, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] != "code":
            continue
        allowed = "raises-exception" in cell.get("metadata", {}).get("tags", [])
        if cell.get("execution_count") is None and "".join(cell["source"]).strip():
            problems.append(
                f"{_where(index, cell)} did not run (Run All stopped before it)"
            )
        for output in cell.get("outputs", []):
            if output["output_type"] == "error" and not allowed:
                problems.append(
                    f"{_where(index, cell)} raised {output['ename']}: {output['evalue']}"
                )
    return problems


def dom_problems(notebook: dict, dom: dict) -> list[str]:
    """Widgets that did not render, placeholders, and errors shown in kitlib widgets."""
    problems = [f"a widget shows {text[:120]!r}" for text in dom["placeholders"]]
    problems += [
        f"a kitlib widget shows an error: {text}" for text in dom["kitlibErrors"]
    ]
    cells = notebook["cells"]
    for index in dom["errorViews"]:
        where = _where(index, cells[index]) if 0 <= index < len(cells) else "a cell"
        problems.append(
            f"{where}: a widget view failed to render (ipywidgets' error box)"
        )
    if len(cells) != len(dom["cells"]):
        return problems + [
            f"the page shows {len(dom['cells'])} cells, the file has {len(cells)}"
        ]
    for index, (cell, shown) in enumerate(zip(cells, dom["cells"], strict=True)):
        for number, output in enumerate(cell.get("outputs", [])):
            view = output.get("data", {}).get(WIDGET_MIME)
            if not view or not view.get("model_id"):
                continue  # not a widget, or a widget closed on purpose (hidden)
            if number >= len(shown["outputs"]):
                problems.append(
                    f"{_where(index, cell)}: widget output {number} is missing"
                )
            elif not shown["outputs"][number]["view"]:
                text = shown["outputs"][number]["text"][:120]
                problems.append(
                    f"{_where(index, cell)}: widget output {number} did not render "
                    f"a widget, it shows {text!r}"
                )
    return problems


def message_problems(messages: list[KernelMessage]) -> list[str]:
    """Exceptions raised in widget callbacks, as the kernel reported them."""
    problems = []
    for message in messages:
        if message.msg_type == "error" and message.parent_type != "execute_request":
            content = message.content
            problems.append(
                f"exception in a widget callback ({message.parent_type}): "
                f"{content.get('ename')}: {content.get('evalue')}"
            )
    return problems


def console_problems(errors: list[str]) -> list[str]:
    """Uncaught page errors and errors the widget manager logged (a model or view
    class that failed to load leaves only a text placeholder in the cell)."""
    return [
        f"the page logged: {error[:200]}"
        for error in errors
        if error.startswith("pageerror:") or "jupyter-widgets" in error
    ]


def all_problems(
    notebook: dict, dom: dict, messages: list[KernelMessage], errors: list[str]
) -> list[str]:
    """Every problem the four checks find."""
    return (
        notebook_problems(notebook)
        + dom_problems(notebook, dom)
        + message_problems(messages)
        + console_problems(errors)
    )


def check_page(tab: Any, notebook: dict) -> list[str]:
    """Every problem of an open notebook tab (after a short wait for placeholders)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        tab.page.wait_for_function(
            f"() => ![...document.querySelectorAll('{tab.selector} .jp-OutputArea-output')]"
            ".some(e => e.textContent.trim() === 'Loading widget...')",
            timeout=5000,
        )
    except PlaywrightTimeout:
        pass  # a placeholder that stays is reported by dom_problems
    dom = tab.page.evaluate(dom_js(tab.selector))
    return all_problems(notebook, dom, tab.messages, tab.console_errors)
