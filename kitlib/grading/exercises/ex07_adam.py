"""ex07_adam: Adam's update with bias correction, as an ``Optimizer`` subclass.

Notebook: ``notebooks/08_gradient_tape.ipynb`` (Adam in a loop written by hand),
with the base class ``kitlib/optimizers/optimizer.py``; exercise
``exercises/ex07_adam/``.

The learner defines ``MyAdam(learning_rate=0.001, beta_1=0.9, beta_2=0.999,
epsilon=1e-7, **kwargs)``: ``build`` creates two slots per variable (first and
second moment), ``update_step`` applies one bias-corrected Adam step, and
``get_config`` adds the hyperparameters. Either placement of epsilon (the
paper's, on the corrected ``sqrt(v_hat)``, or Keras's) is accepted.
"""

from __future__ import annotations

import numpy as np

from kitlib.grading.exercise import Exercise, Submission, fail
from kitlib.grading.exercises._helpers import require_class
from kitlib.layers import Dense
from kitlib.models import Sequential
from kitlib.optimizers import Adam, Optimizer
from kitlib.tensor import Variable

EXERCISE = Exercise(
    "ex07_adam",
    "An optimizer: Adam with bias correction as an Optimizer subclass",
    names=("MyAdam",),
    notebook="notebooks/08_gradient_tape.ipynb",
)
GRADIENTS = [
    np.array([[0.5, -3.0, 1.0], [0.1, 0.0, -0.2]]),
    np.array([[0.4, -2.0, -1.0], [0.3, 0.1, -0.2]]),
    np.array([[0.6, -1.0, 0.5], [-0.1, 0.2, 0.0]]),
]
START = np.array([[1.0, -2.0, 0.5], [0.0, 3.0, -1.0]])


def _adam_class(sub: Submission) -> type:
    return require_class(sub.get("MyAdam"), "MyAdam", Optimizer, forbidden=(Adam,))


def _reference(steps: int, lr: float, b1: float, b2: float, correct: bool = True):
    """Adam in float64 (paper form); returns the weights, m and v after ``steps``."""
    w, m, v = START.copy(), np.zeros_like(START), np.zeros_like(START)
    for t in range(1, steps + 1):
        g = GRADIENTS[t - 1]
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        m_hat = m / (1 - b1**t) if correct else m
        v_hat = v / (1 - b2**t) if correct else v
        w = w - lr * m_hat / (np.sqrt(v_hat) + 1e-7)
    return w, m, v


def _run(sub: Submission, steps: int, lr: float = 0.1) -> tuple:
    optimizer = _adam_class(sub)(learning_rate=lr)
    variable = Variable(START.astype("float32"))
    for g in GRADIENTS[:steps]:
        optimizer.apply_gradients([(g.astype("float32"), variable)])
    return optimizer, variable.numpy().astype(float)


def _near(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(np.allclose(a, b, rtol=1e-4, atol=1e-5))


@EXERCISE.check("build creates two slot variables per variable, once")
def builds_two_slots(sub: Submission) -> None:
    optimizer, _ = _run(sub, 3)
    extra = len(optimizer.variables) - 2  # minus iterations and learning_rate
    if extra > 2:
        fail(
            f"After 3 steps on one variable the optimizer holds {extra} slot variables, "
            "expected 2: slots are being created on every step, so the moments restart "
            "from zero. Create them once, in build(), with self.add_slot(variable, 'm')."
        )
    if extra != 2:
        fail(
            f"The optimizer holds {extra} slot variable(s) for one variable; expected 2 "
            "(first and second moment). In build(): for each variable returned by "
            "super().build(variables), call self.add_slot twice."
        )


@EXERCISE.check("the first step moves each weight by about learning_rate")
def first_step_is_about_lr(sub: Submission) -> None:
    _, weights = _run(sub, 1)
    if not np.all(np.isfinite(weights)):
        fail(
            "The first step made the weights inf or NaN: the bias correction divided by "
            "1 - beta**0 = 0. The step number is t = self.iterations + 1 (iterations "
            "counts the steps already taken)."
        )
    if _near(weights, _reference(1, 0.1, 0.9, 0.999, correct=False)[0]):
        fail(
            "Your first step is not about the learning rate (0.1): the bias correction "
            "is missing. Divide m by (1 - beta_1**t) and v by (1 - beta_2**t)."
        )
    if not _near(weights, _reference(1, 0.1, 0.9, 0.999)[0]):
        moved = np.round(START - weights, 4).tolist()
        fail(
            f"Adam's first step is about learning_rate * sign(gradient) (0.1 here), but "
            f"the weights moved by {moved}."
        )


@EXERCISE.check("three steps follow Adam's trajectory", points=2)
def trajectory_matches_adam(sub: Submission) -> None:
    _, weights = _run(sub, 3)
    if _near(weights, _reference(3, 0.1, 0.999, 0.9)[0]):
        fail(
            "beta_1 and beta_2 are swapped: beta_1 (0.9) averages g, beta_2 (0.999) g**2."
        )
    if not _near(weights, _reference(3, 0.1, 0.9, 0.999)[0]):
        fail(
            "After 3 steps the weights differ from Adam's: m = beta_1*m + (1-beta_1)*g, "
            "v = beta_2*v + (1-beta_2)*g**2, w -= lr * m_hat / (sqrt(v_hat) + epsilon). "
            "Keep m and v in slot variables between steps (assign, do not rebind)."
        )


@EXERCISE.check("the slots hold the running moments m and v")
def slots_hold_moments(sub: Submission) -> None:
    optimizer, _ = _run(sub, 3)
    _, m, v = _reference(3, 0.1, 0.9, 0.999)
    slots = [x.numpy().astype(float) for x in optimizer.variables if x.shape == m.shape]
    found_m = any(_near(s, m) for s in slots)
    found_v = any(_near(s, v) for s in slots)
    if not (found_m and found_v):
        fail(
            "After 3 steps no slot holds the "
            + ("first moment m" if not found_m else "second moment v")
            + ". Store the *uncorrected* running averages in the slots "
            "(m.assign(...)); the bias correction is applied only when updating w."
        )


@EXERCISE.check("get_config() and from_config() round-trip the hyperparameters")
def config_round_trip(sub: Submission) -> None:
    cls = _adam_class(sub)
    config = cls(learning_rate=0.01, beta_1=0.8, beta_2=0.99, epsilon=1e-6).get_config()
    missing = [
        k for k in ("learning_rate", "beta_1", "beta_2", "epsilon") if k not in config
    ]
    if missing:
        fail(
            f"get_config() is missing {missing}: return "
            "{**super().get_config(), 'beta_1': ..., 'beta_2': ..., 'epsilon': ...}."
        )
    copy = cls.from_config(config).get_config()
    if copy != config:
        fail(f"from_config(get_config()) gave {copy}, not {config}.")


@EXERCISE.check("model.fit with MyAdam fits a line", points=2)
def trains_with_fit(sub: Submission) -> None:
    x = np.linspace(-1, 1, 32, dtype="float32").reshape(-1, 1)
    y = 2 * x + 1
    model = Sequential([Dense(1, input_shape=(1,), kernel_initializer="zeros")])
    model.compile(optimizer=_adam_class(sub)(learning_rate=0.1), loss="mse")
    history = model.fit(x, y, epochs=40, batch_size=32, verbose=0)
    losses = history.history["loss"]
    if not np.isfinite(losses[-1]) or losses[-1] > 0.05 * losses[0]:
        fail(
            f"Fitting y = 2x + 1 for 40 steps (learning_rate 0.1) took the loss from "
            f"{losses[0]:.3f} to {losses[-1]:.3f}; Adam gets it below 5% of the start."
        )
