"""The benchmark harness on tiny data: shared definitions, sensible numbers, no timings.

No speed is asserted here (timings on a shared 2-core machine are noise); these
tests check that every framework gets the same model and data, that kitlib's
runner trains each workload, and that the runner reports ratios and skips.
"""

import collections
import json
import math
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `benchmarks` lives beside kitlib, not inside it
    sys.path.insert(0, str(ROOT))

from benchmarks import fw_kitlib, fw_numpy, report, run  # noqa: E402
from benchmarks.pool import cold_start  # noqa: E402
from benchmarks.workloads import W1, W2, W3, forward_flops, make_data, scaled  # noqa: E402


def test_forward_flops_match_a_hand_count():
    assert forward_flops(W1) == 2 * (784 * 256 + 256 * 128 + 128 * 10)
    conv1 = 2 * 28 * 28 * 9 * 1 * 32
    conv2 = 2 * 14 * 14 * 9 * 32 * 64
    assert forward_flops(W2) == conv1 + conv2 + 2 * (7 * 7 * 64 * 128 + 128 * 10)
    assert forward_flops(W3) == 2 * (64 * 64 + 64 * 10)


def test_make_data_is_seeded_and_shaped_like_the_spec():
    tiny = scaled(W2, 0.02)
    first, again = make_data(tiny), make_data(tiny)
    for key in ("x", "y", "x_test", "y_test"):
        np.testing.assert_array_equal(first[key], again[key])
    assert first["x"].shape == (tiny.samples, 28, 28, 1)
    assert first["x"].dtype == np.float32 and first["y"].dtype == np.int64
    assert set(np.unique(first["y"])) <= set(range(10))
    digits = make_data(W3)
    assert digits["x"].shape == (1438, 64) and digits["x_test"].shape == (359, 64)
    # Standardized with the training set's own statistics (constant pixels stay 0).
    np.testing.assert_allclose(digits["x"].mean(axis=0), 0.0, atol=1e-5)
    assert np.all(
        np.isclose(digits["x"].std(axis=0), 1.0, atol=1e-4)
        | (digits["x"].std(axis=0) == 0)
    )


@pytest.mark.parametrize("workload", [W1, W2, W3], ids=lambda w: w.name)
def test_kitlib_runner_trains_and_predicts_each_workload(workload):
    tiny = scaled(workload, 0.02)
    data = make_data(tiny)
    runner = fw_kitlib.Runner(tiny, data, seed=0)
    logs = runner.train(1)
    assert math.isfinite(logs["loss"]) and 0.0 <= logs["accuracy"] <= 1.0
    probabilities = runner.predict(data["x_test"][:20])
    assert probabilities.shape == (20, 10)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-5)


def test_kitlib_model_is_the_workload_definition():
    model = fw_kitlib.build_model(W2)
    kinds = [type(layer).__name__ for layer in model.layers]
    assert kinds == ["Conv2D", "MaxPooling2D", "Conv2D", "MaxPooling2D", "Flatten",
                     "Dense", "Dropout", "Dense"]  # fmt: skip
    w1 = fw_kitlib.build_model(W1)
    assert w1.count_params() == 784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10


def test_hand_numpy_and_kitlib_take_the_same_training_step():
    """Same weights, same batch: one Adam step gives the same new weights."""
    tiny = scaled(W3, 0.05)
    data = make_data(tiny)
    kit = fw_kitlib.Runner(tiny, data, seed=0)
    hand = fw_numpy.Runner(tiny, data, seed=0)
    hand.params = [w.copy() for w in kit.model.get_weights()]
    x, y = data["x"][:32], data["y"][:32]
    kit.model.train_on_batch(x, y)
    hand._train_step(x, y)
    for mine, theirs in zip(kit.model.get_weights(), hand.params, strict=True):
        np.testing.assert_allclose(mine, theirs, rtol=1e-4, atol=1e-6)


def test_report_gives_ratios_to_kitlib_and_marks_skips(capsys):
    results = {
        "kitlib": {**run._new_result(), "epoch": [2.0, 1.0, 3.0], "predict": [100.0],
                   "accuracy": [0.5], "gemm": 10.0},
        "torch": {**run._new_result(), "epoch": [4.0], "predict": [50.0],
                  "accuracy": [0.5], "gemm": 20.0},
        "keras-tf": run._new_result("skipped: not installed (tensorflow)"),
    }  # fmt: skip
    report.print_workload(W1, results, ["kitlib", "torch", "keras-tf"])
    lines = capsys.readouterr().out.splitlines()
    torch_line = next(line for line in lines if line.strip().startswith("torch"))
    # kitlib's median epoch 2.0 s over torch's 4.0 s; predict 100 / 50 samples/s.
    assert "0.50" in torch_line.split() and "2.00" in torch_line.split()
    assert "2.000 [1.000-3.000]" in "\n".join(lines)
    assert any("keras-tf" in line and "skipped" in line for line in lines)


def test_runner_end_to_end_on_tiny_data(tmp_path, capsys):
    pytest.importorskip("numba")
    if run.missing(run.FRAMEWORKS["keras-tf"]) == []:
        pytest.skip("tensorflow is installed: keras-tf would really run")
    raw = tmp_path / "raw.json"
    outcome = run.main(["--workloads", "w3", "--frameworks", "kitlib,numpy,keras-tf",
                        "--quick", "--no-cold", "--json", str(raw)])  # fmt: skip
    results = outcome["workloads"]["w3"]["results"]
    assert results["keras-tf"]["status"].startswith("skipped: not installed")
    for name in ("kitlib", "numpy"):
        assert results[name]["status"] == "ok", results[name]["status"]
        assert len(results[name]["run"]) == 2 and min(results[name]["run"]) > 0
        assert all(0.0 <= a <= 1.0 for a in results[name]["accuracy"])
        assert results[name]["gemm"] > 0
    assert json.loads(raw.read_text())["workloads"]["w3"]["workload"]["epochs"] == 3
    printed = capsys.readouterr().out
    assert "Targets (issue 8)" in printed and "kitlib/numpy" in printed


def test_cold_start_is_timed_in_a_fresh_process(tmp_path):
    tiny = scaled(W3, 0.05)
    np.savez(tmp_path / "data.npz", **make_data(tiny))
    spec = tmp_path / "w3.json"
    spec.write_text(json.dumps(run.asdict(tiny)))
    seconds = cold_start("numpy", spec, tmp_path / "data.npz")
    assert isinstance(seconds, float) and 0.0 < seconds < 60.0


def test_profile_splits_a_step_into_phases_and_ops_and_undoes_its_timers(capsys):
    from benchmarks import profile
    from kitlib.ops.activations import Relu

    phases, ops, seconds = profile.profile("w2", scale=0.03)
    steps = phases["steps"]
    assert steps == math.ceil(scaled(W2, 0.03).samples / W2.batch_size)
    assert set(profile.PHASES) <= set(phases) and seconds > 0
    # one epoch timed per op: each conv runs forward and backward every step
    assert ("Conv2D", "forward") in ops and ("Conv2D", "backward") in ops
    assert ("BiasActivation", "backward") in ops
    assert sum(phases[p] for p in profile.PHASES) <= seconds
    assert "forward" not in vars(Relu)  # the inherited method is back
    profile.report("w2", phases, ops, seconds)
    printed = capsys.readouterr().out
    assert "ms/step" in printed and "Conv2D.backward" in printed


def test_profile_times_the_models_own_train_step_and_undoes_its_wrappers():
    from benchmarks import profile
    from kitlib.autodiff import GradientTape

    runner = fw_kitlib.Runner(scaled(W3, 0.05), make_data(scaled(W3, 0.05)))
    gradient = GradientTape.gradient
    phases = collections.Counter()
    undo = profile.time_phases(runner.model, phases)
    runner.train(1)
    undo()
    assert phases["steps"] == math.ceil(runner.workload.samples / W3.batch_size)
    assert all(phases[name] > 0 for name in profile.PHASES)
    assert GradientTape.gradient is gradient
    for owner, name in profile._instance_calls(runner.model):
        assert name not in vars(owner)
    assert "train_step" not in vars(runner.model)
