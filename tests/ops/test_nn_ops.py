"""Softmax cross-entropy, dropout and embedding ops: values, determinism, errors."""

import numpy as np
import pytest

from kitlib import GradientTape, Variable, ops
from kitlib.utils import set_random_seed


def _log_softmax(x):
    shifted = x - x.max(-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(-1, keepdims=True))


def test_softmax_cross_entropy_matches_numpy_per_sample(rng):
    logits = rng.standard_normal((2, 3, 4))
    labels = rng.dirichlet(np.ones(4), (2, 3))
    loss = ops.softmax_cross_entropy(labels, logits)
    assert loss.shape == (2, 3)
    np.testing.assert_allclose(loss.numpy(), -(labels * _log_softmax(logits)).sum(-1))


def test_sparse_softmax_cross_entropy_matches_numpy(rng):
    logits = rng.standard_normal((5, 3)).astype(np.float32)
    labels = np.array([0, 2, 1, 1, 0])
    loss = ops.sparse_softmax_cross_entropy(labels, logits)
    assert loss.dtype == "float32"
    expected = -_log_softmax(logits.astype(float))[np.arange(5), labels]
    np.testing.assert_allclose(loss.numpy(), expected, rtol=1e-6)
    # Keras-style (batch, 1) labels and whole-valued float labels work too.
    np.testing.assert_allclose(
        ops.sparse_softmax_cross_entropy(labels[:, None].astype(float), logits).numpy(),
        loss.numpy(),
    )


def test_cross_entropy_gradient_is_softmax_minus_labels():
    logits = Variable([[0.0, 0.0, 0.0, 0.0]], dtype="float64")
    with GradientTape(persistent=True) as tape:
        dense = ops.softmax_cross_entropy([[0.0, 1.0, 0.0, 0.0]], logits)
        sparse = ops.sparse_softmax_cross_entropy([1], logits)
    expected = [[0.25, -0.75, 0.25, 0.25]]
    np.testing.assert_allclose(tape.gradient(dense, logits).numpy(), expected)
    np.testing.assert_allclose(tape.gradient(sparse, logits).numpy(), expected)


def test_cross_entropy_label_errors_suggest_the_other_op():
    logits = np.zeros((3, 4))
    with pytest.raises(ValueError, match="look like integer class labels"):
        ops.softmax_cross_entropy(np.array([0.0, 1.0, 2.0]), logits)
    with pytest.raises(ValueError, match="look like one-hot labels"):
        ops.sparse_softmax_cross_entropy(np.eye(4)[:3], logits)
    with pytest.raises(ValueError, match=r"labels in \[0, 4\), but received 4"):
        ops.sparse_softmax_cross_entropy(np.array([0, 4, 1]), logits)
    with pytest.raises(ValueError, match="not whole numbers"):
        ops.sparse_softmax_cross_entropy(np.array([0.5, 1.0, 2.0]), logits)


def test_cross_entropy_symbolic_shapes(symbolic):
    logits = symbolic((None, 10))
    assert ops.softmax_cross_entropy(symbolic((None, 10)), logits).shape == (None,)
    labels = symbolic((None,), "int64")
    out = ops.sparse_softmax_cross_entropy(labels, logits)
    assert out.shape == (None,) and out.dtype == "float32"


def test_dropout_repeats_after_set_random_seed_and_keeps_the_mean():
    x = np.ones((200, 50), np.float32)
    set_random_seed(1)
    first = ops.dropout(x, 0.3).numpy()
    second = ops.dropout(x, 0.3).numpy()
    set_random_seed(1)
    np.testing.assert_array_equal(ops.dropout(x, 0.3).numpy(), first)
    assert not np.array_equal(first, second)
    np.testing.assert_allclose(np.unique(first), [0.0, 1 / 0.7], rtol=1e-6)
    assert abs((first == 0).mean() - 0.3) < 0.02
    assert abs(first.mean() - 1.0) < 0.03  # inverted dropout keeps the mean


def test_dropout_seed_noise_shape_and_gradient():
    x = Variable(np.ones((4, 6)))
    np.testing.assert_array_equal(
        ops.dropout(x, 0.5, seed=3).numpy(), ops.dropout(x, 0.5, seed=3).numpy()
    )
    with GradientTape() as tape:
        y = ops.dropout(x, 0.5, noise_shape=(1, 6), seed=0)
    rows = y.numpy()
    assert (rows == rows[0]).all()  # one mask value shared along axis 0
    np.testing.assert_array_equal(tape.gradient(y, x).numpy(), rows)  # x is ones
    np.testing.assert_array_equal(ops.dropout(x, 0.0).numpy(), x.numpy())


def test_dropout_rejects_a_rate_outside_0_1(symbolic):
    with pytest.raises(ValueError, match=r"rate in \[0, 1\), but received rate=1"):
        ops.dropout(np.ones(3), 1)
    with pytest.raises(ValueError, match="noise_shape"):
        ops.dropout(np.ones((2, 3)), 0.5, noise_shape=(2, 2))
    assert ops.dropout(symbolic((None, 7)), 0.5).shape == (None, 7)


def test_embedding_lookup_gathers_rows_and_scatter_adds_gradients():
    table = Variable(np.arange(8.0).reshape(4, 2))
    indices = np.array([[3, 0], [3, 3]])
    with GradientTape() as tape:
        out = ops.embedding_lookup(table, indices)
    assert out.shape == (2, 2, 2)
    assert out.numpy()[1].tolist() == [[6, 7], [6, 7]]
    grad = tape.gradient(out, table).numpy()
    assert grad.tolist() == [[1, 1], [0, 0], [0, 0], [3, 3]]


def test_embedding_lookup_errors_and_symbolic_shape(symbolic):
    table = np.zeros((5, 3), np.float32)
    with pytest.raises(ValueError, match=r"indices in \[0, 5\), but received 7"):
        ops.embedding_lookup(table, np.array([1, 7]))
    with pytest.raises(ValueError, match=r"indices in \[0, 5\), but received -1"):
        ops.embedding_lookup(table, np.array([-1]))
    with pytest.raises(ValueError, match="2-D table"):
        ops.embedding_lookup(np.zeros(5), np.array([1]))
    out = ops.embedding_lookup(table, symbolic((None, 7), "int32"))
    assert out.shape == (None, 7, 3) and out.dtype == "float32"
    assert ops.embedding_lookup(table, np.array([2.0])).numpy().shape == (1, 3)
