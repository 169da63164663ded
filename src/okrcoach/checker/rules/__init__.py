"""One module per rule; the list that runs is in ``checker/registry.py``."""
