"""ModelCheckpoint: file names, best-only logic, and crash-safe atomic writes."""

import os

import numpy as np
import pytest

from kitlib.callbacks import ModelCheckpoint
from tests.callbacks.fake_model import FakeModel, run_epochs


def files(folder):
    return sorted(os.listdir(folder))


def test_filepath_template_uses_epoch_from_one_and_logs(tmp_path):
    pattern = str(tmp_path / "ckpt-{epoch:02d}-{val_loss:.2f}.keras")
    run_epochs([ModelCheckpoint(pattern)], [0.5, 0.25])
    assert files(tmp_path) == ["ckpt-01-0.50.keras", "ckpt-02-0.25.keras"]


def test_save_best_only_keeps_the_best_in_a_seed_style_h5_name(tmp_path):
    # The seed article's call: ModelCheckpoint("checkpoint1.h5", monitor='accuracy',
    # verbose=1, save_best_only=True, mode='auto').
    path = tmp_path / "checkpoint1.h5"
    model = FakeModel()
    checkpoint = ModelCheckpoint(
        str(path), monitor="accuracy", verbose=1, save_best_only=True, mode="auto"
    )
    run_epochs([checkpoint], [0.5, 0.7, 0.6], key="accuracy", model=model)
    assert len(model.saved) == 2  # epochs 1 and 2 improved, epoch 3 did not
    assert checkpoint.best == 0.7
    with np.load(path) as saved:  # a zip file whatever the extension
        np.testing.assert_array_equal(saved["arr_0"], [1.0, 1.0])
    assert files(tmp_path) == ["checkpoint1.h5"]  # no temporary file left over


def test_save_weights_only_calls_save_weights(tmp_path):
    model = FakeModel()
    run_epochs(
        [ModelCheckpoint(str(tmp_path / "w.weights.h5"), save_weights_only=True)],
        [1.0],
        model=model,
    )
    assert model.saved[0][0] == "save_weights"
    assert model.saved[0][1].endswith("w.weights.h5")  # suffix kept on the temp file


def test_initial_value_threshold_must_be_beaten(tmp_path):
    model = FakeModel()
    checkpoint = ModelCheckpoint(
        str(tmp_path / "m.keras"), save_best_only=True, initial_value_threshold=0.3
    )
    run_epochs([checkpoint], [0.5, 0.4, 0.2], model=model)
    assert len(model.saved) == 1


def test_save_freq_in_batches(tmp_path):
    model = FakeModel()
    checkpoint = ModelCheckpoint(str(tmp_path / "b{batch}.keras"), save_freq=2)
    checkpoint.set_model(model)
    checkpoint.on_epoch_begin(0)
    for batch in range(5):
        checkpoint.on_train_batch_end(batch, {"loss": 1.0})
    assert files(tmp_path) == ["b2.keras", "b4.keras"]
    with pytest.raises(ValueError, match="save_freq='epoch'"):
        ModelCheckpoint("x.keras", save_freq="often")


def test_unknown_template_field_lists_available_fields(tmp_path):
    checkpoint = ModelCheckpoint(str(tmp_path / "{val_acc:.2f}.keras"))
    with pytest.raises(KeyError, match="Available fields are: epoch, val_loss"):
        run_epochs([checkpoint], [1.0])


def test_directory_as_filepath_is_explained(tmp_path):
    with pytest.raises(IsADirectoryError, match="Add a file name"):
        run_epochs([ModelCheckpoint(str(tmp_path))], [1.0])


class CrashingModel(FakeModel):
    """Writes half a file, then fails, like a process killed mid-save."""

    def save(self, path):
        with open(path, "wb") as handle:
            handle.write(b"PK\x03\x04 partial bytes")
        raise OSError("disk full")


def test_crash_during_write_leaves_previous_checkpoint_intact(tmp_path):
    path = tmp_path / "checkpoint1.h5"
    run_epochs([ModelCheckpoint(str(path))], [1.0])
    before = path.read_bytes()

    with pytest.raises(OSError, match="disk full"):
        run_epochs([ModelCheckpoint(str(path))], [0.5], model=CrashingModel())

    assert path.read_bytes() == before  # byte-identical
    assert files(tmp_path) == ["checkpoint1.h5"]  # the partial temp file is gone
    with np.load(path) as saved:  # and still loadable
        np.testing.assert_array_equal(saved["arr_1"], [0.0])


def test_save_that_writes_nothing_is_reported(tmp_path):
    class SilentModel(FakeModel):
        def save(self, path):
            pass

    with pytest.raises(RuntimeError, match="returned without writing"):
        run_epochs(
            [ModelCheckpoint(str(tmp_path / "m.keras"))], [1.0], model=SilentModel()
        )


def test_creates_missing_folders_and_warns_for_missing_monitor(tmp_path):
    path = tmp_path / "deep" / "er" / "m.keras"
    checkpoint = ModelCheckpoint(str(path), monitor="val_acc", save_best_only=True)
    with pytest.warns(UserWarning, match="Saving anyway"):
        run_epochs([checkpoint], [1.0])
    assert path.exists()
