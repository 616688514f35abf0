"""How an exercise declares its public checks, and how a check reads learner code.

Notebook: every exercise notebook in ``exercises/`` (``kitlib.grading.check``).

An exercise is a module in ``kitlib/grading/exercises/`` named by its id
(``ex01_custom_dense.py``). It creates one :class:`Exercise` and registers its
checks with a decorator, scikit-learn style: each check is a small named
function that receives a :class:`Submission` (the learner's namespace) and
either returns (pass) or calls :func:`fail` with a specific hint::

    EXERCISE = Exercise("ex01_custom_dense", "A Dense layer of your own",
                        names=("MyDense",))

    @EXERCISE.check("MyDense(4) creates no weights before its first call", points=1)
    def weights_created_lazily(sub):
        layer = sub.get("MyDense")(4)
        if layer.weights:
            fail("MyDense(4) already has weights ... create them in build().")

Only public checks live here, inside the package a learner installs. Hidden
tests exist only in the instructor's source notebook.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kitlib.grading import exercises as exercise_package
from kitlib.utils.errors import did_you_mean


class CheckFailed(AssertionError):
    """Raised by :func:`fail`: the check ran and the learner's code is wrong."""


def fail(hint: str) -> None:
    """Fail the running check with ``hint``: what is wrong and how to fix it.

    Raises:
        CheckFailed: always.
    """
    raise CheckFailed(hint)


class NotDefinedYet(Exception):  # noqa: N818 - a state, not an error of ours
    """The learner has not defined (or not run) a name a check needs."""


@dataclass
class Check:
    """One public check: a function plus its description, points and time limit."""

    name: str
    description: str
    points: float
    function: Callable[[Submission], None]
    timeout: float = 10.0
    explain: Callable[[BaseException], str | None] | None = None


@dataclass
class Exercise:
    """An exercise: its id, title, the names the learner defines, and its checks.

    Args:
        id: ``exNN_topic``, the same string as the folder and notebook name.
        title: one line for the report header.
        names: what the learner defines in the notebook (classes, functions).
        notebook: the teaching notebook it builds on.
    """

    id: str
    title: str
    names: tuple[str, ...] = ()
    notebook: str = ""
    checks: list[Check] = field(default_factory=list)

    def check(
        self,
        description: str,
        points: float = 1,
        timeout: float = 10.0,
        explain: Callable[[BaseException], str | None] | None = None,
    ) -> Callable[[Callable[[Submission], None]], Callable[[Submission], None]]:
        """Decorator registering a check function (its ``__name__`` is its id).

        Args:
            description: what the check verifies, one line.
            points: what it is worth (all or nothing).
            timeout: seconds the learner's code may run inside this check.
            explain: optional; maps an exception the learner's code raised to a
                specific hint (e.g. ``RecursionError`` -> "keep an in-progress set").
        """

        def register(function: Callable[[Submission], None]) -> Callable:
            self.checks.append(
                Check(
                    function.__name__, description, points, function, timeout, explain
                )
            )
            return function

        return register

    @property
    def max_score(self) -> float:
        """Total points of the public checks."""
        return float(sum(c.points for c in self.checks))

    def get_check(self, name: str) -> Check:
        """The check called ``name``.

        Raises:
            KeyError: naming the checks that exist.
        """
        for item in self.checks:
            if item.name == name:
                return item
        names = [c.name for c in self.checks]
        raise KeyError(
            f"Exercise '{self.id}' has no check named {name!r}."
            f"{did_you_mean(name, names)} Its checks are: {', '.join(names)}."
        )


class Submission:
    """Read-only access to the learner's definitions (a notebook's namespace).

    Args:
        namespace: the dict the learner's cells ran in (``__main__``'s globals
            in a notebook, a fresh dict in the sandbox).
        exercise: the exercise being graded (for messages).
    """

    def __init__(self, namespace: dict[str, Any], exercise: Exercise) -> None:
        self.namespace = namespace
        self.exercise = exercise

    def get(self, name: str) -> Any:
        """The learner's object called ``name``.

        Raises:
            NotDefinedYet: with a kind message when it does not exist yet.
        """
        if name not in self.namespace:
            hint = did_you_mean(
                name, [k for k in self.namespace if not k.startswith("_")]
            )
            raise NotDefinedYet(
                f"'{name}' is not defined yet.{hint} Write it in the cell marked "
                "'YOUR CODE HERE' and run that cell (Shift+Enter) before checking."
            )
        return self.namespace[name]

    def __contains__(self, name: str) -> bool:
        return name in self.namespace


def exercise_ids() -> list[str]:
    """Every exercise id that ships with kitlib, sorted.

    Example:
        >>> "ex01_custom_dense" in exercise_ids()
        True
    """
    return sorted(
        info.name
        for info in pkgutil.iter_modules(exercise_package.__path__)
        if info.name.startswith("ex")
    )


def load_exercise(exercise_id: str) -> Exercise:
    """Import ``kitlib.grading.exercises.<exercise_id>`` and return its exercise.

    Raises:
        ValueError: for an unknown id, suggesting the closest one.
    """
    known = exercise_ids()
    if exercise_id not in known:
        raise ValueError(
            f"kitlib.grading knows no exercise {exercise_id!r}."
            f"{did_you_mean(exercise_id, known)} Available: {', '.join(known)}."
        )
    module = importlib.import_module(f"kitlib.grading.exercises.{exercise_id}")
    return module.EXERCISE
