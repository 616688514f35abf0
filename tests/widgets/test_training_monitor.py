"""TrainingMonitor: curves grow with the logs it is fed, drawn or printed."""

import math

import numpy as np
import pytest

import kitlib
from kitlib.callbacks import Callback, CallbackList
from kitlib.layers import Dense
from kitlib.widgets import TrainingMonitor
from kitlib.widgets._base import ERROR_CLASS


def _feed(monitor, epoch_logs, steps=0, batch_logs=None):
    """Call the hooks as fit does: train begin, batches, epoch ends, train end."""
    monitor.set_params({"epochs": len(epoch_logs), "steps": steps})
    monitor.on_train_begin()
    for epoch, logs in enumerate(epoch_logs):
        monitor.on_epoch_begin(epoch)
        for batch in range(steps):
            monitor.on_train_batch_end(batch, batch_logs(epoch, batch))
        monitor.on_epoch_end(epoch, logs)
    monitor.on_train_end()


def _lines(monitor, panel=0):
    axes = monitor.figure().axes[panel]
    return {
        line.get_label(): (list(line.get_xdata()), list(line.get_ydata()))
        for line in axes.lines
    }


def test_training_monitor_is_a_callback():
    assert isinstance(TrainingMonitor(live=False), Callback)


def test_training_monitor_history_grows_with_each_epoch():
    monitor = TrainingMonitor(live=True)
    for epoch, loss in enumerate([0.9, 0.6, 0.4]):
        monitor.on_epoch_end(epoch, {"loss": loss, "val_loss": loss + 0.1})
        assert monitor.epochs == list(range(1, epoch + 2))
        assert len(monitor.history["loss"]) == epoch + 1
    assert monitor.history == {"loss": [0.9, 0.6, 0.4], "val_loss": [1.0, 0.7, 0.5]}


def test_training_monitor_redraws_every_n_epochs_and_at_train_end():
    monitor = TrainingMonitor(every=2, live=True)
    _feed(monitor, [{"loss": 1.0 / (e + 1)} for e in range(5)])
    assert monitor.draws == 3  # after epochs 2 and 4, then once at train end
    assert monitor.plot.outputs[0]["data"]["image/png"]
    assert "5 epoch(s) recorded, fit(epochs=5)" in monitor.title.value


def test_training_monitor_figure_plots_train_and_val_curves():
    monitor = TrainingMonitor(metrics=("loss", "accuracy"), live=True)
    logs = [
        {"loss": 0.8, "accuracy": 0.5, "val_loss": 0.9, "val_accuracy": 0.4},
        {"loss": 0.5, "accuracy": 0.7, "val_loss": 0.6, "val_accuracy": 0.6},
    ]
    _feed(monitor, logs)
    figure = monitor.figure()
    assert [axes.get_title() for axes in figure.axes] == ["loss", "accuracy"]
    assert _lines(monitor, 0) == {
        "loss": ([1, 2], [0.8, 0.5]),
        "val_loss": ([1, 2], [0.9, 0.6]),
    }
    assert _lines(monitor, 1)["val_accuracy"] == ([1, 2], [0.4, 0.6])


def test_training_monitor_keeps_series_aligned_when_validation_skips_epochs():
    monitor = TrainingMonitor(live=True)
    logs = [
        {"loss": 0.9},
        {"loss": 0.7, "val_loss": 0.8},
        {"loss": 0.6},
        {"loss": 0.5, "val_loss": 0.55},
    ]
    _feed(monitor, logs)
    val = monitor.history["val_loss"]
    assert len(val) == len(monitor.epochs) == 4
    assert math.isnan(val[0]) and math.isnan(val[2]) and val[1::2] == [0.8, 0.55]
    assert _lines(monitor)["val_loss"] == ([2, 4], [0.8, 0.55])  # NaN points skipped
    assert "val_loss: 0.8000 -> 0.5500" in str(monitor)


def test_training_monitor_records_batches_as_fractional_epochs():
    monitor = TrainingMonitor(batch_every=2, live=True)
    _feed(
        monitor,
        [{"loss": 0.5}, {"loss": 0.25}],
        steps=4,
        batch_logs=lambda epoch, batch: {"loss": 10.0 * epoch + batch},
    )
    assert monitor.batch_steps == [0.5, 1.0, 1.5, 2.0]
    assert monitor.batch_history["loss"] == [1.0, 3.0, 11.0, 13.0]
    assert monitor.draws == 4 + 2  # batches, epochs; nothing new at train end
    assert _lines(monitor)["loss (batches)"] == (
        [0.5, 1.0, 1.5, 2.0],
        [1.0, 3.0, 11.0, 13.0],
    )


def test_training_monitor_headless_prints_one_line_per_epoch(capsys):
    monitor = TrainingMonitor(metrics=("loss", "accuracy"), live=False)
    _feed(
        monitor,
        [
            {"loss": 0.5, "accuracy": 0.25, "val_loss": 0.75},
            {"loss": 0.125, "accuracy": 0.5, "val_loss": 0.375},
        ],
    )
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "epoch 1/2 - loss: 0.5000 - val_loss: 0.7500 - accuracy: 0.2500",
        "epoch 2/2 - loss: 0.1250 - val_loss: 0.3750 - accuracy: 0.5000",
    ]
    assert monitor.draws == 0  # nothing rendered without a front-end


def test_training_monitor_headless_bundle_renders_curves_on_display():
    monitor = TrainingMonitor(live=False)
    monitor.on_epoch_end(0, {"loss": 0.5})
    bundle = monitor._repr_mimebundle_()
    assert (
        bundle["text/plain"] == "TrainingMonitor: 1 epoch(s)\n  loss: 0.5000 -> 0.5000"
    )
    assert '<img src="data:image/png;base64,' in bundle["text/html"]
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert monitor.plot.outputs  # drawn lazily for the display


def test_training_monitor_names_missing_metric(capsys):
    monitor = TrainingMonitor(metrics="acc", live=False)
    monitor.on_epoch_end(0, {"loss": 0.5, "accuracy": 0.5})
    monitor.on_epoch_end(1, {"loss": 0.4, "accuracy": 0.6})
    out = capsys.readouterr().out
    assert out.count("asked to plot 'acc'") == 1  # said once in the log
    assert ERROR_CLASS in monitor.status.value
    assert "['loss', 'accuracy']" in monitor.status.value.replace("&#x27;", "'")


def test_training_monitor_ignores_non_numeric_logs_and_converts_numpy():
    monitor = TrainingMonitor(live=True)
    monitor.on_epoch_end(0, {"loss": np.float32(0.25), "lr_name": "adam", "flag": True})
    assert monitor.history == {"loss": [0.25]}
    assert isinstance(monitor.history["loss"][0], float)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"every": 0}, ValueError, "every to be a positive int"),
        ({"batch_every": 1.5}, ValueError, "batch_every to be a positive int"),
        ({"metrics": [1]}, TypeError, "metrics to be log names"),
        ({"metrics": ()}, TypeError, "metrics to be log names"),
    ],
)
def test_training_monitor_rejects_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        TrainingMonitor(**kwargs)


def test_training_monitor_agrees_with_history_through_callback_list():
    monitor = TrainingMonitor(live=False)
    callbacks = CallbackList([monitor], add_history=True, epochs=2, steps=1)
    for epoch, loss in enumerate([0.3, 0.2]):
        callbacks.on_epoch_end(epoch, {"loss": loss})
    assert monitor.history == callbacks.history.history
    monitor.reset()
    assert monitor.history == {} and monitor.epochs == []


def test_training_monitor_curves_grow_during_fit():
    kitlib.utils.set_random_seed(0)
    x_in = kitlib.Input((3,))
    model = kitlib.Model(x_in, Dense(1)(x_in))
    model.compile(optimizer="sgd", loss="mse")
    data = np.random.default_rng(0).normal(size=(32, 3)).astype("float32")
    target = data.sum(axis=1, keepdims=True)
    monitor = TrainingMonitor(live=True)
    model.fit(
        data,
        target,
        epochs=3,
        batch_size=8,
        validation_split=0.25,
        callbacks=[monitor],
        verbose=0,
    )
    assert monitor.epochs == [1, 2, 3]
    assert set(monitor.history) >= {"loss", "val_loss"}
    assert monitor.draws >= 3


def test_training_monitor_shows_itself_in_fit_unless_a_cell_shows_it(monkeypatch):
    import kitlib.widgets.training_monitor as module

    shown = []
    monkeypatch.setattr(module._base, "in_kernel", lambda: True)
    monkeypatch.setattr(
        module, "display", lambda obj: shown.append(obj._repr_mimebundle_())
    )
    monitor = TrainingMonitor(live=True)
    monitor.on_train_begin()
    monitor.on_train_begin()  # a second fit in a new cell shows it there too
    assert len(shown) == 2
    monitor._repr_mimebundle_()  # a cell ending in `monitor`
    monitor.on_train_begin()
    assert len(shown) == 2


def test_training_monitor_prints_nothing_at_train_begin_outside_a_kernel(capsys):
    monitor = TrainingMonitor(live=True)
    monitor.on_train_begin()
    assert capsys.readouterr().out == ""
