"""The symbolic graph and the Layer lifecycle (see docs/ARCHITECTURE.md)."""
