"""Layers, grouped like Keras: core, merging, convolutional, pooling, normalization...

Each group below is one block of imports plus one block of ``__all__`` names;
add a new group as its own pair of blocks.
"""

# --- engine: the base class, inputs and input specs ---
from kitlib.engine.input_layer import Input, InputLayer
from kitlib.engine.input_spec import InputSpec
from kitlib.engine.layer import Layer

# --- core ---
# isort: split
from kitlib.layers.core.activation import Activation
from kitlib.layers.core.dense import Dense
from kitlib.layers.core.dropout import Dropout
from kitlib.layers.core.flatten import Flatten
from kitlib.layers.core.identity import Identity
from kitlib.layers.core.lambda_layer import Lambda
from kitlib.layers.core.reshape import Reshape

# --- merging (classes and their lowercase functional forms) ---
# isort: split
from kitlib.layers.merging.add import Add, add
from kitlib.layers.merging.average import Average, average
from kitlib.layers.merging.concatenate import Concatenate, concatenate
from kitlib.layers.merging.maximum import Maximum, maximum
from kitlib.layers.merging.minimum import Minimum, minimum
from kitlib.layers.merging.multiply import Multiply, multiply
from kitlib.layers.merging.subtract import Subtract, subtract

# --- core: embeddings and masks ---
# isort: split
from kitlib.layers.core.embedding import Embedding
from kitlib.layers.core.masking import Masking

# --- convolutional ---
# isort: split
from kitlib.layers.convolutional import (
    Conv1D,
    Conv2D,
    Convolution2D,
    UpSampling2D,
    ZeroPadding2D,
)

# --- pooling ---
# isort: split
from kitlib.layers.pooling import (
    AveragePooling2D,
    AvgPool2D,
    GlobalAveragePooling2D,
    GlobalAvgPool2D,
    GlobalMaxPool2D,
    GlobalMaxPooling2D,
    MaxPool2D,
    MaxPooling2D,
)

# --- normalization ---
# isort: split
from kitlib.layers.normalization import BatchNormalization, LayerNormalization

# --- activation layers ---
# isort: split
from kitlib.layers.activation import ELU, LeakyReLU, PReLU, ReLU, Softmax

# --- regularization ---
# isort: split
from kitlib.layers.regularization import (
    ActivityRegularization,
    GaussianNoise,
    SpatialDropout2D,
)

# --- recurrent ---
# isort: split
from kitlib.layers.recurrent import (
    GRU,
    LSTM,
    RNN,
    Bidirectional,
    GRUCell,
    LSTMCell,
    SimpleRNN,
    SimpleRNNCell,
    TimeDistributed,
)

__all__ = ["Input", "InputLayer", "InputSpec", "Layer"]

# --- core ---
__all__ += [
    "Activation",
    "Dense",
    "Dropout",
    "Flatten",
    "Identity",
    "Lambda",
    "Reshape",
]

# --- merging ---
__all__ += [
    "Add",
    "Average",
    "Concatenate",
    "Maximum",
    "Minimum",
    "Multiply",
    "Subtract",
    "add",
    "average",
    "concatenate",
    "maximum",
    "minimum",
    "multiply",
    "subtract",
]

# --- core: embeddings and masks ---
__all__ += ["Embedding", "Masking"]

# --- convolutional ---
__all__ += ["Conv1D", "Conv2D", "Convolution2D", "UpSampling2D", "ZeroPadding2D"]

# --- pooling ---
__all__ += [
    "AveragePooling2D",
    "AvgPool2D",
    "GlobalAveragePooling2D",
    "GlobalAvgPool2D",
    "GlobalMaxPool2D",
    "GlobalMaxPooling2D",
    "MaxPool2D",
    "MaxPooling2D",
]

# --- normalization ---
__all__ += ["BatchNormalization", "LayerNormalization"]

# --- activation layers ---
__all__ += ["ELU", "LeakyReLU", "PReLU", "ReLU", "Softmax"]

# --- regularization ---
__all__ += ["ActivityRegularization", "GaussianNoise", "SpatialDropout2D"]

# --- recurrent ---
__all__ += [
    "GRU",
    "LSTM",
    "RNN",
    "Bidirectional",
    "GRUCell",
    "LSTMCell",
    "SimpleRNN",
    "SimpleRNNCell",
    "TimeDistributed",
]
