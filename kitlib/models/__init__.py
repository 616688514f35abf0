"""Models: functional and subclassed ``Model``, and ``Sequential``."""

from kitlib.models.model import Model
from kitlib.models.sequential import Sequential
from kitlib.saving.model_file import load_model

__all__ = ["Model", "Sequential", "load_model"]
