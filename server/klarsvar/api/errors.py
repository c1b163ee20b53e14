"""JSON errors for every non-2xx answer: `{"error": {"code", "message"}}`, never a traceback or text."""

from __future__ import annotations

import logging
import traceback

from flask import jsonify
from werkzeug.exceptions import HTTPException

log = logging.getLogger("klarsvar.api")

# Werkzeug's HTTP errors → our codes and messages. Messages are ours, never werkzeug's (which may echo
# request details) and never anything from the request.
HTTP_ERRORS = {
    400: ("bad_request", "The request could not be understood."),
    401: ("unauthorized", "Send the pairing token as 'Authorization: Bearer <token>' (see `klarsvar token`)."),
    403: ("forbidden", "This request is not allowed."),
    404: ("not_found", "There is no such endpoint; see docs/api.md for the v1 endpoints."),
    405: ("method_not_allowed", "This endpoint does not accept that HTTP method; see the Allow header."),
    413: ("too_large", "The request body is larger than 256 KiB; send a shorter text."),
    415: ("unsupported_media_type", "Send the body as JSON with 'Content-Type: application/json'."),
    500: ("internal", "Something went wrong inside Klarsvar; the error was logged without your text."),
}


class ApiError(Exception):
    """An error answer the API means to give: HTTP status, snake_case code and an actionable message."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.message = message


def error_response(status: int, code: str, message: str, headers=None):
    """Build the JSON error response."""
    response = jsonify({"error": {"code": code, "message": message}})
    response.status_code = status
    for name, value in headers or ():
        if name.lower() not in ("content-type", "content-length"):
            response.headers[name] = value
    return response


def _handle_api_error(exc: ApiError):
    """Answer an `ApiError` as JSON."""
    return error_response(exc.status, exc.code, exc.message)


def _handle_http_exception(exc: HTTPException):
    """Answer werkzeug's HTTP errors (404, 405, 413, …) as JSON with our codes."""
    status = exc.code or 500
    code, message = HTTP_ERRORS.get(status, (None, None))
    if code is None:
        # Any other HTTP status werkzeug may raise: derive the code from its standard name.
        code = (exc.name or "error").lower().replace(" ", "_").replace("-", "_").replace("'", "")
        message = f"{exc.name}."
    # Keep protocol headers such as Allow (405) but never the body werkzeug would render.
    return error_response(status, code, message, exc.get_headers())


def describe_exception(exc: BaseException) -> str:
    """Describe an exception by type and stack frames only: its message may quote the request text."""
    parts = []
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        frames = traceback.extract_tb(exc.__traceback__)
        where = " <- ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} in {f.name}" for f in reversed(frames))
        parts.append(f"{type(exc).__module__}.{type(exc).__qualname__} at {where or '?'}")
        exc = exc.__cause__ or exc.__context__
    return "; caused by ".join(parts)


def log_exception_safely(exc: BaseException, where: str) -> None:
    """Log an unexpected exception without its message or arguments (no request text in any log)."""
    log.error("Internal error during %s: %s", where, describe_exception(exc))


def _handle_unexpected(exc: Exception):
    """Answer any other exception as `500 internal`, logging it without its message."""
    from flask import request

    log_exception_safely(exc, f"{request.method} {request.path[:100]}")
    code, message = HTTP_ERRORS[500]
    return error_response(500, code, message)


def init_app(app) -> None:
    """Register the JSON error handlers on `app`."""
    app.register_error_handler(ApiError, _handle_api_error)
    app.register_error_handler(HTTPException, _handle_http_exception)
    app.register_error_handler(Exception, _handle_unexpected)
