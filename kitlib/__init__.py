"""kitlib: Keras's programming model, rebuilt small and readable on NumPy + Numba."""

from kitlib import (
    activations,
    backend,
    callbacks,
    constraints,
    datasets,
    initializers,
    layers,
    losses,
    metrics,
    models,
    ops,
    optimizers,
    regularizers,
    saving,
    utils,
)
from kitlib.autodiff import GradientTape
from kitlib.engine.input_layer import Input
from kitlib.engine.keras_tensor import KerasTensor
from kitlib.engine.layer import Layer
from kitlib.engine.trace import trace
from kitlib.models import Model, Sequential
from kitlib.tensor import Tensor, Variable, convert_to_tensor

__version__ = "0.1.0"

__all__ = [
    "GradientTape",
    "Input",
    "KerasTensor",
    "Layer",
    "Model",
    "Sequential",
    "Tensor",
    "Variable",
    "activations",
    "backend",
    "callbacks",
    "constraints",
    "convert_to_tensor",
    "datasets",
    "initializers",
    "layers",
    "losses",
    "metrics",
    "models",
    "ops",
    "optimizers",
    "regularizers",
    "saving",
    "trace",
    "utils",
]
