"""LanguageTool through language-tool-python: finding or starting a server, checking a paragraph, mapping matches.

language-tool-python owns the server's life cycle: it validates a remote server (`LanguageTool(remote_server=…)`
asks `/v2/languages`), finds a downloaded LanguageTool, starts and stops the local Java server, and downloads
LanguageTool for `klarsvar languagetool install`. The `/v2/check` request itself is sent here with `requests`
because (1) it needs a per-request timeout far below the library's fixed 300 s, and (2) the library's `Match`
converts offsets through a class-level cache shared by all threads and does not convert `length`, which
gives wrong spans when two paragraphs with emoji are checked at once. We parse LanguageTool's JSON and convert
its UTF-16 offsets once, with `analysis.offsets`.

Every `/v2/check` asks the kernel to acknowledge the answer at once (`QuickAckAdapter`): LanguageTool's server,
the JDK's `com.sun.net.httpserver` before Java 23 (JDK-6968351), sends a response's headers and body in two writes
with Nagle's algorithm on, so on a kept-alive connection the body waits for the ACK of the headers, which the
client's kernel delays by ~40 ms: measured 44 ms per request against a JDK 17 HttpServer, 1.3 ms with the quick ACK.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import urllib.parse

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from ..findings import Finding
from ..offsets import OffsetMap

SOURCE = "languagetool"
LANGUAGE_CODES = {"da": "da-DK", "en": "en-US"}
MAX_REPLACEMENTS = 5

# LanguageTool issue types / categories that are spelling; everything else is grammar (style-like
# issue types become suggestions, not errors).
_SPELLING_ISSUE_TYPES = frozenset({"misspelling"})
_SPELLING_CATEGORIES = frozenset({"TYPOS", "SPELLING"})
_SUGGESTION_ISSUE_TYPES = frozenset({"style", "register", "locale-violation", "inconsistency"})
_SUGGESTION_CATEGORIES = frozenset({"STYLE", "REDUNDANCY", "PLAIN_ENGLISH", "WORDINESS", "COLLOQUIALISMS"})


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


# Linux only; elsewhere the answer waits for the delayed ACK (a local server could be started with
# -Dsun.net.httpserver.nodelay=true instead, a remote one configured so by its administrator).
_TCP_QUICKACK = getattr(socket, "TCP_QUICKACK", None)


class _QuickAck:
    """A connection that asks for an immediate ACK of the response it is about to read (see the module doc)."""

    def getresponse(self, *args, **kwargs):
        """Read the response after switching the socket to quick-ACK mode (the kernel leaves it on its own)."""
        sock = getattr(self, "sock", None)
        if sock is not None and _TCP_QUICKACK is not None:
            with contextlib.suppress(OSError):  # a socket that refuses the option still works, only slower
                sock.setsockopt(socket.IPPROTO_TCP, _TCP_QUICKACK, 1)
        return super().getresponse(*args, **kwargs)


class _QuickAckHTTPConnection(_QuickAck, HTTPConnection):
    """Plain HTTP connection with a quick ACK per response."""


class _QuickAckHTTPSConnection(_QuickAck, HTTPSConnection):
    """HTTPS connection with a quick ACK per response."""


class _QuickAckHTTPPool(HTTPConnectionPool):
    """Pool of quick-ACK HTTP connections."""

    ConnectionCls = _QuickAckHTTPConnection


class _QuickAckHTTPSPool(HTTPSConnectionPool):
    """Pool of quick-ACK HTTPS connections."""

    ConnectionCls = _QuickAckHTTPSConnection


class QuickAckAdapter(HTTPAdapter):
    """requests' adapter whose direct connections acknowledge each response at once (proxied ones do not)."""

    def init_poolmanager(self, *args, **kwargs) -> None:
        """The usual pool manager, building quick-ACK pools."""
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _QuickAckHTTPPool, "https": _QuickAckHTTPSPool}


# The local server answers without Nagle's algorithm, so its headers and body leave at once on every system
# (the quick ACK above is Linux only; macOS and Windows delay ACKs too, Windows by up to 200 ms).
_NO_DELAY_OPTION = "-Dsun.net.httpserver.nodelay=true"


@contextlib.contextmanager
def _java_options(option: str):
    """`option` added to JAVA_TOOL_OPTIONS (which every JVM reads) while language-tool-python starts Java."""
    previous = os.environ.get("JAVA_TOOL_OPTIONS")
    os.environ["JAVA_TOOL_OPTIONS"] = f"{previous} {option}" if previous else option
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("JAVA_TOOL_OPTIONS", None)
        else:
            os.environ["JAVA_TOOL_OPTIONS"] = previous


class LanguageToolFailure(Exception):
    """LanguageTool did not give a usable answer; `kind` is 'down', 'timeout', 'http' (5xx, 408, 429),
    'rejected' (other 4xx: this request, not the server, is the problem) or 'garbage'."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def _bounded_tool_class():
    """language-tool-python's LanguageTool with a request timeout fit for a background connect (not 300 s)."""
    from language_tool_python import LanguageTool

    from language_tool_python.exceptions import ServerError

    class BoundedLanguageTool(LanguageTool):
        """LanguageTool whose own requests give up after 10 s and whose local start tries 3 ports, not ~900."""

        _TIMEOUT = 10

        def _start_server_on_free_port(self) -> None:
            for _attempt in range(3):
                try:
                    self._start_local_server()
                    return
                except ServerError:
                    if not self._available_ports:
                        raise
                    self._port = self._available_ports.pop()
                    self._url = f"http://{self._host}:{self._port}/v2/"
            raise ServerError("LanguageTool did not start on three different ports")

    return BoundedLanguageTool


class LanguageToolEndpoint:
    """A LanguageTool HTTP API that answered: remote (a team server) or local (started here)."""

    def __init__(self, base_url: str, *, mode: str, languages: frozenset[str], tool=None,
                 request_timeout: float = 10.0) -> None:
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.mode = mode
        self.languages = languages
        self.version: str | None = None
        self._tool = tool
        self._timeout = request_timeout
        self._session = requests.Session()
        self._session.trust_env = mode == "remote"  # a local server must never go through a proxy
        for prefix in ("http://", "https://"):
            self._session.mount(prefix, QuickAckAdapter())

    @classmethod
    def connect_remote(cls, url: str, *, request_timeout: float = 10.0) -> LanguageToolEndpoint:
        """Validate a remote server through language-tool-python and return its endpoint (may raise)."""
        # Users paste the API root or the /v2 endpoint; language-tool-python appends "v2/" itself.
        url = re.sub(r"/v2/?$", "", url.strip().rstrip("/")) + "/"
        try:
            tool = _bounded_tool_class()("en-US", remote_server=url)
        except Exception as exc:  # requests errors, LanguageToolError, ValueError for bad URLs
            raise _failure_from(exc) from exc
        endpoint = cls(tool.url, mode="remote", languages=frozenset(), tool=None, request_timeout=request_timeout)
        endpoint.languages = endpoint.fetch_languages()
        return endpoint

    @classmethod
    def start_local(cls, version: str, folder: str | None = None, *,
                    request_timeout: float = 10.0) -> LanguageToolEndpoint:
        """Start the downloaded LanguageTool `version` as a local Java server (slow: call in the background)."""
        if folder is not None:
            problem = jar_problem(folder)
            if problem:
                raise LanguageToolFailure("down", problem)
        try:
            with _java_options(_NO_DELAY_OPTION):
                tool = _bounded_tool_class()("en-US", language_tool_download_version=version)
        except Exception as exc:
            raise _failure_from(exc) from exc
        endpoint = cls(tool.url, mode="local", languages=frozenset(), tool=tool, request_timeout=request_timeout)
        endpoint.languages = endpoint.fetch_languages()
        return endpoint

    def fetch_languages(self) -> frozenset[str]:
        """The language codes the server supports (short and long codes)."""
        payload = self._request("get", "languages", None, self._timeout)
        if not isinstance(payload, list):
            raise LanguageToolFailure("garbage", "/v2/languages did not return a list")
        codes = set()
        for entry in payload:
            if isinstance(entry, dict):
                codes.update(str(entry.get(k)) for k in ("code", "longCode") if entry.get(k))
        return frozenset(codes)

    def supports(self, language: str) -> bool:
        """Whether the server can check `language` ('da' or 'en')."""
        return not self.languages or language in self.languages or LANGUAGE_CODES[language] in self.languages

    def check(self, text: str, language: str, timeout: float | None = None) -> list[Finding]:
        """Check one paragraph; findings carry code-point offsets relative to `text` (may raise a failure)."""
        # A lone surrogate (legal in a JavaScript string) cannot be sent as UTF-8; U+FFFD keeps every
        # offset (one code point, one UTF-16 unit, like the surrogate it replaces).
        safe = _LONE_SURROGATE.sub("\ufffd", text)
        payload = self._request("post", "check", {"text": safe, "language": LANGUAGE_CODES[language]},
                                timeout or self._timeout)
        findings = parse_check_response(payload, text, language)
        software = payload.get("software") if isinstance(payload, dict) else None
        if isinstance(software, dict) and isinstance(software.get("version"), str):
            self.version = software["version"]
        return findings

    def _request(self, method: str, path: str, data, timeout: float):
        url = urllib.parse.urljoin(self.base_url, path)
        try:
            if method == "post":
                response = self._session.post(url, data=data, timeout=(min(2.0, timeout), timeout))
            else:
                response = self._session.get(url, timeout=(min(2.0, timeout), timeout))
        except requests.Timeout as exc:
            raise LanguageToolFailure("timeout", f"no answer within {timeout:g} s") from exc
        except requests.RequestException as exc:
            raise LanguageToolFailure("down", _connection_problem(exc)) from exc
        if 400 <= response.status_code < 500 and response.status_code not in (408, 429):
            # The server works but refuses this request (text too long, unsupported language …).
            raise LanguageToolFailure("rejected", f"HTTP {response.status_code}")
        if response.status_code >= 400:
            raise LanguageToolFailure("http", f"HTTP {response.status_code}")
        try:
            return response.json()
        except ValueError as exc:
            raise LanguageToolFailure("garbage", "the answer was not JSON") from exc

    def close(self) -> None:
        """Close the HTTP session and stop a local server."""
        self._session.close()
        if self._tool is not None:
            try:
                self._tool.close()
            except Exception:  # noqa: BLE001 - shutting down must not raise
                pass
            self._tool = None


def parse_check_response(payload, text: str, language: str) -> list[Finding]:
    """Map a `/v2/check` JSON answer to findings; UTF-16 offsets become code points here, once."""
    if not isinstance(payload, dict) or not isinstance(payload.get("matches"), list):
        raise LanguageToolFailure("garbage", "the answer has no list of matches")
    offsets = OffsetMap(text)
    limit = offsets.to_utf16(len(text))
    findings = []
    for match in payload["matches"]:
        try:
            offset, length = match["offset"], match["length"]
            rule = match["rule"]
            rule_id = rule["id"]
        except (KeyError, TypeError) as exc:
            raise LanguageToolFailure("garbage", "a match lacks offset, length or rule") from exc
        if not (isinstance(offset, int) and isinstance(length, int) and isinstance(rule_id, str)):
            raise LanguageToolFailure("garbage", "a match has a malformed offset, length or rule id")
        if offset < 0 or length <= 0 or offset + length > limit:
            continue  # a span outside the paragraph cannot be shown; skip it rather than lie
        start, end = offsets.from_utf16(offset), offsets.from_utf16(offset + length)
        if end <= start:
            continue
        category, severity = classify(rule)
        replacements = []
        for r in match.get("replacements") or ():
            value = r.get("value") if isinstance(r, dict) else None
            if isinstance(value, str) and value and value not in replacements:
                replacements.append(value)
            if len(replacements) == MAX_REPLACEMENTS:
                break
        message = match.get("message") if isinstance(match.get("message"), str) else ""
        findings.append(Finding(
            category=category, rule=f"lt.{_safe_rule_id(rule_id)}", severity=severity,
            message=message.strip() or (rule.get("description") or rule_id), start=start, end=end,
            text=text[start:end], replacements=tuple(replacements), source=SOURCE,
        ))
    return findings


def classify(rule: dict) -> tuple[str, str]:
    """(category, severity) for a LanguageTool rule: spelling/error, grammar/error or grammar/suggestion."""
    issue_type = str(rule.get("issueType") or "").lower()
    category = rule.get("category") if isinstance(rule.get("category"), dict) else {}
    category_id = str(category.get("id") or "").upper()
    if issue_type in _SPELLING_ISSUE_TYPES or category_id in _SPELLING_CATEGORIES:
        return "spelling", "error"
    if issue_type in _SUGGESTION_ISSUE_TYPES or category_id in _SUGGESTION_CATEGORIES:
        return "grammar", "suggestion"
    return "grammar", "error"


def _safe_rule_id(rule_id: str) -> str:
    """Rule ids are shown and stored; keep them to LanguageTool's own alphabet."""
    return "".join(ch for ch in rule_id if ch.isalnum() or ch in "_-.")[:100] or "UNKNOWN"


def _connection_problem(exc: Exception) -> str:
    """A short, text-free description of why a connection failed."""
    text = str(exc)
    if "Connection refused" in text or "Errno 111" in text:
        return "connection refused"
    if "Name or service not known" in text or "nodename nor servname" in text or "getaddrinfo" in text:
        return "host name not found"
    return type(exc).__name__


def _failure_from(exc: Exception) -> LanguageToolFailure:
    """Turn whatever language-tool-python raised into a LanguageToolFailure with a readable reason."""
    if isinstance(exc, LanguageToolFailure):
        return exc
    text = str(exc)
    if isinstance(exc, requests.Timeout) or "timed out" in text.lower():
        return LanguageToolFailure("timeout", "no answer in time")
    if "refused" in text.lower() or "Max retries" in text or isinstance(exc, requests.ConnectionError):
        return LanguageToolFailure("down", "connection refused" if "refused" in text.lower() else "not reachable")
    if isinstance(exc, ValueError) and "JSON" not in text:
        return LanguageToolFailure("down", f"unusable URL or answer ({type(exc).__name__})")
    return LanguageToolFailure("garbage", f"unexpected answer ({type(exc).__name__})")


# --- local LanguageTool ---------------------------------------------------------------------------


def java_path() -> str | None:
    """Path of the `java` executable, or None."""
    return shutil.which("java")


def installed_languagetool(directory: str | None = None):
    """(version, folder) of the newest LanguageTool language-tool-python can start, or None.

    Honours language-tool-python's own `LTP_PATH` (download folder) and `LTP_JAR_DIR_PATH`.
    """
    from language_tool_python.download_lt import LocalLanguageTool
    from language_tool_python.utils import LTP_JAR_DIR_PATH_ENV_VAR, LTP_PATH_ENV_VAR

    jar_dir = os.environ.get(LTP_JAR_DIR_PATH_ENV_VAR)
    if jar_dir and any(os.path.isfile(os.path.join(jar_dir, j)) for j in ("languagetool-server.jar", "languagetool.jar")):
        return "custom", jar_dir
    previous = os.environ.get(LTP_PATH_ENV_VAR)
    try:
        if directory:
            os.environ[LTP_PATH_ENV_VAR] = directory
        latest = LocalLanguageTool.get_latest_installed_version()
        if latest is None:
            return None
        try:
            folder = latest.get_directory_path()
            latest.get_jar_path()
        except FileNotFoundError:
            return None
        return latest.version_name, str(folder)
    except Exception:  # noqa: BLE001 - an unreadable cache folder means "not installed"
        return None
    finally:
        if directory:
            if previous is None:
                os.environ.pop(LTP_PATH_ENV_VAR, None)
            else:
                os.environ[LTP_PATH_ENV_VAR] = previous


def jar_problem(folder: str) -> str | None:
    """Why the LanguageTool server jar in `folder` cannot run (missing, not a jar, no HTTP server), or None."""
    import zipfile

    jar = os.path.join(folder, "languagetool-server.jar")
    if not os.path.isfile(jar):
        return f"{jar} is missing; run `klarsvar languagetool install` again"
    try:
        with zipfile.ZipFile(jar) as z:
            if "org/languagetool/server/HTTPServer.class" not in z.namelist():
                return f"{jar} holds no LanguageTool HTTP server; run `klarsvar languagetool install` again"
    except (OSError, zipfile.BadZipFile):
        return f"{jar} is damaged; run `klarsvar languagetool install` again"
    return None
