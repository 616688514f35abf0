"""TensorBoard writes event files that TensorBoard's own reader loads back."""

import subprocess
import sys

import numpy as np
import pytest
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

import kitlib
from kitlib.callbacks import TensorBoard, tensorboard


def _scalars(folder, tag):
    accumulator = EventAccumulator(str(folder))
    accumulator.Reload()
    return [(event.step, event.value) for event in accumulator.Scalars(tag)]


def test_epoch_metrics_are_readable_by_tensorboard(tmp_path):
    kitlib.utils.set_random_seed(0)
    x = np.random.default_rng(0).normal(size=(32, 3)).astype("float32")
    y = x.sum(axis=1, keepdims=True)
    model = kitlib.Sequential([kitlib.layers.Dense(1, input_shape=(3,))])
    model.compile("sgd", "mse", metrics=["mae"])
    history = model.fit(x, y, epochs=3, batch_size=8, validation_split=0.25,
                        callbacks=[TensorBoard(tmp_path, update_freq=2)], verbose=0)  # fmt: skip
    train = _scalars(tmp_path / "train", "epoch_loss")
    assert [step for step, _ in train] == [0, 1, 2]
    np.testing.assert_allclose(
        [v for _, v in train], history.history["loss"], rtol=1e-6
    )
    val = _scalars(tmp_path / "validation", "epoch_mae")
    np.testing.assert_allclose(
        [v for _, v in val], history.history["val_mae"], rtol=1e-6
    )
    # 3 training batches per epoch, logged every 2nd batch: steps 2, 4, 6, 8
    assert [step for step, _ in _scalars(tmp_path / "train", "batch_loss")] == [
        2,
        4,
        6,
        8,
    ]


def test_missing_package_gives_an_install_hint(monkeypatch):
    monkeypatch.setattr(tensorboard, "load_tensorboard", lambda: None)
    with pytest.raises(ImportError, match=r"pip install 'kitlib\[tensorboard\]'"):
        TensorBoard("logs")


def test_import_kitlib_does_not_load_tensorboard():
    code = "import sys, kitlib; print('tensorboard' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "False"


def test_update_freq_is_checked():
    with pytest.raises(ValueError, match="update_freq='epoch' or a positive number"):
        TensorBoard("logs", update_freq=0)
