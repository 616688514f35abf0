"""The Optimizer base: gradients in, errors, learning rate, state, constraints."""

import warnings

import numpy as np
import pytest

from kitlib import Tensor, Variable
from kitlib.optimizers import SGD, Adagrad, Adam, AdamW, RMSprop, get


def test_apply_gradients_skips_none_with_a_warning_naming_the_variable():
    a, b = Variable([1.0], name="a"), Variable([1.0], name="b")
    opt = SGD(learning_rate=0.5)
    with pytest.warns(UserWarning, match=r"variables \['b'\]"):
        opt.apply_gradients([(np.array([1.0]), a), (None, b)])
    assert (a.numpy()[0], b.numpy()[0]) == (0.5, 1.0)


def test_apply_gradients_raises_when_every_gradient_is_none():
    w = Variable([1.0], name="w")
    with pytest.raises(ValueError, match="No gradients provided for any variable") as e:
        Adam().apply_gradients([(None, w)])
    assert "GradientTape" in str(e.value) and "'w'" in str(e.value)


def test_apply_gradients_explains_swapped_pairs_and_shape_mismatch():
    w = Variable([1.0, 2.0], name="w")
    with pytest.raises(TypeError, match=r"zip\(grads, variables\), not"):
        SGD().apply_gradients([(w, Tensor([1.0, 1.0]))])
    with pytest.raises(ValueError, match=r"gradient of shape \(3,\) for variable 'w'"):
        SGD().apply_gradients([(np.ones(3), w)])


def test_apply_gradients_with_no_pairs_is_a_no_op():
    opt = SGD()
    assert int(opt.apply_gradients([])) == 0


def test_apply_without_variables_uses_the_built_list():
    w = Variable([1.0])
    opt = SGD(learning_rate=1.0)
    with pytest.raises(ValueError, match="not built yet"):
        opt.apply([np.array([1.0])])
    opt.build([w])
    opt.apply([np.array([0.25])])
    assert w.numpy()[0] == 0.75


def test_lr_keyword_warns_and_sets_learning_rate():
    with pytest.warns(UserWarning, match=r"use Adam\(learning_rate=0.01\)") as record:
        opt = Adam(lr=0.01)
    assert record[0].filename == __file__  # points at the learner's line
    assert opt.learning_rate == np.float32(0.01)
    with pytest.warns(UserWarning, match="AdamW"):
        AdamW(lr=0.5)


def test_unknown_keyword_is_rejected():
    with pytest.raises(
        ValueError, match=r"does not accept the argument\(s\) \['decay'\]"
    ):
        SGD(decay=0.1)
    with pytest.raises(ValueError, match="Did you mean 'learning_rate'"):
        Adam(learnig_rate=0.1)


def test_learning_rate_is_settable_and_used_by_the_next_step():
    w = Variable([0.0])
    opt = SGD(learning_rate=0.1)
    opt.learning_rate = 0.5
    opt.apply_gradients([(np.array([1.0]), w)])
    assert w.numpy()[0] == pytest.approx(-0.5)
    assert opt.get_config()["learning_rate"] == 0.5
    opt.lr = 0.25  # Keras 2 alias
    assert opt.learning_rate == np.float32(0.25)


def test_learning_rate_may_be_a_callable_without_arguments():
    opt = SGD(learning_rate=lambda: 0.3)
    assert opt.learning_rate == np.float32(0.3)
    assert "learning_rate" not in [v.name.split("_", 1)[1] for v in opt.variables]


def test_bad_learning_rate_type_is_explained():
    with pytest.raises(TypeError, match="expects learning_rate to be a float"):
        SGD(learning_rate="fast")


def test_weight_decay_in_base_applies_to_any_optimizer_and_respects_exclusions():
    kernel, bias = Variable([2.0], name="kernel"), Variable([2.0], name="bias")
    opt = SGD(learning_rate=0.1, weight_decay=0.5)
    opt.exclude_from_weight_decay(var_names=["bias"])
    opt.apply_gradients([(np.array([1.0]), kernel), (np.array([1.0]), bias)])
    # kernel: 2 - 2 * 0.5 * 0.1 = 1.9, then - 0.1 * 1
    assert kernel.numpy()[0] == pytest.approx(1.8)
    assert bias.numpy()[0] == pytest.approx(1.9)
    with pytest.raises(RuntimeError, match="before the first update"):
        opt.exclude_from_weight_decay(var_names=["kernel"])


def test_constraint_is_applied_after_the_update():
    w = Variable([0.5, -0.5], constraint=lambda v: np.clip(v, 0.0, None))
    SGD(learning_rate=1.0).apply_gradients([(np.array([-1.0, 1.0]), w)])
    np.testing.assert_allclose(w.numpy(), [1.5, 0.0])


def test_update_never_writes_into_the_old_array():
    w = Variable([1.0, 2.0])
    before = w.value
    snapshot = before.copy()
    Adam().apply_gradients([(np.ones(2), w)])
    np.testing.assert_array_equal(before, snapshot)
    assert w.value is not before


@pytest.mark.parametrize(
    "make",
    [
        lambda: SGD(learning_rate=0.1, momentum=0.9),
        lambda: Adam(learning_rate=0.05, amsgrad=True),
        lambda: AdamW(learning_rate=0.05),
        lambda: RMSprop(learning_rate=0.05, momentum=0.5, centered=True),
        lambda: Adagrad(learning_rate=0.1),
    ],
    ids=["sgd", "adam", "adamw", "rmsprop", "adagrad"],
)
def test_restored_state_resumes_training_identically(make):
    grads = np.random.default_rng(5).normal(size=(6, 3))
    w = Variable(np.ones(3), name="w")
    original = make()
    for g in grads[:3]:
        original.apply_gradients([(g, w)])
    saved_weights, store = w.numpy().copy(), {}
    original.save_own_variables(store)
    for g in grads[3:]:
        original.apply_gradients([(g, w)])

    w2 = Variable(saved_weights, name="w")
    resumed = type(original).from_config(original.get_config())
    resumed.build([w2])
    resumed.load_own_variables(store)
    assert int(resumed.iterations) == 3
    for g in grads[3:]:
        resumed.apply_gradients([(g, w2)])
    np.testing.assert_array_equal(w2.numpy(), w.numpy())


def test_set_weights_before_build_explains_build():
    opt = Adam()
    with pytest.raises(
        ValueError, match=r"call optimizer.build\(model.trainable_variables\)"
    ):
        opt.set_weights([np.array(3)] * 6)


def test_get_resolves_names_configs_and_instances():
    assert isinstance(get("RMSprop"), RMSprop)
    opt = Adam()
    assert get(opt) is opt
    assert isinstance(get({"class_name": "Adagrad", "config": {}}), Adagrad)
    with pytest.raises(ValueError, match="Did you mean 'adam'"):
        get("adma")
    with pytest.raises(TypeError, match="optimizer='adam'"):
        get(3)


def test_missing_super_init_is_not_silent():
    class Broken(SGD):
        def __init__(self):
            self.momentum = 0.0

    with pytest.raises(AttributeError, match=r"did not call super\(\).__init__"):
        Broken().apply_gradients([(np.ones(1), Variable([1.0]))])


def test_repr_shows_name_rate_and_iterations():
    opt = SGD(learning_rate=0.1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert repr(opt) == "<SGD name='SGD' learning_rate=0.1 iterations=0>"
