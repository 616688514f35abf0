"""LayerInspector: driven through its controls, checked against the layer itself."""

import base64

import numpy as np
import pytest

import kitlib
from kitlib.layers import Dense, Flatten
from kitlib.widgets import LayerInspector
from kitlib.widgets._base import ERROR_CLASS
from kitlib.widgets.heatmaps import heatmap_figure, weight_matrix
from kitlib.widgets.layer_inspector import parse_shape

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _png(output):
    return base64.b64decode(output.outputs[0]["data"]["image/png"])


def test_layer_inspector_shows_no_weights_before_build():
    inspector = LayerInspector(Dense(3))
    assert inspector.state.weight_rows() == []
    assert "No weights yet" in inspector.weights_table.value
    assert "not built" in inspector.title.value
    assert inspector.heatmap.outputs == ()
    assert inspector.weight_picker.layout.display == "none"
    assert "nothing recorded yet" in inspector.trace_view.value
    assert "no weights yet" in str(inspector)


def test_layer_inspector_build_button_creates_kernel_and_bias():
    layer = Dense(3)
    inspector = LayerInspector(layer, input_shape="(None, 5)")
    inspector.build_button.click()
    assert inspector.state.weight_rows() == [
        ("kernel", "(5, 3)", "float32", "GlorotUniform", True),
        ("bias", "(3,)", "float32", "Zeros", True),
    ]
    assert layer.kernel.shape == (5, 3)
    table = inspector.weights_table.value
    assert "kernel" in table and "(5, 3)" in table and "(3,)" in table
    assert "built for input (None, 5)" in inspector.title.value
    assert inspector.status.value == ""


def test_layer_inspector_trace_lists_lifecycle_in_order():
    inspector = LayerInspector(Dense(3), input_shape=5)
    inspector.build_button.click()
    expected = ["__call__", "build", "add_weight", "add_weight", "call", "node"]
    assert inspector.state.trace_kinds() == expected
    html = inspector.trace_view.value
    positions = [html.index(f"dense.{kind}(") for kind in ["__call__", "build", "call"]]
    assert positions == sorted(positions)
    assert html.count("<li>") == 6
    assert "dense.add_weight(name=kernel, shape=(5, 3)" in str(inspector)


def test_layer_inspector_heatmap_shows_kernel_then_picked_weight():
    inspector = LayerInspector(Dense(3), input_shape=5)
    inspector.build_button.click()
    assert inspector.weight_picker.options == (("kernel (5, 3)", 0), ("bias (3,)", 1))
    assert inspector.weight_picker.value == 0  # the 2-D kernel is drawn first
    assert _png(inspector.heatmap).startswith(PNG_MAGIC)
    assert inspector.heatmap.outputs[0]["data"]["text/plain"] == (
        "heatmap of kernel (5, 3)"
    )
    inspector.weight_picker.value = 1
    assert inspector.heatmap.outputs[0]["data"]["text/plain"] == "heatmap of bias (3,)"


def test_heatmap_figure_draws_the_weight_values_symmetrically(rng):
    kernel = rng.normal(size=(5, 3))
    image = heatmap_figure("kernel", kernel).axes[0].images[0]
    np.testing.assert_allclose(image.get_array(), kernel)
    limit = np.abs(kernel).max()
    assert image.get_clim() == pytest.approx((-limit, limit))


def test_weight_matrix_flattens_to_two_axes():
    conv_kernel = np.arange(3 * 3 * 2 * 4).reshape(3, 3, 2, 4)
    matrix = weight_matrix(conv_kernel)
    assert matrix.shape == (18, 4)
    np.testing.assert_array_equal(matrix[:, 1], conv_kernel[..., 1].ravel())
    assert weight_matrix(np.array([1.0, 2.0])).tolist() == [[1.0, 2.0]]
    assert weight_matrix(np.array(7.0)).shape == (1, 1)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("(None, 5)", (None, 5)),
        ("5", (None, 5)),
        ("5,", (None, 5)),
        ("[None, 5]", (None, 5)),
        (5, (None, 5)),
        ((5,), (None, 5)),
        ("(28, 28, 1)", (None, 28, 28, 1)),
        ("(32, 5)", (None, 32, 5)),  # no leading None: one sample's shape
    ],
)
def test_parse_shape_accepts_sample_or_batch_shapes(text, expected):
    assert parse_shape(text) == expected


@pytest.mark.parametrize("text", ["abc", "", "-2", "5.5", "(None, x)", (3, "a")])
def test_layer_inspector_shows_error_for_invalid_shape(text):
    layer = Dense(3)
    inspector = LayerInspector(layer, input_shape=5)
    inspector.shape_text.value = str(text) if isinstance(text, tuple) else text
    inspector.build_button.click()
    assert ERROR_CLASS in inspector.status.value
    assert "LayerInspector expects an input shape" in inspector.status.value
    assert not layer.built
    assert inspector.state.events == []


def test_layer_inspector_shows_exception_raised_by_the_layer():
    class Broken(kitlib.Layer):
        def build(self, input_shape):
            raise ValueError(f"cannot build for {input_shape}")

    inspector = LayerInspector(Broken(), input_shape=4)
    inspector.build_button.click()
    assert "ValueError: cannot build for (None, 4)" in inspector.status.value
    # The partial trace shows how far the lifecycle got.
    assert inspector.state.trace_kinds() == ["__call__", "build"]
    assert "error: ValueError" in str(inspector)


def test_layer_inspector_reports_other_feature_size_after_build():
    inspector = LayerInspector(Dense(3), input_shape=5)
    inspector.build_button.click()
    inspector.shape_text.value = "7"
    inspector.build_button.click()
    assert "built for inputs with 5 features" in inspector.status.value
    assert [row[1] for row in inspector.state.weight_rows()] == ["(5, 3)", "(3,)"]


def test_layer_inspector_second_build_skips_build_step():
    inspector = LayerInspector(Dense(3), input_shape=5)
    inspector.build_button.click()
    inspector.build_button.click()
    assert inspector.state.trace_kinds() == ["__call__", "call", "node"]
    assert "already built" in inspector.status.value


def test_layer_inspector_of_built_layer_shows_weights_at_once():
    layer = Dense(2)
    layer(kitlib.Input((4,)))
    inspector = LayerInspector(layer)
    assert inspector.shape_text.value == "(None, 4)"
    assert [row[:2] for row in inspector.state.weight_rows()] == [
        ("kernel", "(4, 2)"),
        ("bias", "(2,)"),
    ]


def test_layer_inspector_of_layer_without_weights():
    inspector = LayerInspector(Flatten(), input_shape="(2, 3)")
    inspector.build_button.click()
    assert inspector.state.trace_kinds()[:2] == ["__call__", "build"]
    assert "This layer has no weights." in inspector.weights_table.value


def test_layer_inspector_runs_seed_000_custom_dense():
    class MyDenseLayer(kitlib.Layer):
        def __init__(self, num_outputs):
            super().__init__()
            self.num_outputs = num_outputs

        def build(self, input_shape):
            self.kernel = self.add_weight(
                "kernel", shape=[int(input_shape[-1]), self.num_outputs]
            )

        def call(self, inputs):
            return kitlib.ops.matmul(inputs, self.kernel)

    inspector = LayerInspector(MyDenseLayer(10), input_shape="(None, 5)")
    inspector.build_button.click()
    assert [row[:2] for row in inspector.state.weight_rows()] == [("kernel", "(5, 10)")]
    assert inspector.state.trace_kinds() == [
        "__call__",
        "build",
        "add_weight",
        "call",
        "node",
    ]


def test_layer_inspector_rejects_non_layer():
    with pytest.raises(TypeError, match="expects a kitlib Layer.*received KerasTensor"):
        LayerInspector(kitlib.Input((3,)))


def test_layer_inspector_handler_errors_are_shown_not_raised(monkeypatch):
    inspector = LayerInspector(Dense(3), input_shape=5)

    def explode(shape):
        raise RuntimeError("widget bug")

    monkeypatch.setattr(inspector.state, "build", explode)
    inspector.build_button.click()  # must not raise
    assert ERROR_CLASS in inspector.status.value
    assert "RuntimeError: widget bug" in inspector.status.value


def test_layer_inspector_display_bundle_has_widget_and_fallbacks():
    inspector = LayerInspector(Dense(3), input_shape=5)
    inspector.build_button.click()
    bundle = inspector._repr_mimebundle_()
    view = bundle["application/vnd.jupyter.widget-view+json"]
    assert view["model_id"] == inspector.widget.model_id
    assert bundle["text/plain"] == str(inspector)
    assert "<table" in bundle["text/html"] and "kernel" in bundle["text/html"]
    assert "kitlib-layer-inspector" in inspector.widget._dom_classes
