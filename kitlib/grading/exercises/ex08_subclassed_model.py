"""ex08_subclassed_model: a subclassed Model with a shared layer, get_config/from_config.

Notebook: ``notebooks/07_subclassing.ipynb``; exercise
``exercises/ex08_subclassed_model/``.

The learner defines ``TwinScorer(units=8, **kwargs)``, a ``Model`` whose
``__init__`` creates one ``Dense(units, activation="relu")`` encoder and one
``Dense(1)`` head, and whose ``call([left, right])`` returns
``head(abs(encoder(left) - encoder(right)))``: the same encoder (one set of
weights) reads both inputs.
"""

from __future__ import annotations

import numpy as np

from kitlib.grading.exercise import Exercise, Submission, fail
from kitlib.grading.exercises._helpers import array, close, require_class
from kitlib.layers import Dense
from kitlib.models import Model

EXERCISE = Exercise(
    "ex08_subclassed_model",
    "A subclassed model: a shared layer, get_config and from_config",
    names=("TwinScorer",),
    notebook="notebooks/07_subclassing.ipynb",
)


def _scorer_class(sub: Submission) -> type:
    return require_class(sub.get("TwinScorer"), "TwinScorer", Model)


def _pair(seed: int = 11) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return tuple(rng.standard_normal((5, 3)).astype("float32") for _ in range(2))


def _numpy_scores(weights: list[np.ndarray], left: np.ndarray, right: np.ndarray):
    kernel, bias, head_kernel, head_bias = (np.asarray(w, float) for w in weights)
    encode = lambda x: np.maximum(x @ kernel + bias, 0)  # noqa: E731
    return np.abs(encode(left) - encode(right)) @ head_kernel + head_bias


@EXERCISE.check("__init__ creates the layers as attributes, without weights yet")
def layers_tracked_in_init(sub: Submission) -> None:
    model = _scorer_class(sub)(4)
    dense = [layer for layer in model.layers if isinstance(layer, Dense)]
    if len(dense) < 2:
        fail(
            f"TwinScorer(4).layers lists {len(dense)} Dense layer(s) right after "
            "__init__; expected the encoder and the head. Create them in __init__ and "
            "assign them as attributes (self.encoder = Dense(...)) so the model tracks "
            "them; layers created inside call() are new on every call."
        )
    if getattr(model, "units", None) != 4:
        fail("TwinScorer(4).units should be 4: store the argument.")
    if model.weights:
        fail(
            "TwinScorer(4) has weights before its first call: let the layers build lazily."
        )


@EXERCISE.check(
    "one encoder serves both inputs (4 weights, a symmetric score)", points=2
)
def shares_the_encoder(sub: Submission) -> None:
    model = _scorer_class(sub)(4)
    left, right = _pair()
    scores = model([left, right])
    shapes = [tuple(w.shape) for w in model.trainable_weights]
    if len(shapes) == 6:
        fail(
            f"The model has 6 weights {shapes}: there are two encoders. A shared layer "
            "is one object called twice: self.encoder(left) and self.encoder(right)."
        )
    if shapes != [(3, 4), (4,), (4, 1), (1,)]:
        fail(
            f"The model's weights have shapes {shapes}; expected [(3, 4), (4,), (4, 1), "
            "(1,)]: the encoder Dense(units, activation='relu'), then the head Dense(1)."
        )
    variables = list(model.trainable_weights)
    swapped = model([right, left])
    if any(
        a is not b for a, b in zip(variables, model.trainable_weights, strict=False)
    ):
        fail(
            "The second call created new weights: layers are created inside call(), "
            "so nothing is shared between calls. Create them once, in __init__."
        )
    if not close(scores, swapped, atol=1e-5):
        fail(
            "Swapping the inputs changed the score: the distance should be symmetric. "
            "Use ops.abs(encoded_left - encoded_right)."
        )


@EXERCISE.check(
    "model([left, right]) = head(|encoder(left) - encoder(right)|)", points=2
)
def call_values(sub: Submission) -> None:
    model = _scorer_class(sub)(4)
    left, right = _pair(12)
    scores = model([left, right])
    weights = [array(w) for w in model.trainable_weights]
    if len(weights) != 4:
        fail(f"Expected 4 weights (shared encoder and head), found {len(weights)}.")
    expected = _numpy_scores(weights, left, right)
    if tuple(getattr(scores, "shape", ())) != (5, 1) or not close(scores, expected):
        fail(
            "The scores differ from head(abs(relu(left @ K + b) - relu(right @ K + b))) "
            "computed in NumPy with your model's weights. Check the encoder's "
            "activation='relu' and the abs."
        )


@EXERCISE.check("calling it again reuses the same weights")
def weights_persist_between_calls(sub: Submission) -> None:
    model = _scorer_class(sub)(4)
    left, right = _pair(13)
    first = model([left, right])
    variables = list(model.trainable_weights)
    second = model([left, right])
    same = len(variables) == len(model.trainable_weights) and all(
        a is b for a, b in zip(variables, model.trainable_weights, strict=False)
    )
    if not same or not close(first, second):
        fail(
            "The second call used new weights: layers are created inside call(). "
            "Create them once, in __init__; call() only uses them."
        )


@EXERCISE.check("get_config() holds units; from_config() rebuilds it")
def config_round_trip(sub: Submission) -> None:
    cls = _scorer_class(sub)
    config = cls(6, name="twin_check").get_config()
    if "units" not in config or "name" not in config:
        fail(
            f"get_config() returned keys {sorted(config)}; it needs 'units' and the "
            "base config: return {**super().get_config(), 'units': self.units}."
        )
    copy = cls.from_config(config)
    if getattr(copy, "units", None) != 6 or copy.name != "twin_check":
        fail(
            f"from_config(get_config()) rebuilt units={getattr(copy, 'units', None)}, "
            f"name={copy.name!r}; expected 6 and 'twin_check'."
        )


@EXERCISE.check("a model rebuilt from its config, given the weights, predicts the same")
def rebuilt_model_predicts_the_same(sub: Submission) -> None:
    cls = _scorer_class(sub)
    model = cls(5)
    left, right = _pair(14)
    scores = model([left, right])
    copy = cls.from_config(model.get_config())
    copy([left, right])  # build it
    try:
        copy.set_weights(model.get_weights())
    except ValueError as error:
        fail(f"The rebuilt model does not take the original's weights: {error}")
    if not close(copy([left, right]), scores):
        fail("The rebuilt model, with the same weights, predicts different scores.")
