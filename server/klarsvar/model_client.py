"""A small client for the team's own language model: the OpenAI-compatible `/v1/chat/completions` API.

Ollama, llama.cpp's server, vLLM and LM Studio all speak it. The reply text goes to the model, so the
client only ever talks to the one configured URL, and only when its host is loopback or named in
`KLARSVAR_MODEL_ALLOW_HOSTS` (checked when the configuration is read and again before every request). No
proxy from the environment is used and no redirect is followed: either could send the text (or the key)
somewhere else. The key is never logged and never reported. Every call has a hard time limit: the caller
waits at most its timeout, whatever the server does (a slow trickle of bytes included).
"""

from __future__ import annotations

import ipaddress
import json
import logging
import threading
import time
import urllib.parse
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

# Low: the rewrite should say the same thing more warmly, not invent.
TEMPERATURE = 0.2
# How long a health answer may rely on the last look at the model server.
PROBE_TTL_SECONDS = 5.0
# The most one look at the model server may take, and how long health waits for a fresh one.
PROBE_TIMEOUT_SECONDS = 1.0
PROBE_WAIT_SECONDS = 0.2
# Answers larger than this are not a rewritten reply.
MAX_RESPONSE_BYTES = 1024 * 1024
# Calls in flight at once; a call past its time limit is abandoned and ends at its socket timeout.
MAX_CALLS = 8

# urllib.request, http.client and the thread pool load on first use: `klarsvar serve` answers health before.
_pool = None
_pool_lock = threading.Lock()


def _calls():
    """The thread pool model calls run in (created on first use)."""
    global _pool
    with _pool_lock:
        if _pool is None:
            from concurrent.futures import ThreadPoolExecutor

            _pool = ThreadPoolExecutor(max_workers=MAX_CALLS, thread_name_prefix="klarsvar-model")
        return _pool


class ModelConfigError(ValueError):
    """A model URL that may not be used; the message says why and how to allow it."""


class ModelError(Exception):
    """A model call that gave no usable answer. `kind` is 'timeout', 'error' or 'output'; the detail never
    quotes the reply text or the key."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(detail)
        self.kind = kind
        self.detail = detail


@dataclass(frozen=True)
class ModelSettings:
    """Where the model is, which one, the key (hidden from repr) and the time budget per rewrite."""

    url: str
    model: str
    key: str | None = field(default=None, repr=False)
    budget_seconds: float = 4.0
    allow_hosts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Endpoint:
    """The model server's two URLs and the host they are on."""

    chat_url: str
    models_url: str
    host: str
    port: int | None

    @property
    def where(self) -> str:
        """host:port for messages (no path, no credentials)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}" if self.port else host


def is_loopback_host(host: str) -> bool:
    """Whether `host` (a name or an address) is this machine's loopback interface."""
    host = host.strip().lower().strip("[]")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def host_allowed(host: str, allow_hosts) -> bool:
    """Whether text may be sent to `host`: loopback, or named exactly (case-insensitive) in `allow_hosts`."""
    host = host.strip().lower().strip("[]")
    return is_loopback_host(host) or host in {h.strip().lower().strip("[]") for h in allow_hosts or ()}


def endpoint_of(url: str, allow_hosts=()) -> Endpoint:
    """Parse and vet a model URL: http(s), no credentials in it, a loopback or allowed host.

    The base may be the server (`http://127.0.0.1:11434`), its `/v1` or the full `/v1/chat/completions`."""
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ModelConfigError(f"KLARSVAR_MODEL_URL must be an http:// or https:// URL, not {url!r}")
    if parts.username or parts.password:
        raise ModelConfigError("KLARSVAR_MODEL_URL must not hold a user or password; put a key in KLARSVAR_MODEL_KEY")
    try:
        port = parts.port
    except ValueError:
        raise ModelConfigError(f"KLARSVAR_MODEL_URL has an invalid port: {url!r}") from None
    host = parts.hostname
    if not host_allowed(host, allow_hosts):
        raise ModelConfigError(
            f"KLARSVAR_MODEL_URL points to {host}, which is not this machine: the reply text would go there. "
            f"Name it in KLARSVAR_MODEL_ALLOW_HOSTS (model_allow_hosts) if that server is the team's own")
    path = parts.path.rstrip("/")
    if path.endswith("/chat/completions"):
        base = path[: -len("/chat/completions")]
    elif path.endswith("/v1"):
        base = path
    else:
        base = path + "/v1"
    origin = f"{parts.scheme}://{parts.netloc}"
    return Endpoint(chat_url=f"{origin}{base}/chat/completions", models_url=f"{origin}{base}/models",
                    host=host, port=port)


def _opener():
    """A urllib opener that ignores proxy settings and never follows redirects (either could take the text
    or the key to another host)."""
    import urllib.error
    import urllib.request

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        """Refuse every redirect."""

        def redirect_request(self, req, fp, code, msg, headers, newurl):
            raise urllib.error.HTTPError(req.full_url, code, "redirect refused", headers, fp)

    return urllib.request.build_opener(urllib.request.ProxyHandler({}), NoRedirect())


class ModelClient:
    """Asks the configured model for a rewrite and knows (cheaply) whether it is reachable."""

    def __init__(self, settings: ModelSettings) -> None:
        self.settings = settings
        self.endpoint = endpoint_of(settings.url, settings.allow_hosts)
        self._opener = None
        self._lock = threading.Lock()
        self._ready: bool | None = None
        self._detail = f"Looking for the language model at {self.endpoint.where}."
        self._checked_at = float("-inf")
        self._probe: threading.Thread | None = None

    # ------------------------------------------------------------------------------------- the rewrite

    def complete(self, messages: list[dict], *, timeout: float, max_tokens: int = 1024) -> str:
        """The model's answer to `messages` (raw text), within `timeout` seconds or `ModelError`."""
        if timeout <= 0:
            raise ModelError("timeout", "no time was left for the model")
        body = {"model": self.settings.model, "messages": messages, "temperature": TEMPERATURE,
                "max_tokens": max_tokens, "stream": False}
        from concurrent.futures import TimeoutError as FutureTimeout

        future = _calls().submit(self._post, self.endpoint.chat_url, body, timeout)
        try:
            raw = future.result(timeout=timeout)
        except FutureTimeout:
            future.cancel()
            self._note(True, f"The language model at {self.endpoint.where} answers, but not within "
                             f"{timeout:.1f} s; rewrites fall back to the rules.")
            raise ModelError("timeout", f"the model did not answer within {timeout:.1f} s") from None
        except ModelError as exc:
            self._note(exc.kind == "timeout" or exc.kind == "output", self._status_detail(exc))
            raise
        try:
            content = _content_of(raw)
        except ModelError as exc:
            self._note(False, self._status_detail(exc))
            raise
        self._note(True, f"The language model {self.settings.model} at {self.endpoint.where} answers.")
        return content

    def _post(self, url: str, body: dict, timeout: float) -> bytes:
        """POST JSON to the model server and return the raw body (runs in the pool)."""
        import urllib.request

        data = json.dumps(body, ensure_ascii=False).encode("utf-8", "surrogatepass")
        return self._send(urllib.request.Request(url, data=data, method="POST",
                                                 headers={"Content-Type": "application/json"}), timeout)

    def _send(self, req, timeout: float) -> bytes:
        """Send one `urllib.request.Request` to the configured host only, reading at most `MAX_RESPONSE_BYTES`."""
        import urllib.error

        target = urllib.parse.urlsplit(req.full_url).hostname or ""
        if not host_allowed(target, self.settings.allow_hosts) or target != self.endpoint.host:
            raise ModelError("error", f"refused to send text to {target}: not the configured model host")
        req.add_header("Accept", "application/json")
        if self.settings.key:
            req.add_header("Authorization", f"Bearer {self.settings.key}")
        deadline = time.monotonic() + timeout
        if self._opener is None:
            self._opener = _opener()
        try:
            with self._opener.open(req, timeout=timeout) as response:
                chunks, size = [], 0
                while True:
                    if time.monotonic() > deadline:
                        raise ModelError("timeout", f"the model did not answer within {timeout:.1f} s")
                    chunk = response.read(65536)
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > MAX_RESPONSE_BYTES:
                        raise ModelError("output", "the model's answer was too large")
                    chunks.append(chunk)
                return b"".join(chunks)
        except urllib.error.HTTPError as exc:
            reason = "a redirect (refused)" if 300 <= exc.code < 400 else f"HTTP {exc.code}"
            raise ModelError("error", f"the model server answered {reason}") from None
        except (TimeoutError, OSError) as exc:
            if isinstance(exc, TimeoutError) or "timed out" in str(exc):
                raise ModelError("timeout", f"the model did not answer within {timeout:.1f} s") from None
            raise ModelError("error", f"cannot reach the model server at {self.endpoint.where} "
                                      f"({type(exc).__name__})") from None

    def _status_detail(self, exc: ModelError) -> str:
        """The health detail after a failed call."""
        if exc.kind == "timeout":
            return (f"The language model at {self.endpoint.where} answers, but not within its budget; "
                    "rewrites fall back to the rules.")
        if exc.kind == "output":
            return f"The language model at {self.endpoint.where} gave an answer that was not a reply ({exc.detail})."
        return f"The language model is not usable: {exc.detail}. Rewrites fall back to the rules."

    # ------------------------------------------------------------------------------------------ health

    def status(self) -> dict:
        """Health's `rewrite` object: looks at the model server at most every `PROBE_TTL_SECONDS`."""
        with self._lock:
            stale = time.monotonic() - self._checked_at > PROBE_TTL_SECONDS
            if stale and (self._probe is None or not self._probe.is_alive()):
                self._probe = threading.Thread(target=self._look, name="klarsvar-model-probe", daemon=True)
                self._probe.start()
            probe = self._probe
        if stale and probe is not None:
            probe.join(PROBE_WAIT_SECONDS)
        with self._lock:
            return {"engine": "model", "model": self.settings.model, "ready": bool(self._ready),
                    "detail": self._detail}

    def _look(self) -> None:
        """GET the server's model list: up (and whether it lists our model) or down."""
        import urllib.request

        req = urllib.request.Request(self.endpoint.models_url, method="GET")
        try:
            raw = self._send(req, PROBE_TIMEOUT_SECONDS)
        except ModelError as exc:
            if exc.kind == "timeout":
                self._note(False, f"The language model server at {self.endpoint.where} did not answer within "
                                  f"{PROBE_TIMEOUT_SECONDS:.0f} s; rewrites fall back to the rules.")
            else:
                self._note(False, self._status_detail(exc))
            return
        names = _model_names(raw)
        detail = f"The language model {self.settings.model} at {self.endpoint.where} answers."
        if names and self.settings.model not in names:
            detail = (f"The model server at {self.endpoint.where} answers but does not list {self.settings.model} "
                      f"(it lists {', '.join(sorted(names)[:5])}); Ollama needs `ollama pull {self.settings.model}`.")
        self._note(True, detail)

    def _note(self, ready: bool, detail: str) -> None:
        """Remember what the last look or call showed."""
        with self._lock:
            self._ready = ready
            self._detail = detail
            self._checked_at = time.monotonic()


def _content_of(raw: bytes) -> str:
    """The message text of an OpenAI-shaped chat completion, or `ModelError('error')` for any other shape."""
    try:
        data = json.loads(raw.decode("utf-8"))
        content = data["choices"][0]["message"]["content"]
    except (ValueError, UnicodeDecodeError, KeyError, IndexError, TypeError):
        raise ModelError("error", "the model server's answer is not an OpenAI-style chat completion") from None
    if not isinstance(content, str):
        raise ModelError("error", "the model server's answer holds no text")
    return content


def _model_names(raw: bytes) -> set[str]:
    """Model ids from an OpenAI-style `/v1/models` answer (empty when the shape is different)."""
    try:
        data = json.loads(raw.decode("utf-8"))
        return {str(m["id"]) for m in data.get("data", []) if isinstance(m, dict) and "id" in m}
    except (ValueError, UnicodeDecodeError, AttributeError, TypeError):
        return set()


def rules_status() -> dict:
    """Health's `rewrite` object when no model is configured."""
    return {"engine": "rules", "model": None, "ready": True,
            "detail": "The rule-based rewrite (no language model configured)."}


_CLIENT_KEY = "klarsvar_model"
_client_lock = threading.Lock()


def settings_from(config: dict) -> ModelSettings | None:
    """The client's settings from a normalized config (`config.normalize` vetted them), or None without a model."""
    if not config.get("KLARSVAR_MODEL_URL"):
        return None
    return ModelSettings(url=config["KLARSVAR_MODEL_URL"], model=config["KLARSVAR_MODEL"],
                         key=config.get("KLARSVAR_MODEL_KEY"), budget_seconds=config["KLARSVAR_MODEL_TIME_BUDGET"],
                         allow_hosts=tuple(config.get("KLARSVAR_MODEL_ALLOW_HOSTS") or ()))


def client_for(app) -> ModelClient | None:
    """The app's model client (created on first use, one per process), or None without a model."""
    holder = app.extensions.get(_CLIENT_KEY)
    if holder is None:
        with _client_lock:
            holder = app.extensions.get(_CLIENT_KEY)
            if holder is None:
                settings = settings_from(app.config)
                holder = {"client": ModelClient(settings) if settings is not None else None}
                app.extensions[_CLIENT_KEY] = holder
    return holder["client"]


def status(app) -> dict:
    """Health's `rewrite` object: which engine, which model, whether it answers, and a sentence."""
    client = client_for(app)
    return client.status() if client is not None else rules_status()
