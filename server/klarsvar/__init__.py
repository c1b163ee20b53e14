"""Klarsvar: a local writing assistant for customer-service agents."""

__version__ = "0.3.0"


def create_app(test_config=None):
    """Create the Flask app (imported lazily so `klarsvar.analysis` never pulls in Flask)."""
    from .app import create_app as _create_app

    return _create_app(test_config)
