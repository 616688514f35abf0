"""Each widget family works when a learner clicks it in JupyterLab.

Every test drives a widget in the notebook that teaches it, through the DOM that
ipywidgets 8 renders (``<button>``, ``<select>``, HTML tables in
``.widget-html-content``), and checks the values the widget shows against
numbers worked out by hand from the notebook's model.
"""

from __future__ import annotations

import re

import pytest

from tests.browser._lab import ROOT

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="playwright missing").expect

# Every table inside a widget: rows of cell texts.
TABLES_JS = """el => [...el.querySelectorAll('table')].map(t =>
  [...t.rows].map(r => [...r.cells].map(c => c.textContent.trim())))"""


def _tables(locator):
    return locator.evaluate(TABLES_JS)


def _trace_kinds(inspector, layer_name):
    """Kinds of the lifecycle trace items of ``layer_name`` (``probe.build(...)``)."""
    items = inspector.locator("ol li").all_inner_texts()
    prefix = f"{layer_name}."
    return [
        item.split("(")[0].removeprefix(prefix)
        for item in items
        if item.startswith(prefix)
    ]


def test_layer_inspector_build_button_creates_kernel_and_bias(opened, shoot):
    tab = opened("layer")
    # The notebook's own inspector was built from Python (build_button.click()):
    # the browser shows its (4, 3) kernel, so kernel-side clicks reach the page.
    shown = tab.locator(".kitlib-layer-inspector").first
    assert ["kernel", "(4, 3)"] in [row[:2] for row in _tables(shown)[0]]

    cell = tab.add_cell_and_run(
        "from kitlib.layers import Dense\n"
        "from kitlib.widgets import LayerInspector\n"
        "LayerInspector(Dense(3, name='probe'), input_shape=5)"
    )
    inspector = cell.locator(".kitlib-layer-inspector")
    expect(inspector).to_contain_text("No weights yet")
    assert _tables(inspector) == []  # no weight table before build
    assert inspector.locator("img").count() == 0  # no heatmap either

    inspector.locator("button", has_text="Build").click()
    expect(inspector).to_contain_text("built for input (None, 5)")
    rows = [row[:2] for row in _tables(inspector)[0][1:]]
    # Dense(3) on 5 features: kernel (5, 3), bias (3,).
    assert rows == [["kernel", "(5, 3)"], ["bias", "(3,)"]]
    kinds = _trace_kinds(inspector, "probe")
    assert kinds == ["__call__", "build", "add_weight", "add_weight", "call", "node"]
    expect(inspector.locator("img")).to_have_count(1)  # the kernel's heatmap
    assert inspector.locator(".kitlib-widget-error").count() == 0
    shoot(inspector, "interaction--layer-inspector-built")


def test_graph_explorer_shows_the_picked_nodes_attributes(opened, shoot):
    tab = opened("graph")
    explorer = tab.locator(".kitlib-graph-explorer").first
    picker = explorer.locator("select").first
    drawing = explorer.locator("img").first
    # The notebook picked F = Concatenate([E (None, 3), D (None, 4)]).
    attributes = dict(map(tuple, _tables(explorer)[0][1:]))
    assert attributes["outbound_layer"] == "F (Concatenate)"
    assert attributes["inbound_layers"] == "[E, D]"
    assert attributes["input_shapes"] == "(None, 3), (None, 4)"
    assert attributes["output_shapes"] == "(None, 7)"
    before = drawing.get_attribute("src")

    picker.select_option(label="G")
    expect(explorer).to_contain_text("G (Dense)")
    attributes = dict(map(tuple, _tables(explorer)[0][1:]))
    # G = Dense(2) on F's (None, 7) output: one parent, first call, the output.
    assert attributes == {
        "outbound_layer": "G (Dense)",
        "inbound_layers": "[F]",
        "node_indices": "[0]",
        "tensor_indices": "[0]",
        "input_shapes": "(None, 7)",
        "output_shapes": "(None, 2)",
        "depth": "0",
        "call number": "0 of G",
    }
    history = _tables(explorer)[1][1:]
    assert history == [
        ["input 0", "(None, 7)", "F", "0", "0"],
        ["output 0", "(None, 2)", "G", "0", "0"],
    ]
    expect(drawing).not_to_have_attribute("src", before)  # redrawn, G highlighted

    explorer.locator("button", has_text="Next").click()
    expect(explorer).to_contain_text(re.compile(r"step 7/\d+"))
    shoot(explorer, "interaction--graph-explorer-picked-G")


def test_training_monitor_curves_grow_during_fit(opened, shoot):
    tab = opened("monitor")
    log = tab.monitor_log()
    assert log, "the page never showed a TrainingMonitor"
    log = [entry for entry in log if entry["monitor"] == log[0]["monitor"]]  # the first
    counted = re.compile(r"(\d+) epoch\(s\) recorded, fit\(epochs=(\d+)\)")
    during_fit = []
    for entry in log:
        found = counted.search(entry["title"])
        if found and entry["running"]:
            during_fit.append((int(found.group(1)), entry["picture"]))
    epochs = [count for count, _ in during_fit]
    # Redrawn while fit still ran, with more epochs each time, new curves each time.
    assert len(set(epochs)) >= 3, f"epoch counts seen during fit: {epochs}"
    assert epochs == sorted(epochs)
    assert len({picture for _, picture in during_fit}) >= 3
    final = counted.search(log[-1]["title"])
    assert final and final.group(1) == final.group(2)  # all epochs of fit drawn
    monitor = tab.locator(".kitlib-training-monitor").first
    width = monitor.locator("img").first.evaluate("img => img.naturalWidth")
    assert width > 0
    shoot(monitor, "interaction--training-monitor-after-fit")
    print("monitor states seen during fit (epochs):", epochs)


def test_filter_viewer_refresh_and_activation_viewer_layer_pick(opened, shoot):
    tab = opened("cnn")
    viewer = tab.locator(".kitlib-filter-viewer").first
    expect(viewer).to_contain_text("16 filters of 3x3, kernel (3, 3, 1, 16)")
    # Give filter i the constant value i/10: min = max = mean = i/10, and its
    # L2 norm over 3 x 3 x 1 values is sqrt(9 * (i/10)**2) = 3 * i/10.
    tab.add_cell_and_run(
        "import numpy as np\n"
        "conv_kernel = cnn.get_layer('conv').kernel\n"
        "conv_kernel.assign(np.ones((3, 3, 1, 16), 'float32') * np.arange(16) / 10)"
    )
    picture = viewer.locator("img").first.get_attribute("src")
    viewer.locator("button", has_text="Refresh").click()
    expect(viewer.locator("img").first).not_to_have_attribute("src", picture)
    expected = [
        [str(i), *[f"{i / 10:+.4f}"] * 3, f"{3 * i / 10:+.4f}"] for i in range(16)
    ]
    assert _tables(viewer)[0][1:] == expected
    shoot(viewer, "interaction--filter-viewer-refreshed")

    activations = tab.locator(".kitlib-activation-viewer").first
    picture = activations.locator("img").first.get_attribute("src")
    activations.locator("select").select_option(label="pool")
    expect(activations.locator("img").first).not_to_have_attribute("src", picture)
    shapes = {row[0]: row[1] for row in _tables(activations)[0][1:]}
    # 8x8 digits, 'same' 3x3 conv with 16 filters, then 2x2 max pooling.
    assert shapes == {"conv": "(None, 8, 8, 16)", "pool": "(None, 4, 4, 16)"}
    assert tab.locator(".kitlib-widget-error").count() == 0
    shoot(activations, "interaction--activation-viewer-pool")


EXERCISE = "exercises/ex01_custom_dense/ex01_custom_dense.ipynb"
# A learner's first try at ex01: everything right but the kernel, stored transposed.
TRANSPOSED_DENSE = """\
class MyDense(Layer):
    def __init__(self, units, activation=None, use_bias=True, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.activation = activations.get(activation)
        self.use_bias = use_bias

    def build(self, input_shape):
        shape = (self.units, input_shape[-1])
        self.kernel = self.add_weight(name="kernel", shape=shape, initializer="glorot_uniform")
        self.bias = self.add_weight(name="bias", shape=(self.units,), initializer="zeros")

    def call(self, inputs):
        return self.activation(ops.matmul(inputs, ops.transpose(self.kernel)) + self.bias)

    def get_config(self):
        activation = activations.serialize(self.activation)
        return {**super().get_config(), "units": self.units, "activation": activation,
                "use_bias": self.use_bias}"""
REPORT_ROWS_JS = """el => [...el.querySelectorAll('tr[class^="kitlib-check-"]')].map(r =>
  [r.querySelector('code').textContent, r.className.replace('kitlib-check-', '')])"""
GRADED_CELL = re.compile(r"\('# \d+ points?:")


def test_exercise_check_button_reports_failures_for_the_stub(lab, shoot):
    if not (ROOT / EXERCISE).exists():
        pytest.skip(f"{EXERCISE} does not exist yet")
    tab, result = lab.run(EXERCISE, keep=True)
    try:
        # With the stub, the graded test cells fail (that is their job); nothing else may.
        assert [p for p in result.problems if not GRADED_CELL.search(p)] == []
        assert any("raised AssertionError" in p for p in result.problems)

        table = tab.locator(".jp-Notebook-cell").filter(
            has_text='check("ex01_custom_dense")'
        )
        rows = table.locator(".kitlib-grading-report").evaluate(REPORT_ROWS_JS)
        assert len(rows) == 6 and {status for _, status in rows} == {"todo"}

        checker = tab.locator(".kitlib-grading-check")
        expect(checker).to_contain_text("Click to check")
        checker.locator("button", has_text="Check my work").click()
        report = checker.locator(".kitlib-grading-report")
        expect(report).to_contain_text("0 of 6 checks passed")
        assert (
            report.evaluate(REPORT_ROWS_JS) == rows
        )  # the same checks, all still to do

        tab.add_cell_and_run(TRANSPOSED_DENSE)
        checker.locator("button", has_text="Check my work").click()
        expect(report).to_contain_text("5 of 6 checks passed")
        failed = [
            name for name, status in report.evaluate(REPORT_ROWS_JS) if status != "pass"
        ]
        assert failed == ["build_creates_kernel_and_bias"]
        expect(report).to_contain_text("transposed")
        assert checker.locator(".kitlib-widget-error").count() == 0
        shoot(checker, "interaction--exercise-check-transposed-kernel")
    finally:
        lab.release(EXERCISE)
