"""`POST /v1/pair`: exchange the one-time code `klarsvar pair` shows for a token. No token needed.

Only extension origins and requests without an Origin get here (`security.check_request`); five wrong
codes lock pairing until a new code is made, and a code works once (`token_store.PairingCodes`).
"""

from __future__ import annotations

from flask import Blueprint, current_app, g

from ..token_store import LOCAL_OWNER, MAX_PAIRING_FAILURES, PairingLocked, PairingRefused
from .errors import ApiError
from .validation import read_json

bp = Blueprint("pair", __name__)

NEW_CODE_HINT = "run `klarsvar pair` on the machine running Klarsvar for a new code"


@bp.post("/pair")
def pair():
    """Answer `{"token": …}` for the pending pairing code: the local token, or a new named agent token."""
    body = read_json()
    code = body.get("code")
    if not isinstance(code, str) or not code.strip() or len(code) > 64:
        raise ApiError(400, "invalid_code", "Send the pairing code as {\"code\": \"ABCD-2345\"}.")
    state = current_app.extensions["klarsvar"]
    try:
        name = state.pairing.redeem(code)
    except PairingLocked:
        raise ApiError(429, "pairing_locked", f"{MAX_PAIRING_FAILURES} wrong codes: pairing is locked; "
                                              f"{NEW_CODE_HINT}.") from None
    except PairingRefused as refused:
        if refused.attempts_left is None:
            raise ApiError(403, "pairing_code_invalid",
                           f"No pairing code is waiting (it was used or has expired); {NEW_CODE_HINT}.") from None
        raise ApiError(403, "pairing_code_invalid",
                       f"That code is wrong; {refused.attempts_left} more tries before pairing locks.") from None
    token = state.agents.add(name, replace=True) if name else state.tokens.ensure()
    g.klarsvar_token_owner = name or LOCAL_OWNER
    return {"token": token}
