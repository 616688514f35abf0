"""conv2d kernels vs a shifted-slices NumPy reference (no im2col involved)."""

import numpy as np
import pytest

from kitlib.kernels import conv as K


def _slices(i, j, dilation, strides, out_h, out_w):
    """The input rows/cols that kernel tap (i, j) touches, for every output."""
    (dh, dw), (sh, sw) = dilation, strides
    rows = slice(i * dh, i * dh + sh * (out_h - 1) + 1, sh)
    cols = slice(j * dw, j * dw + sw * (out_w - 1) + 1, sw)
    return rows, cols


def _pad(x, pads):
    top, bottom, left, right = pads
    return np.pad(x, ((0, 0), (top, bottom), (left, right), (0, 0)))


def _out_size(x, kernel, strides, dilation, pads):
    span = [(k - 1) * d + 1 for k, d in zip(kernel.shape[:2], dilation, strict=True)]
    out_h = (x.shape[1] + pads[0] + pads[1] - span[0]) // strides[0] + 1
    out_w = (x.shape[2] + pads[2] + pads[3] - span[1]) // strides[1] + 1
    return out_h, out_w


def conv_reference(x, kernel, strides, dilation, pads):
    """Sum over kernel taps of (shifted, strided input slice) @ kernel[i, j]."""
    padded = _pad(x.astype(float), pads)
    out_h, out_w = _out_size(x, kernel, strides, dilation, pads)
    out = np.zeros((x.shape[0], out_h, out_w, kernel.shape[3]))
    for i in range(kernel.shape[0]):
        for j in range(kernel.shape[1]):
            rows, cols = _slices(i, j, dilation, strides, out_h, out_w)
            out += np.einsum("nhwc,co->nhwo", padded[:, rows, cols, :], kernel[i, j])
    return out


def conv_reference_grads(x, kernel, grad, strides, dilation, pads):
    """The adjoints of conv_reference: scatter back through the same slices."""
    padded = _pad(x.astype(float), pads)
    dpadded = np.zeros_like(padded)
    dkernel = np.zeros(kernel.shape)
    out_h, out_w = grad.shape[1:3]
    for i in range(kernel.shape[0]):
        for j in range(kernel.shape[1]):
            rows, cols = _slices(i, j, dilation, strides, out_h, out_w)
            dpadded[:, rows, cols, :] += np.einsum("nhwo,co->nhwc", grad, kernel[i, j])
            dkernel[i, j] = np.einsum("nhwc,nhwo->co", padded[:, rows, cols, :], grad)
    top, bottom, left, right = pads
    height, width = padded.shape[1:3]
    return dpadded[:, top : height - bottom, left : width - right, :], dkernel


# (x shape, kernel shape, strides, dilation, pads): odd shapes, batch 1,
# non-square images, stride 2, "same" pads of even kernels (extra after), dilation.
# im2col copies tap by tap up to 4 channels and pixel by pixel above: the
# "wide" cases (and "1x1") take the second loop.
CASES = {
    "valid_3x3": ((2, 5, 6, 3), (3, 3, 3, 4), (1, 1), (1, 1), (0, 0, 0, 0)),
    "batch1_nonsquare": ((1, 7, 4, 2), (2, 3, 2, 5), (1, 1), (1, 1), (0, 0, 0, 0)),
    "stride2_same_even": ((2, 6, 5, 3), (4, 2, 3, 2), (2, 2), (1, 1), (1, 1, 0, 1)),
    "same_even_4x4": ((1, 5, 5, 1), (4, 4, 1, 3), (1, 1), (1, 1), (1, 2, 1, 2)),
    "dilated": ((2, 7, 8, 2), (3, 2, 2, 3), (1, 2), (2, 3), (0, 0, 0, 0)),
    "dilated_same": ((1, 6, 7, 2), (3, 3, 2, 2), (1, 1), (2, 2), (2, 2, 2, 2)),
    "1x1": ((3, 4, 4, 5), (1, 1, 5, 2), (1, 1), (1, 1), (0, 0, 0, 0)),
    "rgba_stride2_same": ((2, 6, 7, 4), (3, 3, 4, 2), (2, 2), (1, 1), (1, 1, 1, 1)),
    "wide_dilated_same": ((2, 7, 6, 6), (3, 3, 6, 3), (2, 1), (2, 1), (2, 2, 1, 1)),
    "wide_same_even_4x4": ((1, 5, 5, 8), (4, 4, 8, 2), (1, 1), (1, 1), (1, 2, 1, 2)),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_conv2d_kernels_match_shifted_slices_reference(case, f32):
    x_shape, k_shape, strides, dilation, pads = CASES[case]
    x, kernel = f32(*x_shape), f32(*k_shape)
    y = K.conv2d_forward(x, kernel, strides, dilation, pads)
    expected = conv_reference(x, kernel, strides, dilation, pads)
    assert y.shape == expected.shape and y.dtype == np.float32
    np.testing.assert_allclose(y, expected, rtol=1e-4, atol=1e-5)

    grad = f32(*y.shape)
    dx = K.conv2d_backward_input(grad, kernel, x.shape, strides, dilation, pads)
    dkernel = K.conv2d_backward_kernel(x, grad, kernel.shape, strides, dilation, pads)
    dx_ref, dkernel_ref = conv_reference_grads(x, kernel, grad, strides, dilation, pads)
    np.testing.assert_allclose(dx, dx_ref, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(dkernel, dkernel_ref, rtol=1e-4, atol=1e-4)


def test_conv2d_backward_matches_finite_differences(f32, numeric_vjp):
    """The reference's adjoints are themselves checked once, numerically."""
    x, kernel = f32(1, 4, 3, 2), f32(2, 2, 2, 2)
    geometry = ((2, 1), (1, 1), (0, 1, 1, 0))
    grad = f32(1, 2, 3, 2)
    dx = K.conv2d_backward_input(grad, kernel, x.shape, *geometry)
    dkernel = K.conv2d_backward_kernel(x, grad, kernel.shape, *geometry)
    dx_num, dkernel_num = numeric_vjp(
        lambda a, k: conv_reference(a, k, *geometry), [x, kernel], grad
    )
    np.testing.assert_allclose(dx, dx_num, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(dkernel, dkernel_num, rtol=1e-4, atol=1e-5)


@pytest.mark.nojit
def test_conv2d_kernels_on_a_tiny_padded_case(f32):
    x, kernel = f32(1, 3, 2, 1), f32(2, 2, 1, 2)
    geometry = ((1, 1), (1, 1), (0, 1, 0, 1))
    y = K.conv2d_forward(x, kernel, *geometry)
    np.testing.assert_allclose(y, conv_reference(x, kernel, *geometry), 1e-5, 1e-6)
    grad = f32(*y.shape)
    dx_ref, dkernel_ref = conv_reference_grads(x, kernel, grad, *geometry)
    dx = K.conv2d_backward_input(grad, kernel, x.shape, *geometry)
    np.testing.assert_allclose(dx, dx_ref, 1e-5, 1e-6)
    dkernel = K.conv2d_backward_kernel(x, grad, kernel.shape, *geometry)
    np.testing.assert_allclose(dkernel, dkernel_ref, 1e-5, 1e-6)


@pytest.mark.nojit
def test_im2col_rows_are_receptive_fields_with_zero_padding():
    x = np.arange(4, dtype=np.float32).reshape(1, 2, 2, 1)  # [[0, 1], [2, 3]]
    cols = K.im2col(x, (2, 2), (1, 1), (1, 1), (0, 1, 0, 1), (2, 2))
    assert cols.tolist() == [[0, 1, 2, 3], [1, 0, 3, 0], [2, 3, 0, 0], [3, 0, 0, 0]]
    # col2im adds overlapping contributions back: pixel 3 is in all 4 windows.
    back = K.col2im(
        np.ones_like(cols), (1, 2, 2, 1), (2, 2), (1, 1), (1, 1), (0, 1, 0, 1), (2, 2)
    )
    assert back[0, :, :, 0].tolist() == [[1, 2], [2, 4]]


def test_conv_output_size_counts_windows():
    assert K.conv_output_size(5, 3, stride=1, dilation=1, pads=0) == 3
    assert K.conv_output_size(7, 3, stride=2, dilation=2, pads=0) == 2
    assert K.conv_output_size(5, 4, stride=1, dilation=1, pads=3) == 5


@pytest.mark.parametrize("block_bytes", [1, 2 * 15 * 48 * 4])
def test_forward_in_blocks_of_images_matches_the_reference(
    block_bytes, f32, monkeypatch
):
    # 1 byte: one image per block; the other size: two images per block (an image
    # is 15 rows of 48 float32 columns), so the 5-image batch ends with a short one.
    monkeypatch.setattr(K, "_BLOCK_BYTES", block_bytes)
    x, kernel = f32(5, 6, 5, 8), f32(3, 2, 8, 4)
    strides, dilation, pads = (2, 1), (1, 2), (1, 1, 0, 2)
    out, cols = K.conv2d_forward_with_cols(x, kernel, strides, dilation, pads)
    np.testing.assert_allclose(
        out, conv_reference(x, kernel, strides, dilation, pads), rtol=1e-5, atol=1e-5
    )
    out_size = (out.shape[1], out.shape[2])
    np.testing.assert_array_equal(
        cols, K.im2col(x, (3, 2), strides, dilation, pads, out_size)
    )
