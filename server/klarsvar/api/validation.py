"""Reading and validating JSON request bodies: every bad input becomes a precise `ApiError`."""

from __future__ import annotations

import json

from flask import current_app, request

from .errors import ApiError

_MISSING = object()


def _reject_constant(name: str):
    """`json.loads` hook that refuses NaN and Infinity."""
    # Python's json accepts NaN/Infinity, which JSON does not: treat them as invalid JSON.
    raise ValueError(f"{name} is not JSON")


def read_json(expect: type | tuple[type, ...] = dict):
    """Return the parsed JSON body, after checking media type, size and syntax, as type `expect`."""
    if not request.is_json:
        raise ApiError(415, "unsupported_media_type",
                       "Send the body as JSON with 'Content-Type: application/json'.")
    # get_data enforces MAX_CONTENT_LENGTH even without a Content-Length (chunked) and raises 413.
    raw = request.get_data(cache=True)
    try:
        body = json.loads(raw.decode("utf-8-sig"), parse_constant=_reject_constant)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise ApiError(400, "invalid_json", "The body is not valid UTF-8 JSON.") from None
    if not isinstance(body, expect):
        what = "a JSON object" if expect is dict else "a JSON list" if expect is list else "JSON of the right kind"
        raise ApiError(400, "invalid_json", f"The body must be {what}.")
    reject_unencodable(body)
    return body


def _encodable(value: str) -> bool:
    """Whether a string can be encoded as UTF-8 (JSON's `\\ud800` escapes give lone surrogates that cannot)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def reject_unencodable(body) -> None:
    """Raise `400 invalid_text` naming the first string (value or key) in `body` that is not valid Unicode."""
    stack = [(body, "")]
    while stack:
        value, where = stack.pop()
        if isinstance(value, str):
            if not _encodable(value):
                raise ApiError(400, "invalid_text",
                               f"Field '{(where or 'body')[:80]}' holds a lone surrogate (half of an emoji or other "
                               "character); send well-formed Unicode text.")
        elif isinstance(value, dict):
            for key, item in value.items():
                # A key that cannot be encoded cannot be named in the message either.
                if not _encodable(key):
                    raise ApiError(400, "invalid_text", f"A field name in '{(where or 'body')[:80]}' holds a lone "
                                                        "surrogate; send well-formed Unicode text.")
                stack.append((item, f"{where}.{key}" if where else key))
        elif isinstance(value, list):
            stack.extend((item, f"{where}[{i}]") for i, item in enumerate(value))


def optional_choice(body: dict, name: str, choices: tuple[str, ...], default: str, *, where: str = "") -> str:
    """Return `body[name]` when it is one of `choices`, `default` when absent or null."""
    value = body.get(name, _MISSING)
    if value is _MISSING or value is None:
        return default
    if not isinstance(value, str) or value not in choices:
        raise ApiError(400, "invalid_field",
                       f"Field '{where}{name}' must be one of: {', '.join(repr(c) for c in choices)}.")
    return value


def optional_bool(body: dict, name: str, default: bool) -> bool:
    """Return `body[name]` when it is a boolean, `default` when absent or null."""
    value = body.get(name, _MISSING)
    if value is _MISSING or value is None:
        return default
    if not isinstance(value, bool):
        raise ApiError(400, "invalid_field", f"Field '{name}' must be true or false.")
    return value


def optional_text(body: dict, name: str, *, where: str, max_chars: int, too_long_status: int = 413):
    """Return `body[name]` as a string, or None when absent or null; too long → 413 (or 400)."""
    value = body.get(name, _MISSING)
    if value is _MISSING or value is None:
        return None
    if not isinstance(value, str):
        raise ApiError(400, "invalid_field", f"Field '{where}{name}' must be a string or null.")
    if len(value) > max_chars:
        code = "too_large" if too_long_status == 413 else "invalid_field"
        raise ApiError(too_long_status, code,
                       f"Field '{where}{name}' is longer than {max_chars:,} characters; shorten it.")
    return value


def limits() -> tuple[int, int]:
    """The text and name limits in force (characters = Unicode code points)."""
    config = current_app.config
    return config["KLARSVAR_MAX_TEXT_CHARS"], config["KLARSVAR_MAX_NAME_CHARS"]
