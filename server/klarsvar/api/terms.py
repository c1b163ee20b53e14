"""`GET /v1/terms`, `PUT /v1/terms`: the team's own words and their plain replacements."""

from __future__ import annotations

from flask import Blueprint, current_app

from ..analysis.terms import TermsError, parse_terms
from .errors import ApiError
from .validation import read_json

bp = Blueprint("terms", __name__)


@bp.get("/terms")
def get_terms():
    """Return the stored team terms as a JSON list."""
    return current_app.json.response(current_app.extensions["klarsvar"].terms.current().to_list())


@bp.put("/terms")
def put_terms():
    """Replace the team terms with the list in the body (or `{"terms": [...]}`); used by the next check."""
    body = read_json((list, dict))
    if isinstance(body, dict):
        if "terms" not in body:
            raise ApiError(400, "invalid_field", "Field 'terms' is required: send a list of term objects.")
        body = body["terms"]
    try:
        terms = parse_terms(body)
    except TermsError as exc:
        raise ApiError(400, "invalid_field", f"Field '{exc.field}' {exc.message}.") from None
    try:
        current_app.extensions["klarsvar"].terms.save(terms)
    except OSError:
        raise ApiError(500, "internal", "The team terms could not be stored in the config dir; check that "
                                        "it is writable.") from None
    return current_app.json.response(terms.to_list())
