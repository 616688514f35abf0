"""Callback, CallbackList, History, CSVLogger, TerminateOnNaN, Lambda, scheduler."""

import numpy as np
import pytest

from kitlib import Tensor
from kitlib.callbacks import (
    Callback,
    CallbackList,
    CSVLogger,
    History,
    LambdaCallback,
    LearningRateScheduler,
    TerminateOnNaN,
)
from kitlib.callbacks.callback import HOOKS
from tests.callbacks.fake_model import FakeModel, run_epochs


class Recorder(Callback):
    def __init__(self):
        super().__init__()
        self.calls = []

    def __getattribute__(self, name):
        if name in HOOKS and name not in ("on_train_batch_begin", "on_train_batch_end"):
            calls = object.__getattribute__(self, "calls")
            return lambda *args, logs=None: calls.append((name, *args))
        return object.__getattribute__(self, name)


def test_train_batch_hooks_call_the_keras_2_batch_hooks():
    class Keras2Style(Callback):
        seen = []

        def on_batch_end(self, batch, logs=None):
            self.seen.append((batch, logs["loss"]))

    callback = Keras2Style()
    CallbackList([callback]).on_train_batch_end(3, {"loss": Tensor(0.5)})
    assert callback.seen == [(3, 0.5)]  # Tensor logs become Python floats


def test_callback_list_dispatches_every_hook_in_order_and_sets_model_params():
    first, second = Recorder(), Recorder()
    model = FakeModel()
    callbacks = CallbackList([first, second], model=model, epochs=3, verbose=0)
    for hook in HOOKS:
        args = (1,) if ("epoch" in hook or "batch" in hook) else ()
        getattr(callbacks, hook)(*args, logs={})
    expected = [
        h for h in HOOKS if h not in ("on_train_batch_begin", "on_train_batch_end")
    ]
    expected_calls = [c[0] for c in first.calls]
    # train-batch hooks reach the recorder through on_batch_begin/end
    assert [c for c in expected_calls if c in expected] == expected_calls
    assert first.calls == second.calls
    assert first.model is model and second.params == {"epochs": 3, "verbose": 0}


def test_callback_list_rejects_non_callbacks_with_a_hint():
    with pytest.raises(TypeError, match=r"LambdaCallback\(on_epoch_end=fn\)"):
        CallbackList([lambda epoch, logs: None])
    with pytest.raises(TypeError, match=r"the class History. Create one: History"):
        CallbackList([History])


def test_history_is_added_once_and_collects_logs():
    existing = History()
    assert CallbackList([existing], add_history=True).history is existing
    model = FakeModel()
    callbacks = CallbackList([], add_history=True, model=model)
    callbacks.on_train_begin()
    for epoch, loss in enumerate([0.9, 0.5]):
        callbacks.on_epoch_end(epoch, {"loss": np.float32(loss), "acc": 0.5})
    assert callbacks.history.history == {"loss": [0.9, 0.5], "acc": [0.5, 0.5]}
    assert callbacks.history.epoch == [0, 1]
    assert model.history is callbacks.history


def test_subclass_that_forgets_super_init_still_works():
    class Forgetful(Callback):
        def __init__(self):
            self.count = 0

    callback = Forgetful()
    assert callback.model is None and callback.params == {}
    CallbackList([callback], model="m", epochs=1)
    assert callback.model == "m"


def test_csv_logger_writes_rows_and_appends_without_second_header(tmp_path):
    path = tmp_path / "log.csv"
    run_epochs([CSVLogger(str(path))], [0.5, 0.25], key="loss", extra={"acc": 0.75})
    assert path.read_text().splitlines() == [
        "epoch,acc,loss,val_acc,val_loss",
        "0,0.75,0.5,NA,NA",
        "1,0.75,0.25,NA,NA",
    ]
    run_epochs(
        [CSVLogger(str(path), separator=";", append=True)],
        [0.125],
        key="loss",
        extra={"acc": 1.0},
    )
    assert path.read_text().splitlines()[-1] == "0;1.0;0.125;NA;NA"
    assert len(path.read_text().splitlines()) == 4


def test_csv_logger_quotes_array_values(tmp_path):
    path = tmp_path / "log.csv"
    logger = CSVLogger(str(path))
    logger.on_train_begin()
    logger.on_epoch_end(0, {"per_class": np.array([0.5, 0.25]), "val_x": 1})
    logger.on_train_end()
    assert path.read_text().splitlines()[1] == '0,"[0.5, 0.25]",1'


def test_terminate_on_nan_stops_on_nan_or_inf(capsys):
    for bad in (float("nan"), float("inf")):
        model = FakeModel()
        callbacks = CallbackList([TerminateOnNaN()], model=model)
        callbacks.on_train_batch_end(0, {"loss": 1.0})
        assert not model.stop_training
        callbacks.on_train_batch_end(1, {"loss": bad})
        assert model.stop_training
    assert "Batch 1: Invalid loss, terminating training" in capsys.readouterr().out


def test_lambda_callback_runs_given_functions_and_rejects_unknown_hooks():
    seen = []
    callback = LambdaCallback(
        on_epoch_end=lambda epoch, logs: seen.append(("epoch", epoch, logs["loss"])),
        on_train_begin=lambda logs: seen.append(("begin",)),
        on_batch_end=lambda batch, logs: seen.append(("batch", batch)),
    )
    callbacks = CallbackList([callback])
    callbacks.on_train_begin()
    callbacks.on_train_batch_end(4, {})
    callbacks.on_epoch_end(0, {"loss": 0.5})
    callbacks.on_epoch_begin(1)  # not given: a no-op
    assert seen == [("begin",), ("batch", 4), ("epoch", 0, 0.5)]
    with pytest.raises(TypeError, match="Did you mean 'on_epoch_end'"):
        LambdaCallback(on_epoch_ends=print)


def test_learning_rate_scheduler_two_and_one_argument_forms():
    model = FakeModel(learning_rate=1.0)
    history = History()
    scheduler = LearningRateScheduler(lambda epoch, lr: lr * 0.5 if epoch else lr)
    run_epochs([scheduler, history], [1.0, 1.0, 1.0], model=model)
    assert history.history["learning_rate"] == [1.0, 0.5, 0.25]
    one_arg = LearningRateScheduler(lambda epoch: 0.1 * (epoch + 1))
    run_epochs([one_arg], [1.0, 1.0], model=model)
    assert float(model.optimizer.learning_rate) == pytest.approx(0.2)


def test_learning_rate_scheduler_rejects_non_numbers_and_missing_optimizer():
    with pytest.raises(ValueError, match="return a float"):
        run_epochs([LearningRateScheduler(lambda epoch, lr: "fast")], [1.0])
    model = FakeModel()
    model.optimizer = None
    with pytest.raises(ValueError, match="compile"):
        run_epochs([LearningRateScheduler(lambda e, lr: lr)], [1.0], model=model)
