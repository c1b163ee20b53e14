"""`POST /v1/check`: validate the request, run the analysis pipeline, return `Analysis.to_dict()`."""

from __future__ import annotations

import time

from flask import Blueprint, current_app

from .errors import ApiError
from .validation import limits, optional_bool, optional_choice, optional_text, read_json

bp = Blueprint("check", __name__)


def parse_check_request(body: dict):
    """Turn a validated JSON body into a `CheckRequest`, raising `ApiError` for anything wrong.

    `text` missing or null is `text_missing`; an empty string is a valid (empty) reply.
    Unknown fields are ignored so newer clients can talk to older servers.
    """
    from ..analysis import pipeline  # imported on first use so the server starts listening sooner

    max_text, max_name = limits()
    if body.get("text") is None:
        raise ApiError(400, "text_missing", "Send the reply to check in the field 'text'.")
    text = optional_text(body, "text", where="", max_chars=max_text)

    customer = body.get("customer")
    message = name = None
    if customer is not None:
        if not isinstance(customer, dict):
            raise ApiError(400, "invalid_field", "Field 'customer' must be an object or null.")
        message = optional_text(customer, "message", where="customer.", max_chars=max_text)
        name = optional_text(customer, "name", where="customer.", max_chars=max_name, too_long_status=400)
        if name is not None:
            name = name.strip() or None

    return pipeline.CheckRequest(
        text=text,
        language=optional_choice(body, "language", pipeline.LANGUAGES, "auto"),
        channel=optional_choice(body, "channel", pipeline.CHANNELS, "email"),
        customer_message=message,
        customer_name=name,
        rewrite=optional_bool(body, "rewrite", True),
        grammar=optional_bool(body, "grammar", True),
    )


@bp.post("/check")
def check():
    """Check one reply: readability, rules, empathy, grammar and the rewrite (the team's model's, if it passes)."""
    from .. import model_rewrite
    from ..analysis import pipeline

    # The cap counts from the request's arrival: past it the rewrite is skipped and the answer says so.
    deadline = time.monotonic() + current_app.config["KLARSVAR_CHECK_TIME_LIMIT"]
    body = read_json(dict)
    check_request = parse_check_request(body)
    model_mode = optional_choice(body, "rewrite_model", model_rewrite.MODES, "wait")
    state = current_app.extensions["klarsvar"]
    terms = state.terms.current()
    disabled = frozenset(current_app.config["KLARSVAR_DISABLED_RULES"])
    analysis = pipeline.analyze(check_request, terms=terms, grammar_checker=state.grammar,
                                deadline=deadline, disabled=disabled)
    # The team's own language model may offer a better rewrite, used only when its checks pass.
    model_rewrite.improve(analysis, check_request, client=model_rewrite.client_for(current_app), terms=terms,
                          grammar_checker=state.grammar, disabled=disabled, deadline=deadline, mode=model_mode)
    response = current_app.json.response(analysis.to_dict())
    # Stage timings help the extension and benchmarks without exposing anything of the text.
    response.headers["Server-Timing"] = ", ".join(
        f"{stage};dur={seconds * 1000:.1f}" for stage, seconds in analysis.timings.items())
    return response
