"""EarlyStopping: exact Keras counting on scripted metric sequences."""

import numpy as np
import pytest

from kitlib.callbacks import EarlyStopping
from tests.callbacks.fake_model import FakeModel, run_epochs


@pytest.mark.parametrize(
    ("kwargs", "values", "epochs_run"),
    [
        # patience=0: the first epoch without improvement stops training
        ({"patience": 0}, [1.0, 0.9, 0.95, 0.8], 3),
        # patience=2: two non-improving epochs after the best (0.9)
        ({"patience": 2}, [1.0, 0.9, 0.95, 0.96, 0.5], 4),
        # an improvement resets the count
        ({"patience": 2}, [1.0, 1.1, 0.9, 1.2, 1.3, 0.1], 5),
        # never stops while improving
        ({"patience": 1}, [5, 4, 3, 2, 1], 5),
        # min_delta: 0.95 -> 0.94 is not an improvement of more than 0.05
        ({"patience": 1, "min_delta": 0.05}, [1.0, 0.94, 0.93, 0.5], 3),
        # max mode for accuracy-like values
        ({"patience": 1, "mode": "max"}, [0.5, 0.6, 0.6, 0.9], 3),
        # start_from_epoch: the first two epochs are ignored
        ({"patience": 0, "start_from_epoch": 2}, [1.0, 2.0, 3.0, 4.0, 5.0], 4),
    ],
    ids=[
        "patience0",
        "patience2",
        "reset",
        "improving",
        "min_delta",
        "max_mode",
        "start_from_epoch",
    ],
)
def test_early_stopping_stops_at_the_keras_epoch(kwargs, values, epochs_run):
    stopper = EarlyStopping(**kwargs)
    assert run_epochs([stopper], values) == epochs_run
    if epochs_run < len(values):
        assert stopper.stopped_epoch == epochs_run - 1


def test_early_stopping_never_stops_at_epoch_zero():
    stopper = EarlyStopping(patience=0, baseline=0.1)
    assert run_epochs([stopper], [1.0, 2.0, 3.0]) == 2


def test_early_stopping_baseline_keeps_counting_until_beaten():
    # Improving but never below the baseline 0.5: wait is not reset, and the
    # first non-improvement after patience is exhausted stops training.
    stopper = EarlyStopping(patience=2, baseline=0.5)
    assert run_epochs([stopper], [0.8, 0.7, 0.6, 0.65, 0.4]) == 4
    # Beating the baseline resets the count as usual.
    stopper = EarlyStopping(patience=2, baseline=0.5)
    assert run_epochs([stopper], [0.8, 0.4, 0.45, 0.46, 0.47]) == 4


def test_restore_best_weights_puts_back_the_best_epoch():
    model = FakeModel()
    stopper = EarlyStopping(patience=1, restore_best_weights=True)
    run_epochs([stopper], [3.0, 1.0, 2.0, 2.5], model=model)
    assert stopper.best_epoch == 1
    np.testing.assert_array_equal(model.weights[0], [1.0, 1.0])


def test_restore_best_weights_also_when_training_ran_to_the_end():
    model = FakeModel()
    stopper = EarlyStopping(patience=5, restore_best_weights=True)
    run_epochs([stopper], [3.0, 1.0, 2.0], model=model)
    np.testing.assert_array_equal(model.weights[1], [1.0])


def test_missing_monitor_warns_with_available_keys_and_does_not_stop():
    stopper = EarlyStopping(monitor="val_loss", patience=0)
    with pytest.warns(UserWarning, match="Available metrics are: accuracy, loss") as w:
        ran = run_epochs([stopper], [1.0, 2.0], key="loss", extra={"accuracy": 0.5})
    assert ran == 2
    assert "validation_data" in str(w[0].message)


def test_auto_mode_infers_direction_and_rejects_unknown_names():
    up = EarlyStopping(monitor="val_accuracy", patience=0)
    assert run_epochs([up], [0.5, 0.4, 0.9], key="val_accuracy") == 2
    with pytest.raises(ValueError, match="mode='max'"):
        run_epochs([EarlyStopping(monitor="score")], [1.0], key="score")


def test_unknown_mode_falls_back_to_auto_with_a_warning():
    with pytest.warns(UserWarning, match="falling back to 'auto'"):
        stopper = EarlyStopping(mode="minimum")
    assert stopper.mode == "auto"


def test_instance_can_be_reused_across_fits():
    stopper = EarlyStopping(monitor="loss", patience=1)
    assert run_epochs([stopper], [1.0, 2.0, 3.0], key="loss") == 2
    # A second fit starts from scratch: higher losses are not "worse than 1.0".
    assert run_epochs([stopper], [5.0, 4.0, 3.0], key="loss") == 3


def test_verbose_messages(capsys):
    stopper = EarlyStopping(patience=0, verbose=1, restore_best_weights=True)
    run_epochs([stopper], [1.0, 2.0])
    out = capsys.readouterr().out
    assert "Epoch 2: early stopping" in out
    assert "best epoch: 1." in out
