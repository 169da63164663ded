"""okrcoach: write, align, check and track OKRs.

``from okrcoach import check`` runs the same engine as ``okr check``.
"""
from .checker.config import CheckerConfig, load_config
from .checker.engine import Report, check, check_documents, check_text
from .checker.finding import Finding, Severity
from .domain.errors import InputError

__all__ = ["check", "check_text", "check_documents", "Report", "Finding", "Severity", "CheckerConfig",
           "load_config", "InputError"]
__version__ = "0.1.0"
