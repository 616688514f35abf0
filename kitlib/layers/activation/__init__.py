"""Activation layers: ReLU, LeakyReLU, PReLU, ELU, Softmax."""

from kitlib.layers.activation.elu import ELU
from kitlib.layers.activation.leaky_relu import LeakyReLU
from kitlib.layers.activation.prelu import PReLU
from kitlib.layers.activation.relu import ReLU
from kitlib.layers.activation.softmax import Softmax

__all__ = ["ELU", "LeakyReLU", "PReLU", "ReLU", "Softmax"]
