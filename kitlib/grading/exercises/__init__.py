"""Public checks of each exercise, one module per exercise id (``ex01_custom_dense``).

Notebook: every exercise notebook in ``exercises/``.

Each module defines ``EXERCISE``, an :class:`kitlib.grading.exercise.Exercise`
with its checks. They ship with kitlib, so ``kitlib.grading.check(id)`` works
from any install. Hidden tests are not here: they live only in the
instructor's source notebooks.
"""
