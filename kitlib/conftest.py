"""Doctest set-up for ``pytest --doctest-modules kitlib``: fresh names and seeds.

Each docstring example is read as if it were the first code a learner runs,
so ``Dense(2)`` is named ``dense`` and random draws repeat.
"""

import pytest

from kitlib.utils.naming import reset_names
from kitlib.utils.random import set_random_seed


@pytest.fixture(autouse=True)
def _fresh_state() -> None:
    reset_names()
    set_random_seed(0)
