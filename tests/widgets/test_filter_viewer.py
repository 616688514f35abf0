"""FilterViewer: driven from Python; images and text checked against the kernel."""

import base64

import numpy as np
import pytest

from kitlib.layers import Conv1D, Conv2D, Dense
from kitlib.widgets.filter_viewer import FilterViewer, FilterViewerState, grid_shape

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def built_conv(in_channels=2, filters=5, kernel=3):
    conv = Conv2D(filters, kernel, kernel_initializer="random_normal")
    conv(np.zeros((1, 6, 6, in_channels), "float32"))
    return conv


def test_filter_viewer_images_are_the_kernel_slices():
    conv = built_conv()
    state = FilterViewerState(conv, channel=1)
    images = state.filters()
    assert len(images) == 5
    kernel = conv.kernel.numpy()
    for index, image in enumerate(images):
        np.testing.assert_allclose(image, kernel[:, :, 1, index], rtol=1e-6)


def test_filter_viewer_figure_grid_and_colours():
    conv = built_conv(filters=5)
    figure = FilterViewer(conv).figure()
    assert len(figure.axes) == 5  # a 2x3 grid with one empty cell
    limit = np.abs(conv.kernel.numpy()).max()
    image = figure.axes[3].images[0]
    np.testing.assert_allclose(
        image.get_array(), conv.kernel.numpy()[:, :, 0, 3], rtol=1e-6
    )
    assert image.get_clim() == pytest.approx((-limit, limit))


def test_filter_viewer_widget_shows_png_and_switches_channel():
    viewer = FilterViewer(built_conv())
    data = viewer.image.outputs[0]["data"]
    assert base64.b64decode(data["image/png"]).startswith(PNG_MAGIC)
    assert "showing input channel 0 of 2" in data["text/plain"]
    viewer.channel_picker.value = 1
    assert viewer.state.channel == 1
    assert (
        "showing input channel 1 of 2" in viewer.image.outputs[0]["data"]["text/plain"]
    )
    assert "showing input channel 1" in viewer.title.value


def test_filter_viewer_refresh_reads_the_kernel_again():
    conv = built_conv(in_channels=1, filters=2)
    viewer = FilterViewer(conv)
    conv.kernel.assign(np.ones(conv.kernel.shape))
    assert "+1.0000" not in viewer.stats_table.value
    viewer.refresh_button.click()
    assert "+1.0000" in viewer.stats_table.value
    assert viewer.status.value == ""


def test_filter_viewer_rgb_option_for_three_input_channels():
    conv = built_conv(in_channels=3, filters=4)
    viewer = FilterViewer(conv, channel="rgb")
    assert viewer.channel_picker.options[0] == ("colour (rgb)", "rgb")
    images = viewer.state.filters()
    assert images[0].shape == (3, 3, 3)
    assert min(i.min() for i in images) == 0.0 and max(i.max() for i in images) == 1.0


def test_filter_viewer_text_summary_has_stats_and_numbers():
    conv = built_conv(in_channels=1, filters=2, kernel=2)
    conv.kernel.assign(np.arange(8, dtype="float32").reshape(2, 2, 1, 2))
    text = str(FilterViewer(conv))
    assert text.startswith("FilterViewer: Conv2D 'conv2d': 2 filters of 2x2")
    # Filter 0 holds 0, 2, 4, 6: min 0, max 6, mean 3, norm sqrt(56).
    assert "0       +0.0000  +6.0000  +3.0000  +7.4833" in text
    assert "  +0.00 +2.00" in text and "  +4.00 +6.00" in text


def test_filter_viewer_limits_the_number_of_filters():
    viewer = FilterViewer(built_conv(in_channels=1, filters=10), max_filters=4)
    assert len(viewer.figure().axes) == 4
    assert "(first 4 of 10 filters)" in str(viewer)


def test_grid_shape():
    assert [grid_shape(n) for n in (1, 2, 5, 16, 17)] == [
        (1, 1), (1, 2), (2, 3), (4, 4), (4, 5),
    ]  # fmt: skip


def test_filter_viewer_errors():
    with pytest.raises(ValueError, match="needs a built Conv2D layer"):
        FilterViewer(Conv2D(2, 3))
    dense = Dense(2)
    dense(np.zeros((1, 3), "float32"))
    with pytest.raises(ValueError, match=r"kernel of shape \(3, 2\)"):
        FilterViewer(dense)
    conv1d = Conv1D(2, 3)
    conv1d(np.zeros((1, 5, 2), "float32"))
    with pytest.raises(ValueError, match="Use a Conv2D layer"):
        FilterViewer(conv1d)
    with pytest.raises(TypeError, match="expects a Conv2D layer"):
        FilterViewer("conv")
    with pytest.raises(ValueError, match=r"channels \[0, 1\]"):
        FilterViewer(built_conv(), channel=2)


def test_filter_viewer_display_bundle_has_text_and_html_fallbacks():
    viewer = FilterViewer(built_conv())
    bundle = viewer._repr_mimebundle_()
    assert bundle["text/plain"] == str(viewer)
    assert "L2 norm" in bundle["text/html"]
    assert "kitlib-filter-viewer" in viewer.widget._dom_classes
