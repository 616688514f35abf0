"""Recurrent layers and cells: SimpleRNN, LSTM, GRU, plus Bidirectional and TimeDistributed."""

from kitlib.layers.recurrent.bidirectional import Bidirectional
from kitlib.layers.recurrent.gru import GRU, GRUCell
from kitlib.layers.recurrent.lstm import LSTM, LSTMCell
from kitlib.layers.recurrent.rnn_base import RNN
from kitlib.layers.recurrent.simple_rnn import SimpleRNN, SimpleRNNCell
from kitlib.layers.recurrent.time_distributed import TimeDistributed

__all__ = [
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
