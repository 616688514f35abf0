"""max_pool2d / avg_pool2d ops: hand values, "same" semantics, shapes, errors."""

import numpy as np
import pytest

from kitlib import GradientTape, Variable, ops

X = np.arange(15, dtype=np.float32).reshape(1, 3, 5, 1)  # rows 0-4, 5-9, 10-14


def _plane(tensor):
    return tensor.numpy()[0, :, :, 0].tolist()


def test_max_pool2d_valid_and_same():
    assert _plane(ops.max_pool2d(X, 2)) == [[6, 8]]
    assert _plane(ops.max_pool2d(X, 2, padding="same")) == [[6, 8, 9], [11, 13, 14]]


def test_avg_pool2d_same_does_not_count_padding():
    assert _plane(ops.avg_pool2d(X, 2)) == [[3, 5]]
    same = _plane(ops.avg_pool2d(X, 2, padding="same"))
    assert same == [[3, 5, 6.5], [10.5, 12.5, 14]]


def test_pool_strides_default_to_pool_size_and_can_overlap():
    assert ops.max_pool2d(X, (1, 2)).shape == (1, 3, 2, 1)
    overlapping = ops.max_pool2d(X, (2, 2), strides=1)
    assert _plane(overlapping) == [[6, 7, 8, 9], [11, 12, 13, 14]]


def test_pool_gradients_route_to_winners_or_share_equally():
    x = Variable(X)
    with GradientTape(persistent=True) as tape:
        peak = ops.max_pool2d(x, 2, padding="same")
        mean = ops.avg_pool2d(x, 2, padding="same")
    winners = np.zeros((3, 5))
    winners[1, [1, 3, 4]] = 1
    winners[2, [1, 3, 4]] = 1
    np.testing.assert_array_equal(tape.gradient(peak, x).numpy()[0, :, :, 0], winners)
    shares = tape.gradient(mean, x).numpy()[0, :, :, 0]
    np.testing.assert_allclose(shares[:, 4], [0.5, 0.5, 1.0])
    np.testing.assert_allclose(shares[0, :4], 0.25)


@pytest.mark.parametrize("padding", ["valid", "same"])
def test_max_pool2d_gradient_on_many_channels(padding, rng):
    """16+ channels: windows that tile the image ("same" here) and ones that don't."""
    x = Variable(rng.permutation(2 * 5 * 7 * 16).reshape(2, 5, 7, 16), dtype="float32")
    with GradientTape() as tape:
        out = ops.max_pool2d(x, 2, padding=padding)
    grad = rng.standard_normal(out.shape).astype(np.float32)
    dx = tape.gradient(out, x, output_gradients=grad).numpy()
    expected = np.zeros(x.shape, np.float32)
    for oh in range(out.shape[1]):
        for ow in range(out.shape[2]):
            window = x.numpy()[:, 2 * oh : 2 * oh + 2, 2 * ow : 2 * ow + 2, :]
            flat = window.reshape(2, -1, 16).argmax(axis=1)  # (batch, channel)
            width = window.shape[2]  # 1 for a "same" window cut by the border
            rows, cols = 2 * oh + flat // width, 2 * ow + flat % width
            for n in range(2):
                expected[n, rows[n], cols[n], range(16)] = grad[n, oh, ow]
    np.testing.assert_array_equal(dx, expected)


@pytest.mark.parametrize("op", [ops.max_pool2d, ops.avg_pool2d])
def test_pool_symbolic_shape_rule_matches_eager(op, symbolic, rng):
    x = rng.standard_normal((2, 7, 6, 3)).astype(np.float32)
    for kwargs in ({"pool_size": 2}, {"pool_size": 3, "strides": 2, "padding": "same"}):
        spec = op(symbolic((None, 7, 6, 3)), **kwargs)
        assert spec.shape == (None, *op(x, **kwargs).shape[1:])
    assert op(symbolic((None, None, 6, 3)), 2).shape == (None, None, 3, 3)


def test_pool_errors_name_the_op_and_the_fix(symbolic):
    with pytest.raises(ValueError, match=r"ops.max_pool2d with padding='valid'.*3x5"):
        ops.max_pool2d(X, 4)
    with pytest.raises(ValueError, match=r"ops.avg_pool2d expects a 4-D input"):
        ops.avg_pool2d(symbolic((None, 8, 8)), 2)
    with pytest.raises(ValueError, match="pool_size to be a positive int"):
        ops.max_pool2d(X, (2, 0))
