"""GradientTape with TF semantics, and seed 003's linear regression as acceptance."""

import numpy as np
import pytest

from kitlib import GradientTape, Tensor, Variable, ops


def test_trainable_variables_are_watched_automatically_and_others_are_not():
    w = Variable(3.0)
    frozen = Variable(2.0, trainable=False)
    constant = Tensor(4.0)
    with GradientTape() as tape:
        y = w * frozen * constant
    grads = tape.gradient(y, [w, frozen, constant])
    assert float(grads[0]) == 8.0
    assert grads[1] is None and grads[2] is None
    assert tape.watched_variables() == [w]


def test_watch_makes_constants_and_frozen_variables_differentiable():
    x = Tensor([1.0, 2.0])
    frozen = Variable(3.0, trainable=False)
    with GradientTape() as tape:
        tape.watch([x, frozen])
        y = ops.sum(x * x) * frozen
    grad_x, grad_frozen = tape.gradient(y, [x, frozen])
    np.testing.assert_array_equal(grad_x.numpy(), [6.0, 12.0])
    assert float(grad_frozen) == 5.0


def test_watch_accessed_variables_false_needs_explicit_watch():
    a, b = Variable(2.0), Variable(5.0)
    with GradientTape(watch_accessed_variables=False) as tape:
        tape.watch(a)
        y = a * b
    grad_a, grad_b = tape.gradient(y, [a, b])
    assert float(grad_a) == 5.0 and grad_b is None


def test_watch_rejects_non_tensors():
    with GradientTape() as tape, pytest.raises(TypeError, match="Tensor or Variable"):
        tape.watch(np.ones(2))


def test_non_persistent_tape_refuses_a_second_gradient_call():
    x = Variable(2.0)
    with GradientTape() as tape:
        y = x * x
    assert float(tape.gradient(y, x)) == 4.0
    with pytest.raises(RuntimeError, match=r"persistent=True"):
        tape.gradient(y, x)


def test_persistent_tape_allows_several_gradient_calls():
    x = Variable(2.0)
    with GradientTape(persistent=True) as tape:
        y = x * x
        z = y * x
    assert float(tape.gradient(y, x)) == 4.0
    assert float(tape.gradient(z, x)) == 12.0
    assert float(tape.gradient(z, y)) == 2.0  # an intermediate as the source


def test_gradient_keeps_the_structure_of_sources():
    a, b, c = Variable(1.0), Variable(2.0), Variable(3.0)
    with GradientTape(persistent=True) as tape:
        y = a * 10.0 + b * 20.0 + c * 30.0
    assert isinstance(tape.gradient(y, [a, b]), list)
    assert isinstance(tape.gradient(y, (a, b)), tuple)
    nested = tape.gradient(y, {"first": a, "rest": [b, (c,)]})
    assert float(nested["first"]) == 10.0
    assert float(nested["rest"][0]) == 20.0
    assert float(nested["rest"][1][0]) == 30.0
    assert isinstance(tape.gradient(y, a), Tensor)


def test_unconnected_sources_get_none():
    used, unused = Variable(1.0), Variable(1.0)
    with GradientTape() as tape:
        y = used * 2.0
    assert tape.gradient(y, [used, unused])[1] is None


def test_stop_recording_hides_ops_from_the_tape():
    x = Variable(3.0)
    with GradientTape() as tape:
        y = x * x
        with tape.stop_recording():
            shift = x * 100.0  # e.g. a metric: not part of the gradient
        z = y + shift
    # z depends on x through y only, as far as the tape knows.
    assert float(tape.gradient(z, x)) == 6.0


def test_ops_after_the_with_block_are_not_recorded():
    x = Variable(3.0)
    with GradientTape() as tape:
        y = x * 2.0
    z = y * x
    assert tape.gradient(z, x) is None


def test_gradients_accumulate_when_a_tensor_is_used_twice():
    x = Variable([1.0, -2.0])
    with GradientTape() as tape:
        y = x * x + x  # dy/dx = 2x + 1
    np.testing.assert_array_equal(tape.gradient(y, x).numpy(), [3.0, -3.0])


def test_broadcast_inputs_get_summed_gradients():
    w = Variable(np.ones((2, 3)))
    b = Variable([0.0, 0.0, 0.0])
    column = Variable([[1.0], [2.0]])
    with GradientTape() as tape:
        y = (w + b) * column
    grad_w, grad_b, grad_column = tape.gradient(y, [w, b, column])
    np.testing.assert_array_equal(grad_w.numpy(), [[1, 1, 1], [2, 2, 2]])
    np.testing.assert_array_equal(grad_b.numpy(), [3, 3, 3])
    np.testing.assert_array_equal(grad_column.numpy(), [[3], [3]])


def test_non_scalar_targets_are_summed_and_output_gradients_weight_them():
    x = Variable([1.0, 2.0])
    with GradientTape(persistent=True) as tape:
        y = x * 3.0
        z = x * x
    np.testing.assert_array_equal(tape.gradient(y, x).numpy(), [3.0, 3.0])
    weighted = tape.gradient(y, x, output_gradients=np.array([1.0, -1.0], "float32"))
    np.testing.assert_array_equal(weighted.numpy(), [3.0, -3.0])
    np.testing.assert_array_equal(tape.gradient([y, z], x).numpy(), [5.0, 7.0])


def test_gradients_have_the_source_dtype():
    x = Variable(np.ones(2), dtype="float64")
    with GradientTape() as tape:
        y = ops.sum(x * 2.0)
    assert tape.gradient(y, x).dtype == "float64"


def test_integer_results_are_not_recorded():
    x = Variable([1.5, 2.5])
    with GradientTape() as tape:
        index = ops.argmax(x)
    assert tape._entries == [] and tape.gradient(index, x) is None


def test_nested_tapes_both_record():
    x = Variable(2.0)
    with GradientTape() as outer:
        with GradientTape() as inner:
            y = x * x * x
        assert float(inner.gradient(y, x)) == 12.0
    assert float(outer.gradient(y, x)) == 12.0


def test_reset_forgets_recorded_ops():
    x = Variable(2.0)
    with GradientTape() as tape:
        y = x * x
        tape.reset()
    assert tape.gradient(y, x) is None


def test_bad_targets_and_sources_raise_type_errors():
    x = Variable(1.0)
    with GradientTape(persistent=True) as tape:
        y = x * 2.0
    with pytest.raises(TypeError, match="target to be a Tensor"):
        tape.gradient(3.0, x)
    with pytest.raises(TypeError, match="sources to be Tensors or Variables"):
        tape.gradient(y, [x, "w"])


# --- acceptance test: seed 003's linear regression ----------------------------
X = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
Y = [[10.0], [20.0]]


def _fit_with_kitlib(dtype, steps=100, lr=0.01):
    """The seed's tf.GradientTape loop, written with kitlib Variables."""
    inputs, targets = Tensor(np.array(X, dtype)), Tensor(np.array(Y, dtype))
    w = Variable(np.zeros((3, 1)), dtype=dtype)
    b = Variable(np.zeros(1), dtype=dtype)
    for _ in range(steps):
        with GradientTape() as tape:
            loss = 0.5 * ops.mean((inputs @ w + b - targets) ** 2)
        grad_w, grad_b = tape.gradient(loss, [w, b])
        w.assign_sub(lr * grad_w)
        b.assign_sub(lr * grad_b)
    return w.numpy(), b.numpy()


def _fit_with_numpy(steps=100, lr=0.01):
    """The same loop with hand-derived gradients, in float64.

    loss = 0.5 * mean(err ** 2) with err = X @ w + b - y over N = 2 values, so
    d loss / d err = err / N, d loss / d w = X.T @ (err / N) and
    d loss / d b = sum(err / N) over the batch.
    """
    inputs, targets = np.array(X), np.array(Y)
    w, b = np.zeros((3, 1)), np.zeros(1)
    for _ in range(steps):
        upstream = (inputs @ w + b - targets) / targets.size
        w, b = w - lr * inputs.T @ upstream, b - lr * upstream.sum(axis=0)
    return w, b


def test_linear_regression_first_step_matches_hand_computed_values():
    w, b = _fit_with_kitlib("float64", steps=1)
    # err = -y, so the gradient is X.T @ (-y / 2) = -(45, 60, 75) and -15.
    np.testing.assert_allclose(w.ravel(), [0.45, 0.60, 0.75], atol=1e-12)
    np.testing.assert_allclose(b, [0.15], atol=1e-12)


def test_linear_regression_in_float64_matches_numpy_to_1e_6():
    w, b = _fit_with_kitlib("float64")
    w_ref, b_ref = _fit_with_numpy()
    np.testing.assert_allclose(w, w_ref, rtol=0, atol=1e-6)
    np.testing.assert_allclose(b, b_ref, rtol=0, atol=1e-6)


def test_linear_regression_in_default_float32_matches_numpy_relatively():
    # float32 resolves only ~1.2e-7 relative per operation and the rounding
    # compounds over 100 steps (we observe ~4e-7), so 1e-6 absolute would be
    # a coin toss; compare with a relative tolerance of 1e-5 instead.
    w, b = _fit_with_kitlib("float32")
    assert w.dtype == np.float32
    w_ref, b_ref = _fit_with_numpy()
    np.testing.assert_allclose(w, w_ref, rtol=1e-5)
    np.testing.assert_allclose(b, b_ref, rtol=1e-5)
