"""conv2d op: hand-checkable values (TF "same" padding), shapes, symbolic rule, errors."""

import numpy as np
import pytest

from kitlib import GradientTape, Variable, ops


def _image(height=4, width=5):
    return np.arange(height * width, dtype=np.float32).reshape(1, height, width, 1)


def _tap(kernel_h, kernel_w, *taps):
    """A 1-in, 1-out kernel that is 1 at the given (i, j) taps, 0 elsewhere."""
    kernel = np.zeros((kernel_h, kernel_w, 1, 1), np.float32)
    for i, j in taps:
        kernel[i, j] = 1.0
    return kernel


def test_conv2d_sums_windows_valid_and_same():
    ones = np.ones((1, 4, 4, 1), np.float32)
    kernel = np.ones((3, 3, 1, 1), np.float32)
    assert ops.conv2d(ones, kernel).numpy()[0, :, :, 0].tolist() == [[9, 9], [9, 9]]
    same = ops.conv2d(ones, kernel, padding="same").numpy()[0, :, :, 0]
    assert same.tolist() == [[4, 6, 6, 4], [6, 9, 9, 6], [6, 9, 9, 6], [4, 6, 6, 4]]


def test_conv2d_same_with_even_kernel_pads_the_extra_row_after():
    x = _image()
    # 2x2 "same": 0 rows of padding before, 1 after (TensorFlow's rule), so tap
    # (0, 0) reads pixel (i, j) and tap (1, 1) reads (i + 1, j + 1).
    first = ops.conv2d(x, _tap(2, 2, (0, 0)), padding="same").numpy()
    np.testing.assert_array_equal(first, x)
    shifted = ops.conv2d(x, _tap(2, 2, (1, 1)), padding="same").numpy()[0, :, :, 0]
    expected = np.zeros((4, 5))
    expected[:3, :4] = x[0, 1:, 1:, 0]
    np.testing.assert_array_equal(shifted, expected)


def test_conv2d_strides_and_dilation_pick_the_right_pixels():
    x = _image(6, 6)[0, :, :, 0]
    strided = ops.conv2d(_image(6, 6), _tap(1, 1, (0, 0)), strides=(2, 3)).numpy()
    np.testing.assert_array_equal(strided[0, :, :, 0], x[::2, ::3])
    dilated = ops.conv2d(_image(6, 6), _tap(2, 2, (0, 0), (1, 1)), dilation_rate=2)
    np.testing.assert_array_equal(dilated.numpy()[0, :, :, 0], x[:4, :4] + x[2:, 2:])


def test_conv2d_mixes_channels_with_the_keras_kernel_layout(rng):
    x = rng.standard_normal((2, 3, 3, 4)).astype(np.float32)
    kernel = rng.standard_normal((1, 1, 4, 5)).astype(np.float32)
    np.testing.assert_allclose(
        ops.conv2d(x, kernel).numpy(), x @ kernel[0, 0], 1e-5, 1e-5
    )


def test_conv2d_gradients_reach_input_and_kernel():
    x, kernel = Variable(np.ones((1, 3, 3, 1))), Variable(np.ones((2, 2, 1, 1)))
    with GradientTape() as tape:
        y = ops.conv2d(x, kernel)
    dx, dkernel = tape.gradient(y, [x, kernel])
    assert dx.numpy()[0, :, :, 0].tolist() == [[1, 2, 1], [2, 4, 2], [1, 2, 1]]
    assert dkernel.numpy()[:, :, 0, 0].tolist() == [[4, 4], [4, 4]]


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, (None, 26, 26, 8)),
        ({"padding": "same"}, (None, 28, 28, 8)),
        ({"padding": "same", "strides": 2}, (None, 14, 14, 8)),
        ({"dilation_rate": 2}, (None, 24, 24, 8)),
        ({"strides": (2, 1), "padding": "valid"}, (None, 13, 26, 8)),
    ],
)
def test_conv2d_symbolic_shape_rule(kwargs, expected, symbolic):
    out = ops.conv2d(symbolic((None, 28, 28, 1)), np.zeros((3, 3, 1, 8)), **kwargs)
    assert out.shape == expected


def test_conv2d_symbolic_keeps_unknown_spatial_dims(symbolic):
    out = ops.conv2d(symbolic((None, None, 7, 3)), symbolic((3, 3, 3, 4)))
    assert out.shape == (None, None, 5, 4)


def test_conv2d_eager_output_matches_its_shape_rule(rng, symbolic):
    x = rng.standard_normal((2, 7, 5, 3)).astype(np.float32)
    kernel = np.zeros((4, 2, 3, 6), np.float32)
    for padding in ("valid", "same"):
        eager = ops.conv2d(x, kernel, strides=2, padding=padding)
        spec = ops.conv2d(symbolic((2, 7, 5, 3)), kernel, strides=2, padding=padding)
        assert eager.shape == spec.shape


def test_conv2d_kernel_larger_than_valid_input_names_sizes_and_suggests_same(symbolic):
    message = r"image is 2x2 and the window spans 3x3\. Use padding='same'"
    with pytest.raises(ValueError, match=message):
        ops.conv2d(np.ones((1, 2, 2, 1)), np.ones((3, 3, 1, 1)))
    with pytest.raises(ValueError, match=message):
        ops.conv2d(symbolic((None, 2, 2, 1)), np.ones((3, 3, 1, 1)))


def test_conv2d_channel_mismatch_names_both_shapes():
    with pytest.raises(
        ValueError, match=r"3 channels .* kernel expects 1 input channels"
    ):
        ops.conv2d(np.ones((1, 5, 5, 3)), np.ones((3, 3, 1, 8)))


@pytest.mark.parametrize(
    ("args", "kwargs", "match"),
    [
        (((5, 5, 1), (3, 3, 1, 1)), {}, r"4-D input .* received shape \(5, 5, 1\)"),
        (((1, 5, 5, 1), (3, 3, 1)), {}, "4-D kernel"),
        (((1, 5, 5, 1), (3, 3, 1, 1)), {"padding": "full"}, "padding='valid' or"),
        (((1, 5, 5, 1), (3, 3, 1, 1)), {"strides": 0}, "strides to be a positive"),
        (((1, 5, 5, 1), (3, 3, 1, 1)), {"dilation_rate": (1, 2, 3)}, "dilation_rate"),
    ],
)
def test_conv2d_rejects_bad_arguments_with_a_hint(args, kwargs, match):
    x_shape, kernel_shape = args
    with pytest.raises(ValueError, match=match):
        ops.conv2d(np.ones(x_shape), np.ones(kernel_shape), **kwargs)
