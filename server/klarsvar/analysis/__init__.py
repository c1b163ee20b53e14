"""Pure-Python analysis: text in, `Analysis` out. Knows nothing of Flask or HTTP."""

from .findings import Finding
from .pipeline import Analysis, CheckRequest, analyze

__all__ = ["Analysis", "CheckRequest", "Finding", "analyze"]
