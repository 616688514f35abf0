"""Small data sets that ship with kitlib or are generated, so notebooks run offline.

``kitlib.datasets.digits.load_data()`` mirrors ``keras.datasets.mnist.load_data()``
on the 8x8 digits; :mod:`kitlib.datasets.toy` makes 2-D sets (spirals, moons,
blobs) for decision-boundary pictures.
"""

from kitlib.datasets import digits, toy
from kitlib.datasets.toy import make_blobs, make_moons, make_spirals

__all__ = ["digits", "make_blobs", "make_moons", "make_spirals", "toy"]
