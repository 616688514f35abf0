"""Pooling kernels vs window-by-window NumPy loops, with TF "same" semantics."""

import numpy as np
import pytest

from kitlib.kernels import pooling as K


def _windows(x, pool_size, strides, pads):
    """Yield (n, oh, ow, h-slice, w-slice) of each window, clipped to the image."""
    height, width = x.shape[1:3]
    out_h = (height + pads[0] + pads[1] - pool_size[0]) // strides[0] + 1
    out_w = (width + pads[2] + pads[3] - pool_size[1]) // strides[1] + 1
    for oh in range(out_h):
        h0 = oh * strides[0] - pads[0]
        rows = slice(max(h0, 0), min(h0 + pool_size[0], height))
        for ow in range(out_w):
            w0 = ow * strides[1] - pads[2]
            yield oh, ow, rows, slice(max(w0, 0), min(w0 + pool_size[1], width))


def pool_reference(x, pool_size, strides, pads, mode):
    """Forward output and d(sum(out * grad))/dx for a given grad, by loops."""
    spots = list(_windows(x, pool_size, strides, pads))
    out_h = max(s[0] for s in spots) + 1
    out_w = max(s[1] for s in spots) + 1
    out = np.zeros((x.shape[0], out_h, out_w, x.shape[3]))
    for oh, ow, rows, cols in spots:
        window = x[:, rows, cols, :].astype(float)
        out[:, oh, ow, :] = window.max((1, 2)) if mode == "max" else window.mean((1, 2))
    return out


def pool_reference_grad(x, grad, pool_size, strides, pads, mode):
    dx = np.zeros(x.shape)
    for oh, ow, rows, cols in _windows(x, pool_size, strides, pads):
        for n in range(x.shape[0]):
            for c in range(x.shape[3]):
                window = x[n, rows, cols, c]
                if mode == "avg":
                    dx[n, rows, cols, c] += grad[n, oh, ow, c] / window.size
                else:
                    i, j = np.unravel_index(np.argmax(window), window.shape)
                    dx[n, rows.start + i, cols.start + j, c] += grad[n, oh, ow, c]
    return dx


# (x shape, pool, strides, pads (top, bottom, left, right)). The "wide" cases
# (16+ channels) take max_pool2d_backward's write-once loop when the windows
# tile the image, and its scatter loop when they leave a row/column out.
CASES = {
    "2x2_valid": ((2, 4, 6, 3), (2, 2), (2, 2), (0, 0, 0, 0)),
    "batch1_nonsquare_odd": ((1, 5, 7, 2), (2, 2), (2, 2), (0, 0, 0, 0)),
    "same_odd_image": ((2, 5, 7, 2), (2, 2), (2, 2), (0, 1, 0, 1)),
    "overlapping_3x3_stride1_same": ((1, 4, 5, 2), (3, 3), (1, 1), (1, 1, 1, 1)),
    "3x2_stride_2x1": ((2, 7, 4, 1), (3, 2), (2, 1), (0, 0, 0, 0)),
    "even_pool_same_stride1": ((1, 5, 4, 3), (2, 4), (1, 1), (0, 1, 1, 2)),
    "wide_2x2_valid_tiles": ((2, 4, 6, 16), (2, 2), (2, 2), (0, 0, 0, 0)),
    "wide_same_odd_tiles": ((1, 5, 7, 17), (2, 2), (2, 2), (0, 1, 0, 1)),
    "wide_3x3_same_tiles": ((1, 7, 8, 20), (3, 3), (3, 3), (1, 1, 0, 1)),
    "wide_valid_odd_leaves_edges": ((1, 5, 7, 16), (2, 2), (2, 2), (0, 0, 0, 0)),
    "wide_stride_gt_pool": ((1, 7, 7, 16), (2, 2), (3, 3), (0, 0, 0, 0)),
    "wide_overlapping": ((1, 5, 6, 16), (3, 2), (2, 1), (1, 1, 0, 0)),
}


@pytest.mark.parametrize("values", ["normal", "ties"])
@pytest.mark.parametrize("mode", ["max", "avg"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_pool_kernels_match_window_loops(case, mode, values, f32, rng):
    x_shape, pool_size, strides, pads = CASES[case]
    # "ties": few distinct values, so windows often hold several maxima and
    # the first one (np.argmax's choice in the reference) must win.
    x = f32(*x_shape) if values == "normal" else rng.integers(0, 3, x_shape)
    x = x.astype(np.float32)
    if mode == "max":
        out, argmax = K.max_pool2d_forward(x, pool_size, strides, pads)
        assert argmax.dtype == np.int32
    else:
        out = K.avg_pool2d_forward(x, pool_size, strides, pads)
    expected = pool_reference(x, pool_size, strides, pads, mode)
    if mode == "max":  # a max is one of the inputs: exact
        np.testing.assert_array_equal(out, expected.astype(np.float32))
    else:
        np.testing.assert_allclose(out, expected, 1e-6, 1e-6)

    grad = f32(*out.shape)
    height, width = x.shape[1:3]
    if mode == "max":
        dx = K.max_pool2d_backward(
            grad, argmax, height, width, pool_size, strides, pads
        )
    else:
        dx = K.avg_pool2d_backward(grad, height, width, pool_size, strides, pads)
    expected = pool_reference_grad(x, grad, pool_size, strides, pads, mode)
    apart = all(s >= p for s, p in zip(strides, pool_size, strict=True))
    if mode == "max" and apart:  # windows do not overlap: moved, never summed
        np.testing.assert_array_equal(dx, expected.astype(np.float32))
    else:
        np.testing.assert_allclose(dx, expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("channels", [1, 16])  # the scatter and write-once loops
def test_max_pool_nan_wins_only_as_the_first_pixel(channels):
    """Nothing is greater than NaN, and NaN is greater than nothing."""
    image = [[1.0, np.nan, np.nan, 5.0], [3.0, 2.0, 1.0, 2.0]]  # two 2x2 windows
    x = np.repeat(np.array(image, np.float32).reshape(1, 2, 4, 1), channels, axis=3)
    out, argmax = K.max_pool2d_forward(x, (2, 2), (2, 2), (0, 0, 0, 0))
    assert out[0, 0, 0, 0] == 3.0 and argmax[0, 0, 0, 0] == 4  # (h, w) = (1, 0)
    assert np.isnan(out[0, 0, 1, 0]) and argmax[0, 0, 1, 0] == 2  # (0, 2)
    dx = K.max_pool2d_backward(
        np.ones_like(out), argmax, 2, 4, (2, 2), (2, 2), (0, 0, 0, 0)
    )
    assert dx[0, :, :, 0].tolist() == [[0, 0, 1, 0], [1, 0, 0, 0]]


def test_avg_pool_backward_matches_finite_differences(f32, numeric_vjp):
    x = f32(1, 3, 4, 1)
    geometry = ((2, 2), (1, 2), (0, 1, 0, 0))
    out = K.avg_pool2d_forward(x, *geometry)
    grad = f32(*out.shape)
    (expected,) = numeric_vjp(lambda a: pool_reference(a, *geometry, "avg"), [x], grad)
    np.testing.assert_allclose(
        K.avg_pool2d_backward(grad, 3, 4, *geometry), expected, 1e-4, 1e-5
    )


@pytest.mark.nojit
def test_pooling_on_hand_values_with_same_padding():
    x = np.arange(9, dtype=np.float32).reshape(1, 3, 3, 1)  # 0..8, row-major
    pads = (0, 1, 0, 1)  # 3x3 image, 2x2 pools, stride 2, "same": pad bottom/right
    out, argmax = K.max_pool2d_forward(x, (2, 2), (2, 2), pads)
    assert out[0, :, :, 0].tolist() == [[4, 5], [7, 8]]
    assert argmax[0, :, :, 0].tolist() == [[4, 5], [7, 8]]
    # padding is not counted: the bottom-right window holds only the pixel 8.
    avg = K.avg_pool2d_forward(x, (2, 2), (2, 2), pads)
    assert avg[0, :, :, 0].tolist() == [[2.0, 3.5], [6.5, 8.0]]
    dx = K.avg_pool2d_backward(np.ones_like(avg), 3, 3, (2, 2), (2, 2), pads)
    assert dx[0, :, :, 0].tolist() == [
        [0.25, 0.25, 0.5],
        [0.25, 0.25, 0.5],
        [0.5, 0.5, 1],
    ]
    dx_max = K.max_pool2d_backward(
        np.ones_like(out), argmax, 3, 3, (2, 2), (2, 2), pads
    )
    assert dx_max[0, :, :, 0].tolist() == [[0, 0, 0], [0, 1, 1], [0, 1, 1]]
