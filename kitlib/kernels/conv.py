"""2D convolution, forward and both backwards, as im2col + one matrix product.

Notebook: ``notebooks/12_numba_kernels.ipynb``.

Layouts (channels-last, as Keras): images ``x`` are ``(N, H, W, C)``, kernels
``(kh, kw, C_in, C_out)``, outputs ``(N, H_out, W_out, C_out)``. Geometry is
explicit: ``strides=(sh, sw)``, ``dilation=(dh, dw)`` and
``pads=(top, bottom, left, right)`` zero rows/columns around the image, so
Keras's ``"valid"`` (no pads) and ``"same"`` (pads chosen by the op, more at the
bottom/right for even kernels) are both just numbers here.

The idea (im2col): copy every receptive field into one row of a matrix
``cols`` of shape ``(N*H_out*W_out, kh*kw*C_in)``. The convolution is then a
single matrix product ``cols @ kernel.reshape(kh*kw*C_in, C_out)``, done by
NumPy's BLAS (much faster than any loop we could write). Numba only does the
copying, which is the part NumPy cannot do without huge temporary arrays.
"""

from __future__ import annotations

import numpy as np

from ._jit import njit  # a sibling kernel module: kernels import no other kitlib code


def conv_output_size(
    size: int, kernel: int, stride: int, dilation: int, pads: int
) -> int:
    """Number of output positions along one axis.

    A dilated kernel spans ``(kernel - 1) * dilation + 1`` input positions.

    Example:
        >>> conv_output_size(5, 3, stride=2, dilation=1, pads=2)
        3
    """
    span = (kernel - 1) * dilation + 1
    return (size + pads - span) // stride + 1


# NOTE: up to this many channels (grayscale, RGB and RGBA images) im2col copies
# one kernel tap along a whole output row at a time; above it, one pixel's
# channels at a time. Measured on (64, 28, 28, C) float32, tap vs pixel loop:
# 3.6x faster at C=1, 1.6x at C=3, 2x slower at C=8.
_FEW_CHANNELS = 4

# How much of ``cols`` the forward pass builds before multiplying it: about
# what a core's L2 cache holds (1-2 MB on current x86 CPUs).
_BLOCK_BYTES = 2 * 1024 * 1024


@njit()
def im2col(
    x: np.ndarray,
    kernel_size: tuple,
    strides: tuple,
    dilation: tuple,
    pads: tuple,
    out_size: tuple,
) -> np.ndarray:
    """Gather receptive fields into rows: ``cols[(n, oh, ow), (i, j, c)]``.

    Args:
        x: ``(N, H, W, C)`` float array, C-contiguous.
        kernel_size: ``(kh, kw)``.
        strides: ``(sh, sw)``.
        dilation: ``(dh, dw)``.
        pads: ``(top, bottom, left, right)``.
        out_size: ``(H_out, W_out)``.

    Returns:
        ``cols`` of shape ``(N*H_out*W_out, kh*kw*C)``. For ``C <= 4`` it is
        stored column by column (Fortran order, the transpose of a C-ordered
        array); NumPy's matrix product accepts either layout.

    Loop (what both versions compute)::

        cols[(n*H_out + oh)*W_out + ow, (i*kw + j)*C + c]
            = x[n, oh*sh + i*dh - top, ow*sw + j*dw - left, c]  (0 outside the image)

    The copy is limited by memory traffic, so the innermost loop should walk
    many neighbouring elements. With many channels that is the ``C`` channels
    of one pixel (:func:`_im2col_by_pixel`); with one channel it would be a
    single number per kernel tap, so small images go tap by tap along whole
    output rows instead (:func:`_im2col_by_tap`).
    """
    if x.shape[3] <= _FEW_CHANNELS:
        return _im2col_by_tap(x, kernel_size, strides, dilation, pads, out_size)
    n_batch, _, _, channels = x.shape
    cols = np.empty(
        (
            n_batch * out_size[0] * out_size[1],
            kernel_size[0] * kernel_size[1] * channels,
        ),
        x.dtype,
    )
    _im2col_by_pixel(x, kernel_size, strides, dilation, pads, out_size, cols)
    return cols


@njit()
def _im2col_by_pixel(
    x: np.ndarray,
    kernel_size: tuple,
    strides: tuple,
    dilation: tuple,
    pads: tuple,
    out_size: tuple,
    cols: np.ndarray,
) -> None:
    """:func:`im2col` for many channels, written into ``cols``: one row at a time.

    ``cols`` is a C-contiguous ``(N*H_out*W_out, kh*kw*C)`` array (or a block
    of rows of a larger one: :func:`conv2d_forward_with_cols` fills it a few
    images at a time).

    Loop::

        for n, oh, ow:  row = (n*H_out + oh)*W_out + ow
            for i, j:  h = oh*sh + i*dh - top;  w = ow*sw + j*dw - left
                cols[row, (i*kw + j)*C + c] = x[n, h, w, c]  (0 outside the image)

    NOTE: the bounds test runs once per tap, not per channel, so with 32
    channels it costs little; the copy writes ``cols`` row after row.
    """
    n_batch, height, width, channels = x.shape
    kernel_h, kernel_w = kernel_size
    out_h, out_w = out_size
    for n in range(n_batch):
        for oh in range(out_h):
            for ow in range(out_w):
                row = (n * out_h + oh) * out_w + ow
                for i in range(kernel_h):
                    h = oh * strides[0] + i * dilation[0] - pads[0]
                    for j in range(kernel_w):
                        w = ow * strides[1] + j * dilation[1] - pads[2]
                        start = (i * kernel_w + j) * channels
                        if 0 <= h < height and 0 <= w < width:
                            for c in range(channels):
                                cols[row, start + c] = x[n, h, w, c]
                        else:  # a zero from the padding
                            for c in range(channels):
                                cols[row, start + c] = 0.0


@njit()
def _im2col_by_tap(
    x: np.ndarray,
    kernel_size: tuple,
    strides: tuple,
    dilation: tuple,
    pads: tuple,
    out_size: tuple,
) -> np.ndarray:
    """:func:`im2col` for few channels: one kernel tap along an output row at a time.

    Loop::

        padded = x with the pads as zero rows/columns around each image
        for n, oh:  row0 = (n*H_out + oh)*W_out
            for i, j, c:  k = (i*kw + j)*C + c;  h = oh*sh + i*dh
                for ow:  cols_t[k, row0 + ow] = padded[n, h, ow*sw + j*dw, c]
        cols = cols_t.T

    NOTE: ``cols_t`` is the transpose of ``cols``, so the innermost loop
    writes neighbouring elements; thanks to the zero border it needs no
    bounds test. Padding copies the image once, which is cheap next to
    ``cols`` (``kh*kw`` times larger).
    """
    n_batch, height, width, channels = x.shape
    kernel_h, kernel_w = kernel_size
    (stride_h, stride_w), (dilation_h, dilation_w) = strides, dilation
    out_h, out_w = out_size
    top, bottom, left, right = pads
    padded = np.zeros(
        (n_batch, height + top + bottom, width + left + right, channels), x.dtype
    )
    # NOTE: loops, not padded[:, top:top + height, ...] = x: Numba takes ~3 s
    # longer to compile that 4-D slice assignment.
    for n in range(n_batch):
        for h in range(height):
            for w in range(width):
                for c in range(channels):
                    padded[n, top + h, left + w, c] = x[n, h, w, c]
    cols_t = np.empty(
        (kernel_h * kernel_w * channels, n_batch * out_h * out_w), x.dtype
    )
    for n in range(n_batch):
        for oh in range(out_h):
            row0 = (n * out_h + oh) * out_w
            for i in range(kernel_h):
                image_row = padded[n, oh * stride_h + i * dilation_h]
                for j in range(kernel_w):
                    for c in range(channels):
                        k = (i * kernel_w + j) * channels + c
                        for ow in range(out_w):
                            w = ow * stride_w + j * dilation_w
                            cols_t[k, row0 + ow] = image_row[w, c]
    return cols_t.T


@njit()
def col2im(
    cols: np.ndarray,
    input_shape: tuple,
    kernel_size: tuple,
    strides: tuple,
    dilation: tuple,
    pads: tuple,
    out_size: tuple,
) -> np.ndarray:
    """The adjoint of :func:`im2col`: add each row back onto its receptive field.

    A pixel that belonged to several receptive fields (overlapping windows)
    receives the sum of their contributions; padding positions are dropped.

    Args:
        cols: ``(N*H_out*W_out, kh*kw*C)`` float array.
        input_shape: ``(N, H, W, C)`` of the image to rebuild.
        kernel_size, strides, dilation, pads, out_size: as in :func:`im2col`.

    Returns:
        ``(N, H, W, C)`` array.

    Loop::

        for n, oh, ow, i, j, c:
            dx[n, h, w, c] += cols[row, (i*kw + j)*C + c]   if (h, w) is inside
    """
    n_batch, height, width, channels = input_shape
    kernel_h, kernel_w = kernel_size
    out_h, out_w = out_size
    dx = np.zeros((n_batch, height, width, channels), cols.dtype)
    for n in range(n_batch):
        for oh in range(out_h):
            for ow in range(out_w):
                row = (n * out_h + oh) * out_w + ow
                for i in range(kernel_h):
                    h = oh * strides[0] + i * dilation[0] - pads[0]
                    if h < 0 or h >= height:
                        continue
                    for j in range(kernel_w):
                        w = ow * strides[1] + j * dilation[1] - pads[2]
                        if w < 0 or w >= width:
                            continue
                        start = (i * kernel_w + j) * channels
                        for c in range(channels):
                            dx[n, h, w, c] += cols[row, start + c]
    return dx


def _geometry(
    input_shape: tuple,
    kernel_shape: tuple,
    strides: tuple,
    dilation: tuple,
    pads: tuple,
) -> tuple[int, int]:
    height, width = input_shape[1], input_shape[2]
    out_h = conv_output_size(
        height, kernel_shape[0], strides[0], dilation[0], pads[0] + pads[1]
    )
    out_w = conv_output_size(
        width, kernel_shape[1], strides[1], dilation[1], pads[2] + pads[3]
    )
    return (out_h, out_w)


def conv2d_forward(
    x: np.ndarray,
    kernel: np.ndarray,
    strides: tuple[int, int] = (1, 1),
    dilation: tuple[int, int] = (1, 1),
    pads: tuple[int, int, int, int] = (0, 0, 0, 0),
) -> np.ndarray:
    """Convolve channels-last images with a Keras-layout kernel.

    ``y[n, oh, ow, o] = sum_{i, j, c} x[n, h, w, c] * kernel[i, j, c, o]`` with
    ``h = oh*sh + i*dh - top`` and ``w = ow*sw + j*dw - left`` (0 outside).

    Args:
        x: ``(N, H, W, C_in)`` float array.
        kernel: ``(kh, kw, C_in, C_out)`` array of the same dtype.
        strides, dilation: pairs of ints.
        pads: ``(top, bottom, left, right)``.

    Returns:
        ``(N, H_out, W_out, C_out)`` array.
    """
    return conv2d_forward_with_cols(x, kernel, strides, dilation, pads)[0]


def conv2d_forward_with_cols(
    x: np.ndarray,
    kernel: np.ndarray,
    strides: tuple[int, int] = (1, 1),
    dilation: tuple[int, int] = (1, 1),
    pads: tuple[int, int, int, int] = (0, 0, 0, 0),
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`conv2d_forward` that also returns the im2col matrix ``cols``.

    The kernel gradient needs the same ``cols`` (``cols.T @ grad``); keeping
    them from the forward pass saves building them a second time.
    """
    kernel_h, kernel_w, in_channels, out_channels = kernel.shape
    out_size = _geometry(x.shape, kernel.shape, strides, dilation, pads)
    x = np.ascontiguousarray(x)
    kernel_2d = kernel.reshape(kernel_h * kernel_w * in_channels, out_channels)
    window = (kernel_h, kernel_w)
    if in_channels <= _FEW_CHANNELS:
        cols = im2col(x, window, strides, dilation, pads, out_size)
        out = cols @ kernel_2d
    else:
        per_image = out_size[0] * out_size[1]
        cols = np.empty((x.shape[0] * per_image, kernel_2d.shape[0]), x.dtype)
        out = np.empty((x.shape[0] * per_image, out_channels), x.dtype)
        # NOTE: a few images at a time, so the rows of ``cols`` just written
        # are still in the CPU cache when BLAS reads them (measured on the W2
        # benchmark's second convolution: 3.7 ms -> 2.9 ms for the forward).
        step = max(1, _BLOCK_BYTES // (per_image * cols.shape[1] * cols.itemsize))
        for first in range(0, x.shape[0], step):
            rows = slice(first * per_image, (first + step) * per_image)
            block = x[first : first + step]
            _im2col_by_pixel(
                block, window, strides, dilation, pads, out_size, cols[rows]
            )
            np.matmul(cols[rows], kernel_2d, out=out[rows])
    return out.reshape(x.shape[0], out_size[0], out_size[1], out_channels), cols


def conv2d_backward_input(
    grad: np.ndarray,
    kernel: np.ndarray,
    input_shape: tuple,
    strides: tuple[int, int] = (1, 1),
    dilation: tuple[int, int] = (1, 1),
    pads: tuple[int, int, int, int] = (0, 0, 0, 0),
) -> np.ndarray:
    """Gradient w.r.t. ``x``: ``col2im(grad_2d @ kernel_2d.T)``.

    Args:
        grad: ``(N, H_out, W_out, C_out)`` upstream gradient.
        kernel: ``(kh, kw, C_in, C_out)``.
        input_shape: ``(N, H, W, C_in)`` of the forward input.
        strides, dilation, pads: as in :func:`conv2d_forward`.

    Returns:
        ``(N, H, W, C_in)`` array.
    """
    kernel_h, kernel_w, in_channels, out_channels = kernel.shape
    out_size = (grad.shape[1], grad.shape[2])
    kernel_2d = kernel.reshape(kernel_h * kernel_w * in_channels, out_channels)
    grad_cols = np.ascontiguousarray(grad.reshape(-1, out_channels) @ kernel_2d.T)
    shape = tuple(int(d) for d in input_shape)
    return col2im(
        grad_cols, shape, (kernel_h, kernel_w), strides, dilation, pads, out_size
    )


def conv2d_backward_kernel(
    x: np.ndarray,
    grad: np.ndarray,
    kernel_shape: tuple,
    strides: tuple[int, int] = (1, 1),
    dilation: tuple[int, int] = (1, 1),
    pads: tuple[int, int, int, int] = (0, 0, 0, 0),
    cols: np.ndarray | None = None,
) -> np.ndarray:
    """Gradient w.r.t. the kernel: ``im2col(x).T @ grad_2d``, reshaped.

    Args:
        x: ``(N, H, W, C_in)`` forward input.
        grad: ``(N, H_out, W_out, C_out)`` upstream gradient.
        kernel_shape: ``(kh, kw, C_in, C_out)``.
        strides, dilation, pads: as in :func:`conv2d_forward`.
        cols: ``im2col(x)`` if already built (by
            :func:`conv2d_forward_with_cols`); built here otherwise.

    Returns:
        ``(kh, kw, C_in, C_out)`` array.
    """
    kernel_h, kernel_w, _, out_channels = kernel_shape
    out_size = (grad.shape[1], grad.shape[2])
    if cols is None:
        x = np.ascontiguousarray(x)
        cols = im2col(x, (kernel_h, kernel_w), strides, dilation, pads, out_size)
    return (cols.T @ grad.reshape(-1, out_channels)).reshape(kernel_shape)
