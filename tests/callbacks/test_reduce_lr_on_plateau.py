"""ReduceLROnPlateau: Keras counting, cooldown, min_lr, and the logged rate."""

import numpy as np
import pytest

from kitlib.callbacks import History, ReduceLROnPlateau
from tests.callbacks.fake_model import FakeModel, run_epochs


def rates_after(callback, values, key="val_loss", learning_rate=1.0):
    model = FakeModel(learning_rate=learning_rate)
    history = History()
    run_epochs([callback, history], values, key=key, model=model)
    return [round(r, 6) for r in history.history["learning_rate"]], model


def test_reduces_after_patience_flat_epochs():
    callback = ReduceLROnPlateau(factor=0.5, patience=2)
    rates, model = rates_after(callback, [1.0, 1.0, 1.0, 1.0, 1.0, 1.0])
    # logged value is the rate *before* this epoch's decision
    assert rates == [1.0, 1.0, 1.0, 0.5, 0.5, 0.25]
    assert float(model.optimizer.learning_rate) == pytest.approx(0.25)


def test_cooldown_pauses_counting():
    callback = ReduceLROnPlateau(factor=0.5, patience=1, cooldown=2)
    rates, _ = rates_after(callback, [1.0] * 7)
    # Reduce at epoch 1 (cooldown_counter = 2). Epoch 2: counter -> 1, no
    # counting. Epoch 3: counter -> 0, so counting resumes in the same epoch and
    # patience=1 reduces again; likewise at epoch 5. (Keras 3's exact order.)
    # Each logged rate is the one in force before that epoch's decision.
    assert rates == [1.0, 1.0, 0.5, 0.5, 0.25, 0.25, 0.125]
    assert float(callback.model.optimizer.learning_rate) == pytest.approx(0.125)


def test_min_delta_and_min_lr():
    callback = ReduceLROnPlateau(factor=0.1, patience=1, min_delta=0.1, min_lr=0.05)
    _, model = rates_after(callback, [1.0, 0.95, 0.9, 0.85, 0.8])
    assert float(model.optimizer.learning_rate) == pytest.approx(0.05)


def test_accuracy_like_monitor_goes_up():
    callback = ReduceLROnPlateau(monitor="accuracy", factor=0.5, patience=1)
    rates, _ = rates_after(callback, [0.5, 0.6, 0.7, 0.65], key="accuracy")
    assert rates == [1.0, 1.0, 1.0, 1.0]
    _, model = rates_after(
        ReduceLROnPlateau(monitor="accuracy", factor=0.5, patience=1),
        [0.5, 0.6, 0.7, 0.65, 0.6],
        key="accuracy",
    )
    # epochs 3 and 4 are both flat: patience=1 halves the rate twice
    assert float(model.optimizer.learning_rate) == pytest.approx(0.25)


def test_factor_must_be_below_one_and_missing_monitor_warns():
    with pytest.raises(ValueError, match="factor < 1.0"):
        ReduceLROnPlateau(factor=2.0)
    with pytest.warns(UserWarning, match="Available metrics are: learning_rate, loss"):
        run_epochs([ReduceLROnPlateau()], [1.0], key="loss")


def test_verbose_message(capsys):
    run_epochs([ReduceLROnPlateau(factor=0.5, patience=0, verbose=1)], [1.0, 1.0])
    assert "ReduceLROnPlateau reducing learning rate to 0.05" in capsys.readouterr().out


def test_rate_set_by_callback_is_a_float32_variable():
    _, model = rates_after(
        ReduceLROnPlateau(factor=0.5, patience=0), [1.0, 1.0], learning_rate=0.1
    )
    assert model.optimizer.learning_rate.dtype == np.float32
