"""Request security, in the order it runs: Host allow-list, Origin, bearer token, body limits.

- Host: only `127.0.0.1:P`, `localhost:P`, `[::1]:P` and `--allow-host` names, which defeats DNS
  rebinding (a web page whose name resolves to 127.0.0.1 still sends its own name as Host).
- Origin: absent (CLI, curl) or a browser-extension origin; a web page's origin gets 403 and no CORS
  headers. flask-cors answers preflights for extension origins only.
- Token: `Authorization: Bearer <token>` on everything except `GET /v1/health`, `POST /v1/pair` and CORS
  preflights: the local token (constant-time compare) or a named agent token (`agents.json`, hashed); a
  token file that holds no usable token answers `503 token_unreadable`. The owner ("local" or the agent's
  name) goes to `g.klarsvar_token_owner` for the access log.
- Limits: 256 KiB per body (Flask's MAX_CONTENT_LENGTH, also for chunked bodies), JSON only.
"""

from __future__ import annotations

import hmac
import re

from flask import current_app, g, request

from .api.errors import ApiError
from .token_store import LOCAL_OWNER, AgentsUnreadable, TokenUnreadable

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")
LOOPBACK_BIND = ("127.0.0.1", "localhost", "::1", "[::1]")
EXTENSION_SCHEMES = ("chrome-extension", "moz-extension")
# Chrome IDs are 32 letters a–p; Firefox uses a per-install UUID. Both fit this.
# Case-insensitive, here and in flask-cors (which uses this compiled pattern as it is): the two must agree.
_EXTENSION_ORIGIN = re.compile(r"^(chrome-extension|moz-extension)://([a-z0-9._-]{1,128})$", re.IGNORECASE)
# Endpoints that answer without a token (the extension polls health before it is paired, and pairs).
PUBLIC_ENDPOINTS = frozenset({"health.health", "pair.pair"})


def is_loopback(host: str) -> bool:
    """Whether a bind address is on the loopback interface only."""
    host = host.strip().lower()
    return host in LOOPBACK_BIND or host.startswith("127.")


def allowed_hosts(port: int, extra_names=()) -> frozenset[str]:
    """The Host header values to accept for a server on `port` (lower-case)."""
    hosts = {f"{name}:{port}" for name in LOOPBACK_HOSTS}
    for name in extra_names:
        name = name.strip().lower()
        if not name:
            continue
        if ":" in name and not name.startswith("[") and name.count(":") > 1:
            name = f"[{name}]"  # a bare IPv6 address
        if re.search(r":\d+$", name):
            hosts.add(name)  # already names a port (e.g. behind a proxy)
        else:
            hosts.add(f"{name}:{port}")
    return frozenset(hosts)


def extension_origin_patterns(extension_ids=()) -> list:
    """Origins flask-cors may answer: exact origins for an ID allow-list, else any extension origin."""
    if extension_ids:
        return [f"{scheme}://{ext_id}" for ext_id in extension_ids for scheme in EXTENSION_SCHEMES]
    return [_EXTENSION_ORIGIN]


def origin_allowed(origin: str, extension_ids=()) -> bool:
    """Whether `origin` is a browser-extension origin (and, with an allow-list, one of the listed IDs).

    Compared case-insensitively, as flask-cors compares them: the two must never disagree.
    """
    match = _EXTENSION_ORIGIN.match(origin)
    if not match:
        return False
    return not extension_ids or match.group(2).lower() in {ext_id.lower() for ext_id in extension_ids}


def request_target_authority(environ) -> str | None:
    """The host:port of an absolute-form request line (`GET http://host:port/path`), lower-case, else None."""
    target = environ.get("REQUEST_URI") or environ.get("RAW_URI") or ""
    match = re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://([^/?#]*)", target)
    if not match:
        return None
    authority = match.group(1).rsplit("@", 1)[-1].lower()
    return authority


def token_matches(header: str | None, token: str) -> bool:
    """Whether an Authorization header carries `token` as a bearer token (constant-time compare)."""
    if not header:
        return False
    scheme, _, credentials = header.partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(credentials.strip().encode("utf-8", "surrogatepass"), token.encode("utf-8"))


def bearer_credentials(header: str | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` header, else None."""
    scheme, _, credentials = (header or "").partition(" ")
    return credentials.strip() or None if scheme.lower() == "bearer" else None


def token_owner(header: str | None, local_token: str, agents) -> str | None:
    """Who an Authorization header authenticates: "local", an agent's name, or None."""
    if token_matches(header, local_token):
        return LOCAL_OWNER
    credentials = bearer_credentials(header)
    if credentials is None:
        return None
    try:
        return agents.owner(credentials)
    except AgentsUnreadable as exc:  # fail closed for agents; the local token still works
        current_app.logger.warning("Agent tokens refused: %s", exc)
        return None


def check_request():
    """`before_request` hook: refuse what the contract refuses, before any view runs."""
    config = current_app.config
    state = current_app.extensions["klarsvar"]

    host = (request.headers.get("Host") or "").strip().lower()
    # An absolute-form request line names its own authority, which HTTP says wins over Host: both must pass.
    authority = request_target_authority(request.environ)
    if host not in state.allowed_hosts or (authority is not None and authority not in state.allowed_hosts):
        raise ApiError(403, "host_not_allowed",
                       "This server only answers requests addressed to 127.0.0.1, localhost or an "
                       "--allow-host name.")

    origin = request.headers.get("Origin")
    if origin is not None and not origin_allowed(origin, config["KLARSVAR_EXTENSION_IDS"]):
        raise ApiError(403, "origin_not_allowed",
                       "Only the Klarsvar browser extension may call this server from a browser.")

    if request.routing_exception is not None:
        return None  # 404/405: nothing is served, so let routing answer without asking for a token
    if request.method == "OPTIONS" or request.endpoint in PUBLIC_ENDPOINTS:
        return None  # CORS preflights carry no credentials by design

    try:
        token = state.tokens.current()
    except TokenUnreadable:
        raise ApiError(503, "token_unreadable",
                       "The server's token file holds no usable token; run `klarsvar token --rotate` on the "
                       "server and pair the extension again.") from None
    owner = token_owner(request.headers.get("Authorization"), token, state.agents)
    if owner is None:
        raise ApiError(401, "unauthorized",
                       "Send the pairing token as 'Authorization: Bearer <token>'; `klarsvar token` "
                       "prints it.")
    g.klarsvar_token_owner = owner

    length = request.content_length
    if length is not None and length > config["MAX_CONTENT_LENGTH"]:
        raise ApiError(413, "too_large", "The request body is larger than 256 KiB; send a shorter text.")
    return None


def add_response_headers(response):
    """`after_request` hook: answers are private and must not be sniffed or cached."""
    if request.method == "OPTIONS" and response.status_code == 200 and not response.get_data():
        # Flask's automatic OPTIONS answer is an empty text/html 200; say "no content" honestly.
        response.status_code = 204
        del response.headers["Content-Type"]
    response.headers.setdefault("Cache-Control", "no-store")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    return response


def init_app(app) -> None:
    """Install the security hooks and CORS (extension origins only) on `app`."""
    from flask_cors import CORS

    app.before_request(check_request)
    app.after_request(add_response_headers)
    CORS(
        app,
        resources={r"/v1/*": {"origins": extension_origin_patterns(app.config["KLARSVAR_EXTENSION_IDS"])}},
        methods=["GET", "POST", "PUT", "OPTIONS"],
        allow_headers=["Authorization", "Content-Type", "If-Match"],
        expose_headers=["ETag"],
        max_age=600,
        supports_credentials=False,
        vary_header=True,
        # Chrome's Private Network Access preflights ask before a request reaches 127.0.0.1; the
        # answer only ever goes to extension origins (the pattern above).
        allow_private_network=True,
    )
