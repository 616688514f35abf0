"""ActivationViewer: intermediate outputs equal the layers' outputs; widget driven from Python."""

import base64

import numpy as np
import pytest

from kitlib import Input, Model
from kitlib.layers import Conv2D, Dense, Flatten, MaxPooling2D
from kitlib.models import Sequential
from kitlib.widgets.activation_viewer import ActivationViewer, ActivationViewerState

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def small_cnn():
    inputs = Input(shape=(6, 6, 1))
    conv = Conv2D(3, 3, padding="same", activation="relu", name="conv")
    pool = MaxPooling2D(name="pool")
    dense = Dense(4, name="dense")
    outputs = dense(Flatten()(pool(conv(inputs))))
    return Model(inputs, outputs), conv, pool, dense


def test_activations_equal_running_the_layers_by_hand(rng):
    model, conv, pool, dense = small_cnn()
    x = rng.normal(size=(2, 6, 6, 1)).astype("float32")
    state = ActivationViewerState(model, ["conv", "pool", "dense"], x, sample=1)
    conv_out = conv(x[1:2]).numpy()[0]
    np.testing.assert_allclose(state.activations["conv"], conv_out, rtol=1e-6)
    np.testing.assert_allclose(
        state.activations["pool"], pool(conv(x[1:2])).numpy()[0], rtol=1e-6
    )
    np.testing.assert_allclose(
        state.activations["dense"], model(x[1:2]).numpy()[0], rtol=1e-5
    )
    maps = state.feature_maps("conv")
    assert maps.shape == (3, 6, 6)
    np.testing.assert_allclose(maps[2], conv_out[:, :, 2], rtol=1e-6)
    assert state.feature_maps("dense").shape == (1, 1, 4)


def test_single_sample_gets_a_batch_axis(rng):
    model, conv, _, _ = small_cnn()
    x = rng.normal(size=(6, 6, 1)).astype("float32")
    state = ActivationViewerState(model, "conv", x)
    np.testing.assert_allclose(
        state.activations["conv"], conv(x[None]).numpy()[0], rtol=1e-6
    )


def test_default_layers_skip_the_input_layer(rng):
    model, *_ = small_cnn()
    state = ActivationViewerState(model, x=np.zeros((6, 6, 1)))
    assert state.layer_names == ["conv", "pool", "flatten", "dense"]


def test_text_summary_rows(rng):
    model, *_ = small_cnn()
    model.get_layer("conv").kernel.assign(-np.ones((3, 3, 1, 3)))
    text = str(ActivationViewerState(model, ["conv"], np.ones((6, 6, 1))))
    # relu of a negative response: every activation is zero.
    assert "conv   (None, 6, 6, 3)  +0.0000  +0.0000  +0.0000  100%" in text
    assert "no input yet" in str(ActivationViewerState(model, ["conv"]))


def test_figure_grid_matches_the_maps(rng):
    model, *_ = small_cnn()
    state = ActivationViewerState(model, ["conv"], rng.normal(size=(6, 6, 1)))
    figure = state.figure("conv")
    assert len(figure.axes) == 3
    np.testing.assert_allclose(
        figure.axes[1].images[0].get_array(), state.feature_maps("conv")[1], rtol=1e-6
    )
    assert len(state.figure("conv", max_maps=2).axes) == 2


def test_widget_picker_switches_layers_and_run_updates(rng):
    model, *_ = small_cnn()
    viewer = ActivationViewer(model, ["conv", "dense"], rng.normal(size=(6, 6, 1)))
    data = viewer.image.outputs[0]["data"]
    assert base64.b64decode(data["image/png"]).startswith(PNG_MAGIC)
    assert data["text/plain"] == "feature maps of conv (None, 6, 6, 3)"
    viewer.layer_picker.value = "dense"
    assert (
        viewer.image.outputs[0]["data"]["text/plain"]
        == "feature maps of dense (None, 4)"
    )
    before = viewer.state.activations["dense"].copy()
    viewer.run(np.ones((6, 6, 1)))
    assert not np.allclose(before, viewer.state.activations["dense"])
    assert "dense" in viewer.stats_table.value


def test_widget_without_input_waits_for_run():
    model, *_ = small_cnn()
    viewer = ActivationViewer(model, ["pool"])
    assert viewer.image.outputs == ()
    assert "call run(x)" in viewer.status.value


def test_works_with_sequential(rng):
    model = Sequential([Conv2D(2, 3, input_shape=(5, 5, 1), name="c"), Flatten()])
    viewer = ActivationViewer(model, ["c"], rng.normal(size=(5, 5, 1)))
    assert viewer.state.feature_maps("c").shape == (2, 3, 3)


def test_errors(rng):
    model, *_ = small_cnn()
    with pytest.raises(ValueError, match="no layer named 'conv1'.*Did you mean 'conv'"):
        ActivationViewer(model, ["conv1"])
    with pytest.raises(
        ValueError, match=r"expects an input of shape \(None, 6, 6, 1\)"
    ):
        ActivationViewer(model, ["conv"], np.zeros((6, 6)))
    with pytest.raises(ValueError, match="sample=3"):
        ActivationViewer(model, ["conv"], np.zeros((2, 6, 6, 1)), sample=3)
    with pytest.raises(TypeError, match="expects a kitlib Model"):
        ActivationViewer(Dense(2))


def test_display_bundle_has_text_and_html_fallbacks(rng):
    model, *_ = small_cnn()
    viewer = ActivationViewer(model, ["conv"], rng.normal(size=(6, 6, 1)))
    bundle = viewer._repr_mimebundle_()
    assert bundle["text/plain"] == str(viewer)
    assert "conv" in bundle["text/html"]
    assert "kitlib-activation-viewer" in viewer.widget._dom_classes
