"""Callbacks: code that ``fit`` runs at fixed moments (epochs, batches, start, end).

Notebook: ``notebooks/10_callbacks.ipynb``.
"""

from kitlib.callbacks.callback import Callback
from kitlib.callbacks.callback_list import CallbackList
from kitlib.callbacks.csv_logger import CSVLogger
from kitlib.callbacks.early_stopping import EarlyStopping
from kitlib.callbacks.history import History
from kitlib.callbacks.lambda_callback import LambdaCallback
from kitlib.callbacks.learning_rate_scheduler import LearningRateScheduler
from kitlib.callbacks.model_checkpoint import ModelCheckpoint
from kitlib.callbacks.monitor_callback import MonitorCallback
from kitlib.callbacks.reduce_lr_on_plateau import ReduceLROnPlateau
from kitlib.callbacks.tensorboard import TensorBoard
from kitlib.callbacks.terminate_on_nan import TerminateOnNaN

__all__ = [
    "CSVLogger",
    "Callback",
    "CallbackList",
    "EarlyStopping",
    "History",
    "LambdaCallback",
    "LearningRateScheduler",
    "ModelCheckpoint",
    "MonitorCallback",
    "ReduceLROnPlateau",
    "TensorBoard",
    "TerminateOnNaN",
]
