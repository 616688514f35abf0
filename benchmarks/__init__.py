"""kitlib's benchmarks against PyTorch, Keras 3 and hand-written NumPy (SPEC §10).

Run ``make bench`` (installs the ``bench`` extra) or ``python -m benchmarks``.
``run.py`` explains how a run alternates the frameworks; ``workloads.py`` holds
the shared model and data definitions; ``fw_*.py`` one module per framework.
"""
