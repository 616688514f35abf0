"""Small helpers shared across kitlib: dtypes, names, errors, seeding."""

from kitlib.utils.numerical import normalize, to_categorical
from kitlib.utils.plot_model import plot_model
from kitlib.utils.random import set_random_seed

__all__ = ["normalize", "plot_model", "set_random_seed", "to_categorical"]
