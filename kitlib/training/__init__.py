"""compile/fit/evaluate/predict: the training loop and its helpers."""
