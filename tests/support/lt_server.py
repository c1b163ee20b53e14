"""A small, real HTTP server that speaks LanguageTool's protocol (`/v2/languages`, `/v2/check`) for tests.

It answers with LanguageTool's JSON shape and counts offsets in UTF-16 code units, as the Java server does,
so an emoji before an error shifts the offset by two. Its rules are tiny and fixed: "teh" → "the" (a
TYPOS/misspelling match), a doubled word (grammar/duplication), and the Danish misspelling "pakkken" →
"pakken". Behaviour for failure tests: `mode` is 'instant', 'slow' (sleep `delay` s before answering
/v2/check), 'error' (HTTP 500), 'garbage' (200 with a body that is not JSON) or 'wrong_shape' (JSON without
matches) or 'reject' (HTTP 413, as for a text over the server's limit). `closed_port()` gives a port nothing listens on. Every `/v2/check` body is counted in `checked`.
"""

from __future__ import annotations

import json
import re
import socket
import time
import urllib.parse

from .threaded_server import QuietHandler, ThreadedServer

LANGUAGES = [
    {"name": "Danish", "code": "da", "longCode": "da-DK"},
    {"name": "English (US)", "code": "en", "longCode": "en-US"},
    {"name": "English (GB)", "code": "en", "longCode": "en-GB"},
]

_RULES = [
    # (regex, rule id, message, replacements, issue type, category id, category name)
    (re.compile(r"\bteh\b", re.I), "MORFOLOGIK_RULE_EN_US", "Possible spelling mistake found.", ["the", "ten"],
     "misspelling", "TYPOS", "Possible Typo"),
    (re.compile(r"\bpakkken\b", re.I), "HUNSPELL_RULE", "Muligvis stavefejl.", ["pakken", "pakke"],
     "misspelling", "TYPOS", "Mulige slåfejl"),
    (re.compile(r"\b(\w+) \1\b", re.I), "ENGLISH_WORD_REPEAT_RULE", "Possible typo: you repeated a word.",
     None, "duplication", "MISC", "Miscellaneous"),
]


def utf16_offset(text: str, index: int) -> int:
    """UTF-16 code units before code-point `index` (what Java's String.length() counts)."""
    return len(text[:index].encode("utf-16-le")) // 2


def lt_matches(text: str) -> list[dict]:
    """LanguageTool-shaped matches for the tiny rule set, offsets in UTF-16 units."""
    matches = []
    for pattern, rule_id, message, replacements, issue, cat_id, cat_name in _RULES:
        for m in pattern.finditer(text):
            start, end = m.start(), m.end()
            if replacements is None:  # doubled word: remove the second occurrence
                replacements = [m.group(1)]
            u_start, u_end = utf16_offset(text, start), utf16_offset(text, end)
            ctx_from = max(0, start - 20)
            matches.append({
                "message": message, "shortMessage": "",
                "replacements": [{"value": r} for r in replacements],
                "offset": u_start, "length": u_end - u_start,
                "context": {"text": text[ctx_from:end + 20], "offset": utf16_offset(text, start) - utf16_offset(text, ctx_from),
                            "length": u_end - u_start},
                "sentence": text,
                "type": {"typeName": "Other"},
                "rule": {"id": rule_id, "description": message, "issueType": issue,
                         "category": {"id": cat_id, "name": cat_name}},
                "ignoreForIncompleteSentence": False, "contextForSureMatch": 0,
            })
    matches.sort(key=lambda m: m["offset"])
    return matches


class FakeLanguageTool(ThreadedServer):
    """A LanguageTool-protocol server on 127.0.0.1 in a background thread. Use as a context manager."""

    thread_name = "fake-lt"

    def __init__(self, mode: str = "instant", delay: float = 5.0, version: str = "6.6-test") -> None:
        self.mode = mode
        self.delay = delay
        self.version = version
        self.checked: list[dict] = []
        self.language_requests = 0
        super().__init__()

    @property
    def url(self) -> str:
        """Base URL as a user would configure it (KLARSVAR_LANGUAGETOOL_URL)."""
        return self.origin

    def checked_texts(self) -> list[str]:
        """Every text /v2/check received, in order."""
        with self._lock:
            return [c.get("text", "") for c in self.checked]

    def _handler_class(self):
        fake = self

        class Handler(QuietHandler):
            """Speaks just enough of LanguageTool's HTTP API."""

            def do_GET(self):
                path = urllib.parse.urlparse(self.path).path
                if path == "/v2/languages":
                    with fake._lock:
                        fake.language_requests += 1
                    self._send(200, json.dumps(LANGUAGES).encode())
                elif path == "/v2/healthcheck":
                    self._send(200, b"OK", "text/plain")
                else:
                    self._send(404, b'{"error": "not found"}')

            def do_POST(self):
                path = urllib.parse.urlparse(self.path).path
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode("utf-8")
                if path != "/v2/check":
                    self._send(404, b'{"error": "not found"}')
                    return
                form = {k: v[0] for k, v in urllib.parse.parse_qs(raw, keep_blank_values=True).items()}
                with fake._lock:
                    fake.checked.append(form)
                    mode, delay = fake.mode, fake.delay
                if mode == "slow":
                    time.sleep(delay)
                if mode == "error":
                    self._send(500, b"Internal Server Error", "text/plain")
                    return
                if mode == "reject":
                    self._send(413, b'{"error": "Text too long"}')
                    return
                if mode == "garbage":
                    self._send(200, b"<html>this is not JSON", "application/json")
                    return
                if mode == "wrong_shape":
                    self._send(200, b'{"software": {}, "matches": "nope"}')
                    return
                text = form.get("text", "")
                body = {
                    "software": {"name": "LanguageTool", "version": fake.version, "buildDate": "2026-01-01",
                                 "apiVersion": 1, "status": "", "premium": False},
                    "language": {"name": form.get("language", ""), "code": form.get("language", ""),
                                 "detectedLanguage": {"name": "", "code": form.get("language", "")}},
                    "matches": lt_matches(text),
                }
                self._send(200, json.dumps(body).encode())

        return Handler


def wait_until(predicate, timeout: float = 5.0, interval: float = 0.02):
    """Poll `predicate` until it is truthy or `timeout` passes; returns its last value."""
    deadline = time.monotonic() + timeout
    value = predicate()
    while not value and time.monotonic() < deadline:
        time.sleep(interval)
        value = predicate()
    return value


def closed_port() -> int:
    """A local port with nothing listening (bind, read the port, close)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
