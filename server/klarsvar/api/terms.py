"""`GET`, `PUT` and `POST /v1/terms`: the team's own words, versioned so no agent's change is lost.

`GET` sends an `ETag`; `PUT` replaces the list only with a matching `If-Match` (428 without, 412 when
someone changed it meanwhile); `POST` adds or updates one term atomically on the server.
"""

from __future__ import annotations

from flask import Blueprint, current_app, request

from ..analysis.terms import TermsError, parse_term, parse_terms, with_term
from ..terms_store import TermsConflict, TermsUnreadable
from .errors import ApiError
from .validation import read_json

bp = Blueprint("terms", __name__)


def _store():
    """The app's terms store."""
    return current_app.extensions["klarsvar"].terms


def _unreadable(exc: TermsUnreadable) -> ApiError:
    """503: the file is broken and is left untouched until a person repairs it."""
    # The path stays out of the answer (it names the user's home); the server log and the CLI have it.
    return ApiError(503, "terms_unreadable",
                    f"The stored team terms cannot be read: the file {exc.problem}. Nothing was changed; "
                    "repair terms.json in the server's config dir or restore terms.json.bak.")


def _unwritable() -> ApiError:
    """503: the config dir refused the write."""
    return ApiError(503, "terms_unwritable",
                    "The team terms could not be stored in the config dir; check that it is writable.")


def _answer(body, etag: str, status: int = 200):
    """A JSON answer carrying the list's version."""
    response = current_app.json.response(body)
    response.status_code = status
    response.headers["ETag"] = etag
    return response


def _if_match() -> list[str]:
    """The versions a replacing write may replace, from `If-Match` (428 without one, or with `*`)."""
    value = (request.headers.get("If-Match") or "").strip()
    # `*` would mean "whatever is stored", which is exactly the blind overwrite this header prevents.
    if not value or value == "*":
        raise ApiError(428, "precondition_required",
                       "Send the ETag from GET /v1/terms as 'If-Match', so a list changed meanwhile by "
                       "someone else is not overwritten (or add one term with POST /v1/terms).")
    versions = [part.strip() for part in value.split(",") if part.strip()]
    return [v[2:] if v.startswith("W/") else v for v in versions]


@bp.get("/terms")
def get_terms():
    """Return the stored team terms as a JSON list, with their version as `ETag`."""
    try:
        terms, etag = _store().snapshot()
    except TermsUnreadable as exc:
        raise _unreadable(exc) from None
    return _answer(terms.to_list(), etag)


@bp.put("/terms")
def put_terms():
    """Replace the team terms with the list in the body (or `{"terms": [...]}`), if still at `If-Match`."""
    body = read_json((list, dict))
    if isinstance(body, dict):
        if "terms" not in body:
            raise ApiError(400, "invalid_field", "Field 'terms' is required: send a list of term objects.")
        body = body["terms"]
    try:
        terms = parse_terms(body)
    except TermsError as exc:
        raise ApiError(400, "invalid_field", f"Field '{exc.field}' {exc.message}.") from None
    versions = _if_match()
    try:
        etag = _store().save(terms, if_match=versions)
    except TermsUnreadable as exc:
        raise _unreadable(exc) from None
    except TermsConflict:
        raise ApiError(412, "conflict", "The team terms were changed by someone else since you read them; "
                                        "GET /v1/terms again and apply your change to that list.") from None
    except OSError:
        raise _unwritable() from None
    return _answer(terms.to_list(), etag)


@bp.post("/terms")
def post_term():
    """Add one term, or update the entry for the same word and language; 201 when added, 200 when updated."""
    try:
        term = parse_term(read_json(dict))
    except TermsError as exc:
        raise ApiError(400, "invalid_field", f"Field '{exc.field}' {exc.message}.") from None

    def add(current):
        """The stored list with the term in it."""
        return with_term(current, term)

    try:
        _, etag, added = _store().update(add)
    except TermsUnreadable as exc:
        raise _unreadable(exc) from None
    except TermsError as exc:  # the list is full
        raise ApiError(400, "invalid_field", f"Field '{exc.field}' {exc.message}.") from None
    except OSError:
        raise _unwritable() from None
    return _answer({"term": term.to_dict(), "added": added}, etag, 201 if added else 200)
