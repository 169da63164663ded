"""The ``okr`` command: a thin layer that parses arguments, calls the engine and prints."""
