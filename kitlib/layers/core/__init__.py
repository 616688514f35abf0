"""Core layers: Dense, Activation, Flatten, Reshape, Lambda, Dropout, Identity..."""
