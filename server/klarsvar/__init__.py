"""Klarsvar: a local writing assistant for customer-service agents."""

# The one version source: pyproject.toml reads it, `make dist` and a test check the extension's manifest.
__version__ = "0.3.0"


def create_app(test_config=None):
    """Create the Flask app (imported lazily so `klarsvar.analysis` never pulls in Flask)."""
    from .app import create_app as _create_app

    return _create_app(test_config)
