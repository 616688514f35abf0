"""Max and average 2D pooling, forward and backward.

Notebook: ``notebooks/12_numba_kernels.ipynb``.

Layout (channels-last): ``x`` is ``(N, H, W, C)`` and C-contiguous. Geometry is
explicit: ``pool_size=(ph, pw)``, ``strides=(sh, sw)``,
``pads=(top, bottom, left, right)``. Padded positions never win a max and are
not counted in an average (TensorFlow/Keras ``"same"`` semantics), so every
window must hold at least one real pixel, which the ``"same"`` rule guarantees.
"""

from __future__ import annotations

import numpy as np

from ._jit import njit  # a sibling kernel module: kernels import no other kitlib code


@njit()
def max_pool2d_forward(
    x: np.ndarray, pool_size: tuple, strides: tuple, pads: tuple
) -> tuple:
    """Maximum of each window, and where it was (for the backward pass).

    Returns:
        ``(out, argmax)``: ``out`` is ``(N, H_out, W_out, C)``; ``argmax`` holds,
        for each output, the flat position ``h * W + w`` of the winning pixel.

    Loop::

        for n, oh, ow:
            out[n, oh, ow, :] = the window's first pixel (inside the image)
            for each other pixel (h, w) of the window, inside the image:
                for c:  if x[n, h, w, c] > out[n, oh, ow, c]: take it
            (the first maximum wins ties)

    NOTE: the channel loop is innermost: it walks contiguous memory, and
    LLVM turns its compare-and-select into vector instructions.
    """
    n_batch, height, width, channels = x.shape
    out_h = (height + pads[0] + pads[1] - pool_size[0]) // strides[0] + 1
    out_w = (width + pads[2] + pads[3] - pool_size[1]) // strides[1] + 1
    out = np.empty((n_batch, out_h, out_w, channels), x.dtype)
    argmax = np.empty((n_batch, out_h, out_w, channels), np.int64)
    for n in range(n_batch):
        for oh in range(out_h):
            h0 = oh * strides[0] - pads[0]
            h_lo, h_hi = max(h0, 0), min(h0 + pool_size[0], height)
            for ow in range(out_w):
                w0 = ow * strides[1] - pads[2]
                w_lo, w_hi = max(w0, 0), min(w0 + pool_size[1], width)
                best, where = out[n, oh, ow], argmax[n, oh, ow]
                first = h_lo * width + w_lo
                for c in range(channels):
                    best[c] = x[n, h_lo, w_lo, c]
                    where[c] = first
                for h in range(h_lo, h_hi):
                    for w in range(w_lo, w_hi):
                        pixel, position = x[n, h, w], h * width + w
                        for c in range(channels):
                            if pixel[c] > best[c]:
                                best[c] = pixel[c]
                                where[c] = position
    return out, argmax


@njit()
def max_pool2d_backward(
    grad: np.ndarray, argmax: np.ndarray, height: int, width: int
) -> np.ndarray:
    """Route each output's gradient to the pixel that won the max.

    Args:
        grad: ``(N, H_out, W_out, C)`` upstream gradient.
        argmax: the second result of :func:`max_pool2d_forward`.
        height, width: ``H`` and ``W`` of the forward input.

    Returns:
        ``(N, H, W, C)``; a pixel that won several overlapping windows gets
        the sum of their gradients.

    Loop (on ``dx`` seen as ``(N, H*W, C)``, so the flat position needs no
    division back into ``h, w``)::

        for n, oh, ow, c:  dx[n, argmax[n, oh, ow, c], c] += grad[n, oh, ow, c]
    """
    n_batch, out_h, out_w, channels = grad.shape
    dx = np.zeros((n_batch, height * width, channels), grad.dtype)
    for n in range(n_batch):
        for oh in range(out_h):
            for ow in range(out_w):
                for c in range(channels):
                    dx[n, argmax[n, oh, ow, c], c] += grad[n, oh, ow, c]
    return dx.reshape(n_batch, height, width, channels)


@njit()
def avg_pool2d_forward(
    x: np.ndarray, pool_size: tuple, strides: tuple, pads: tuple
) -> np.ndarray:
    """Mean of each window over the pixels inside the image.

    Loop::

        for n, oh, ow, c:
            out[n, oh, ow, c] = sum(window inside the image) / (its pixel count)
    """
    n_batch, height, width, channels = x.shape
    out_h = (height + pads[0] + pads[1] - pool_size[0]) // strides[0] + 1
    out_w = (width + pads[2] + pads[3] - pool_size[1]) // strides[1] + 1
    out = np.empty((n_batch, out_h, out_w, channels), x.dtype)
    for n in range(n_batch):
        for oh in range(out_h):
            h0 = oh * strides[0] - pads[0]
            h_lo, h_hi = max(h0, 0), min(h0 + pool_size[0], height)
            for ow in range(out_w):
                w0 = ow * strides[1] - pads[2]
                w_lo, w_hi = max(w0, 0), min(w0 + pool_size[1], width)
                count = (h_hi - h_lo) * (w_hi - w_lo)
                for c in range(channels):
                    total = 0.0
                    for h in range(h_lo, h_hi):
                        for w in range(w_lo, w_hi):
                            total += x[n, h, w, c]
                    out[n, oh, ow, c] = total / count
    return out


@njit()
def avg_pool2d_backward(
    grad: np.ndarray,
    height: int,
    width: int,
    pool_size: tuple,
    strides: tuple,
    pads: tuple,
) -> np.ndarray:
    """Share each output's gradient equally among its window's real pixels.

    Args:
        grad: ``(N, H_out, W_out, C)`` upstream gradient.
        height, width: ``H`` and ``W`` of the forward input.
        pool_size, strides, pads: as in :func:`avg_pool2d_forward`.

    Returns:
        ``(N, H, W, C)`` array.
    """
    n_batch, out_h, out_w, channels = grad.shape
    dx = np.zeros((n_batch, height, width, channels), grad.dtype)
    for n in range(n_batch):
        for oh in range(out_h):
            h0 = oh * strides[0] - pads[0]
            h_lo, h_hi = max(h0, 0), min(h0 + pool_size[0], height)
            for ow in range(out_w):
                w0 = ow * strides[1] - pads[2]
                w_lo, w_hi = max(w0, 0), min(w0 + pool_size[1], width)
                count = (h_hi - h_lo) * (w_hi - w_lo)
                for c in range(channels):
                    share = grad[n, oh, ow, c] / count
                    for h in range(h_lo, h_hi):
                        for w in range(w_lo, w_hi):
                            dx[n, h, w, c] += share
    return dx
