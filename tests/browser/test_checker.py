"""The browser checks catch a broken widget front-end (acceptance of issue 7).

A throw-away notebook, written at test time next to the copied notebooks, holds
one deliberately broken widget per cell: a click handler and an observer that
raise, widget outputs the page cannot render, an error cell. It runs through
the same ``lab.run`` as the real notebooks; each test asserts that the checker
names the broken cell, and that it leaves the working cells alone.
"""

from __future__ import annotations

import json

import pytest

from tests.browser._checks import check_page, message_problems

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="playwright missing").expect

PATH = "selftest/broken_widgets.ipynb"
SETUP = """\
import ipywidgets as widgets
import traitlets
from IPython.display import display

from kitlib.layers import Dense
from kitlib.widgets import LayerInspector"""
CASES = {
    "fine-button": """\
fine = widgets.Button(description="Fine")
clicks = widgets.Label("clicked 0")
fine.on_click(lambda _: setattr(clicks, "value", f"clicked {int(clicks.value[8:]) + 1}"))
widgets.HBox([fine, clicks])""",
    "raising-click-handler": """\
boom = widgets.Button(description="Boom")
boom.on_click(lambda _: 1 / 0)
boom""",
    "raising-observer": """\
fragile = widgets.IntSlider(description="fragile")
fragile.observe(lambda change: {}["missing"], names="value")
fragile""",
    "unknown-model": """\
view = {"model_id": "0" * 32, "version_major": 2, "version_minor": 0}
display({"application/vnd.jupyter.widget-view+json": view, "text/plain": "?"}, raw=True)""",
    "closed-model": """\
gone = widgets.IntSlider(description="gone")
bundle = gone._repr_mimebundle_()
gone.close()  # the page drops the model: the output's view has nothing to show
display(bundle, raw=True)""",
    "missing-view-class": """\
class NoView(widgets.DOMWidget):
    _view_name = traitlets.Unicode("NoSuchView").tag(sync=True)
    _view_module = traitlets.Unicode("@jupyter-widgets/controls").tag(sync=True)
    _view_module_version = traitlets.Unicode("2.0.0").tag(sync=True)
NoView()""",
    "missing-model-class": """\
class NoModel(widgets.DOMWidget):
    _model_module = traitlets.Unicode("no-such-widget-module").tag(sync=True)
    _view_name = traitlets.Unicode("ButtonView").tag(sync=True)
NoModel()""",
    "kitlib-inspector": """\
inspector = LayerInspector(Dense(3, name="probe"), input_shape="three")
inspector""",
    "tagged-error": 'raise ValueError("raised on purpose: this cell is tagged raises-exception")',
    "error-cell": "1 / 0",
    "after-error": 'print("never runs: Run All stops at the error above")',
}


def _notebook() -> dict:
    def code(source: str, tags: tuple = ()) -> dict:
        meta = {"tags": list(tags)} if tags else {}
        return {"cell_type": "code", "execution_count": None, "metadata": meta,
                "outputs": [], "source": source}  # fmt: skip

    cells = [{"cell_type": "markdown", "metadata": {}, "source": "# Broken widgets"}]
    cells.append(code(SETUP))
    for name, source in CASES.items():
        tags = ("raises-exception",) if name == "tagged-error" else ()
        cells.append(code(f"# case: {name}\n{source}", tags))
    kernelspec = {
        "name": "python3",
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    return {"cells": cells, "metadata": {"kernelspec": kernelspec}, "nbformat": 4,
            "nbformat_minor": 5}  # fmt: skip


@pytest.fixture(scope="module")
def broken(lab):
    """The broken notebook after Run All, open in the browser: (tab, problems)."""
    target = lab.server.root / PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(_notebook(), indent=1))
    tab, result = lab.run(PATH, keep=True)
    yield tab, result
    lab.release(PATH)


def _about(problems, case):
    return [p for p in problems if f"# case: {case}" in p]


def _callback_problems_after(tab, action, timeout_ms=10_000):
    """Do ``action``; the new callback problems, once the kernel has answered."""
    before = len(message_problems(tab.messages))
    action()
    waited = 0
    while len(message_problems(tab.messages)) == before and waited < timeout_ms:
        tab.page.wait_for_timeout(100)
        waited += 100
    tab.wait_idle(30)
    return message_problems(tab.messages)[before:]


def _cell(tab, case):
    return tab.locator(".jp-Notebook-cell").filter(has_text=f"# case: {case}")


def test_working_widgets_and_tagged_errors_are_not_flagged(broken):
    tab, result = broken
    assert not _about(result.problems, "fine-button")
    assert not _about(result.problems, "tagged-error")
    assert not _about(result.problems, "kitlib-inspector")
    assert message_problems(tab.messages) == []  # nothing clicked yet
    new = _callback_problems_after(
        tab,
        lambda: _cell(tab, "fine-button").locator("button").click(),
        timeout_ms=1500,
    )
    expect(_cell(tab, "fine-button")).to_contain_text("clicked 1")
    assert new == []


def test_an_error_cell_and_the_cells_it_stopped_are_flagged(broken):
    _, result = broken
    assert any(
        "raised ZeroDivisionError" in p for p in _about(result.problems, "error-cell")
    )
    assert any("did not run" in p for p in _about(result.problems, "after-error"))


@pytest.mark.parametrize("case", ["unknown-model", "closed-model"])
def test_a_widget_output_without_its_model_is_flagged(broken, case):
    _, result = broken
    assert any("did not render a widget" in p for p in _about(result.problems, case))
    assert any("Error displaying widget" in p for p in result.problems)


def test_a_view_class_that_fails_to_load_is_flagged(broken):
    _, result = broken
    assert any(
        "failed to render" in p for p in _about(result.problems, "missing-view-class")
    )


def test_a_model_class_that_fails_to_load_is_flagged(broken):
    _, result = broken
    # Only the text placeholder is left in the cell; the widget manager logs why.
    assert _about(result.problems, "missing-model-class")
    assert any("no-such-widget-module" in p for p in result.problems)


def test_an_exception_in_a_click_handler_is_flagged(broken):
    tab, _ = broken
    button = _cell(tab, "raising-click-handler").locator("button")
    new = _callback_problems_after(tab, button.click)
    assert len(new) == 1 and "ZeroDivisionError" in new[0]


def test_an_exception_in_an_observer_is_flagged(broken):
    tab, _ = broken
    handle = _cell(tab, "raising-observer").locator(".noUi-handle")
    new = _callback_problems_after(
        tab, lambda: (handle.focus(), handle.press("ArrowRight"))
    )
    assert len(new) == 1 and "KeyError" in new[0]


def test_an_error_inside_a_kitlib_widget_is_flagged(broken):
    tab, result = broken
    inspector = _cell(tab, "kitlib-inspector").locator(".kitlib-layer-inspector")
    inspector.locator("button", has_text="Build").click()
    expect(inspector.locator(".kitlib-widget-error")).to_contain_text("'three'")
    problems = check_page(tab, result.notebook)
    assert any("kitlib widget shows an error" in p and "three" in p for p in problems)
