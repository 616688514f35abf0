"""A tiny stand-in for Model, with just what callbacks use."""

import numpy as np

from kitlib.optimizers import SGD


class FakeModel:
    """weights: a list of arrays; save() writes them as .npz (kitlib-like zip)."""

    def __init__(self, learning_rate=0.1):
        self.stop_training = False
        self.optimizer = SGD(learning_rate=learning_rate)
        self.weights = [np.zeros(2), np.zeros(1)]
        self.saved = []

    def get_weights(self):
        return [w.copy() for w in self.weights]

    def set_weights(self, weights):
        self.weights = [np.array(w) for w in weights]

    def save(self, path):
        with open(path, "wb") as handle:
            np.savez(handle, *self.weights)
        self.saved.append(("save", path))

    def save_weights(self, path):
        self.save(path)
        self.saved[-1] = ("save_weights", path)


def run_epochs(callbacks, values, key="val_loss", model=None, extra=None):
    """Drive callbacks through epochs with scripted logs, as fit() would.

    Returns the number of epochs that ran.
    """
    from kitlib.callbacks import CallbackList

    model = model or FakeModel()
    callback_list = CallbackList(callbacks, model=model, epochs=len(values))
    callback_list.on_train_begin()
    ran = 0
    for epoch, value in enumerate(values):
        callback_list.on_epoch_begin(epoch)
        model.weights = [np.full(2, float(epoch)), np.full(1, float(epoch))]
        logs = {key: value, **(extra or {})}
        callback_list.on_epoch_end(epoch, logs)
        ran += 1
        if model.stop_training:
            break
    callback_list.on_train_end()
    return ran
