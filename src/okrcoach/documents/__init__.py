"""Readers for the document formats of ``spec/okr-format.md``: they turn files into domain objects."""
from .load import load_documents, load_text

__all__ = ["load_documents", "load_text"]
