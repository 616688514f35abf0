"""metrics.get, direction_of and the compile-time "accuracy" resolution."""

import numpy as np
import pytest

from kitlib.metrics import (
    AUC,
    Accuracy,
    BinaryAccuracy,
    CategoricalAccuracy,
    MeanMetricWrapper,
    MeanSquaredError,
    SparseCategoricalAccuracy,
    deserialize,
    direction_of,
    get,
    get_compile_metric,
    resolve_accuracy,
    serialize,
)


def test_get_resolves_names_aliases_instances_functions_and_configs():
    assert isinstance(get("mse"), MeanSquaredError)
    assert isinstance(get("AUC"), AUC)
    assert isinstance(get("accuracy"), Accuracy)
    metric = BinaryAccuracy()
    assert get(metric) is metric
    assert isinstance(get(lambda y_true, y_pred: np.zeros(1)), MeanMetricWrapper)
    clone = get(serialize(BinaryAccuracy(threshold=0.3)))
    assert clone.threshold == 0.3
    assert get(None) is None


def test_get_unknown_name_suggests_the_closest():
    with pytest.raises(ValueError, match="Did you mean 'accuracy'"):
        get("acuracy")
    with pytest.raises(TypeError, match="expects a metric name"):
        get(3)
    with pytest.raises(ValueError, match="known metric class name"):
        deserialize({"class_name": "Nope", "config": {}})


@pytest.mark.parametrize(
    ("y_pred_shape", "y_true_shape", "expected"),
    [
        ((None, 1), (None, 1), BinaryAccuracy),
        ((None, 1), (None,), BinaryAccuracy),
        ((None, 10), (None,), SparseCategoricalAccuracy),
        ((None, 10), (None, 1), SparseCategoricalAccuracy),
        ((None, 10), (None, 10), CategoricalAccuracy),
        ((None, 2), (None, 2), CategoricalAccuracy),
    ],
)
def test_accuracy_resolution_by_shapes_as_keras_3(y_pred_shape, y_true_shape, expected):
    # Keras 3 ignores the loss once the shapes are known: a softmax with two
    # units and one-hot labels gets categorical accuracy even under BCE.
    got = resolve_accuracy(y_pred_shape, y_true_shape, loss="binary_crossentropy")
    assert got is expected


@pytest.mark.parametrize(
    ("loss", "y_pred_shape", "expected"),
    [
        ("binary_crossentropy", (None, 3), BinaryAccuracy),
        ("bce", (None, 3), BinaryAccuracy),
        ("sparse_categorical_crossentropy", (None, 3), SparseCategoricalAccuracy),
        ("categorical_crossentropy", (None, 3), CategoricalAccuracy),
        ("mse", (None, 1), BinaryAccuracy),
        ("mse", (None, 4), CategoricalAccuracy),
    ],
)
def test_accuracy_resolution_before_labels_are_seen_uses_the_loss(
    loss, y_pred_shape, expected
):
    assert resolve_accuracy(y_pred_shape, None, loss=loss) is expected


def test_accuracy_resolution_accepts_loss_objects_and_functions():
    class BinaryCrossentropy:  # stands in for kitlib.losses.BinaryCrossentropy
        pass

    def sparse_categorical_crossentropy(y_true, y_pred):
        return y_pred

    assert resolve_accuracy((None, 5), loss=BinaryCrossentropy()) is BinaryAccuracy
    assert (
        resolve_accuracy((None, 5), loss=sparse_categorical_crossentropy)
        is SparseCategoricalAccuracy
    )


def test_compile_metric_keeps_the_learners_name():
    assert get_compile_metric("acc", (None, 1), (None, 1)).name == "acc"
    mse = get_compile_metric("mse")
    assert (type(mse), mse.name) == (MeanSquaredError, "mse")
    assert get_compile_metric(None) is None


def test_direction_of_known_prefixed_and_unknown_names():
    assert direction_of("accuracy") == "up"
    assert direction_of("auc") == "up"
    assert direction_of("mse") == "down"
    assert direction_of("dense_1_sparse_categorical_accuracy") == "up"
    assert direction_of("my_custom_thing") is None
