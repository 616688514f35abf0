"""Fast paths of the backward pass: ``needs_input_grad``, cached im2col, max-pool ties.

Each fast path must give exactly the numbers of the plain path; these tests
compare the two (and NumPy references) on small random inputs.
"""

import numpy as np
import pytest

from kitlib import GradientTape, Tensor, Variable, ops
from kitlib.kernels import conv as conv_kernels
from kitlib.kernels import pooling as pool_kernels
from kitlib.ops.conv import Conv2D
from kitlib.ops.linalg import Matmul


def test_matmul_backward_skips_the_inputs_not_needed(rng):
    x, w = rng.standard_normal((4, 3)), rng.standard_normal((3, 2))
    grad = rng.standard_normal((4, 2))
    op = Matmul()
    op.needs_input_grad = (False, True)
    grad_x, grad_w = op.backward((x, w), grad)
    assert grad_x is None
    np.testing.assert_allclose(grad_w, x.T @ grad)
    op.needs_input_grad = None  # None means "all", as outside a tape
    grad_x, _ = op.backward((x, w), grad)
    np.testing.assert_allclose(grad_x, grad @ w.T)


def test_conv2d_backward_skips_the_image_gradient_when_not_needed(rng):
    x = rng.standard_normal((2, 5, 5, 3)).astype("float32")
    kernel = rng.standard_normal((3, 3, 3, 4)).astype("float32")
    op = Conv2D(padding="same")
    _, ctx = op.forward(x, kernel)
    grad = rng.standard_normal((2, 5, 5, 4)).astype("float32")
    op.needs_input_grad = (False, True)
    dx, dkernel = op.backward(ctx, grad)
    assert dx is None
    # The kernel gradient from the cols kept by forward equals a fresh im2col's.
    fresh = conv_kernels.conv2d_backward_kernel(
        x, grad, kernel.shape, pads=(1, 1, 1, 1)
    )
    np.testing.assert_array_equal(dkernel, fresh)


def test_tape_asks_only_for_what_it_tracks_and_resets_the_flag(rng):
    data = Tensor(rng.standard_normal((5, 3)).astype("float32"))  # not watched
    kernel = Variable(rng.standard_normal((3, 2)))
    seen = []
    original = Matmul.backward

    def spy(self, ctx, grad):
        seen.append(self.needs_input_grad)
        return original(self, ctx, grad)

    Matmul.backward = spy
    try:
        with GradientTape() as tape:
            out = ops.matmul(data, kernel)
            loss = ops.sum(out * out)
        (grad,) = tape.gradient(loss, [kernel])
    finally:
        Matmul.backward = original
    assert seen == [(False, True)]
    expected = data.value.T @ (2 * (data.value @ kernel.value))
    np.testing.assert_allclose(grad.numpy(), expected, rtol=1e-5)


def test_watched_input_still_gets_its_gradient(rng):
    data = Tensor(rng.standard_normal((5, 3)).astype("float32"))
    kernel = Variable(rng.standard_normal((3, 2)))
    with GradientTape() as tape:
        tape.watch(data)
        loss = ops.sum(ops.matmul(data, kernel))
    grad_data, grad_kernel = tape.gradient(loss, [data, kernel])
    np.testing.assert_allclose(grad_data.numpy(), np.ones((5, 2)) @ kernel.value.T)
    np.testing.assert_allclose(grad_kernel.numpy(), data.value.T @ np.ones((5, 2)))


@pytest.mark.nojit
def test_max_pool_first_maximum_wins_ties_and_gets_the_gradient():
    x = np.array([[3.0, 3.0], [1.0, 3.0]], np.float32).reshape(1, 2, 2, 1)
    out, argmax = pool_kernels.max_pool2d_forward(x, (2, 2), (2, 2), (0, 0, 0, 0))
    assert out.item() == 3.0 and argmax.item() == 0  # (h, w) = (0, 0), the first 3
    dx = pool_kernels.max_pool2d_backward(
        np.ones_like(out), argmax, 2, 2, (2, 2), (2, 2), (0, 0, 0, 0)
    )
    assert dx.reshape(-1).tolist() == [1.0, 0.0, 0.0, 0.0]


def test_max_pool_matches_numpy_on_channels(rng):
    x = rng.standard_normal((2, 6, 6, 5)).astype(np.float32)
    out, argmax = pool_kernels.max_pool2d_forward(x, (2, 2), (2, 2), (0, 0, 0, 0))
    windows = (
        x.reshape(2, 3, 2, 3, 2, 5).transpose(0, 1, 3, 5, 2, 4).reshape(2, 3, 3, 5, 4)
    )
    np.testing.assert_array_equal(out, windows.max(axis=-1))
    grad = rng.standard_normal(out.shape).astype(np.float32)
    dx = pool_kernels.max_pool2d_backward(
        grad, argmax, 6, 6, (2, 2), (2, 2), (0, 0, 0, 0)
    )
    assert dx.shape == x.shape
    np.testing.assert_allclose(dx.sum(), grad.sum(), rtol=1e-5)  # each grad lands once
    assert np.count_nonzero(dx) == grad.size
