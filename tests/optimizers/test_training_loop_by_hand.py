"""The pieces together: GradientTape + a loss + an optimizer, the loop fit() runs."""

import numpy as np
import pytest

from kitlib import GradientTape, Variable, losses, ops
from kitlib.metrics import MeanAbsoluteError
from kitlib.optimizers import SGD, Adam


@pytest.mark.parametrize(
    "optimizer",
    [lambda: SGD(learning_rate=0.1, momentum=0.9), lambda: Adam(learning_rate=0.05)],
    ids=["sgd_momentum", "adam"],
)
def test_hand_written_loop_fits_a_line(optimizer):
    rng = np.random.default_rng(30)
    x = rng.normal(size=(64, 1)).astype("float32")
    y = 3.0 * x - 1.0
    kernel, bias = Variable([[0.0]], name="kernel"), Variable([0.0], name="bias")
    opt, loss_fn, metric = optimizer(), losses.MeanSquaredError(), MeanAbsoluteError()
    for _ in range(150):
        with GradientTape() as tape:
            y_pred = ops.matmul(x, kernel) + bias
            loss = loss_fn(y, y_pred)
        grads = tape.gradient(loss, [kernel, bias])
        opt.apply_gradients(zip(grads, [kernel, bias], strict=True))
    metric.update_state(y, y_pred)
    assert float(kernel.numpy()[0, 0]) == pytest.approx(3.0, abs=0.05)
    assert float(bias.numpy()[0]) == pytest.approx(-1.0, abs=0.05)
    assert float(metric.result()) < 0.1
    assert int(opt.iterations) == 150


def test_loss_computed_outside_the_tape_gives_the_no_gradient_error():
    w = Variable([1.0], name="w")
    loss = losses.mean_squared_error([0.0], w)  # computed before the tape starts
    with GradientTape() as tape:
        pass
    grads = tape.gradient(loss, [w])
    with pytest.raises(ValueError, match="No gradients provided for any variable"):
        SGD().apply_gradients(zip(grads, [w], strict=True))
