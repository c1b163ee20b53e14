"""Generate the request/response examples in docs/api.md from the real app.

    python scripts/gen_api_examples.py          # rewrite the generated block in docs/api.md
    python scripts/gen_api_examples.py --check  # exit 1 if docs/api.md is stale (the tests do this too)

Every example is a real request through the Flask test client of `create_app`, with a fixed example
token, grammar off (so the output does not depend on LanguageTool being installed) and an empty config
dir. Only headers that matter to a client are shown; Server-Timing varies and is left out.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "api.md"
BEGIN = "<!-- BEGIN GENERATED EXAMPLES: python scripts/gen_api_examples.py -->"
END = "<!-- END GENERATED EXAMPLES -->"

TOKEN = "EXAMPLE-TOKEN-0123456789abcdefghijklmnopqrst"
HOST = "127.0.0.1:8765"
EXTENSION = "chrome-extension://abcdefghijklmnopabcdefghijklmnop"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
# Stands for the ETag the previous GET /v1/terms answered (filled in when the example runs).
CURRENT = "<current ETag>"
STALE = '"0123456789abcdef0123456789abcdef"'
SHOWN_HEADERS = ("Content-Type", "ETag", "Allow", "Access-Control-Allow-Origin", "Access-Control-Allow-Methods",
                 "Access-Control-Allow-Headers", "Access-Control-Max-Age", "Vary")

DANISH = "Hej Maria\n\nDin sag er eskaleret til 2nd level. Vi beklager ulejligheden."
ENGLISH = ("Hi Tom 😀\n\nYour ticket has been escalated to 2nd level support, and we apologise for any "
           "inconvenience this may have caused you.")

# (title, explanation, method, path, extra headers, JSON body or raw string, content type)
EXAMPLES = [
    ("Health", "No token needed; the extension polls this before pairing.",
     "GET", "/v1/health", {}, None, None),
    ("Check a Danish reply", "The contract's own example, with the customer's message and name.",
     "POST", "/v1/check", AUTH,
     {"text": DANISH, "language": "auto", "channel": "email",
      "customer": {"message": "Min pakke er ikke kommet, og jeg skal bruge den til på lørdag!", "name": "Maria"},
      "rewrite": True, "grammar": True}, None),
    ("Check an English chat reply without rewrite",
     "Offsets are UTF-16 code units: the emoji 😀 counts 2, as in JavaScript.",
     "POST", "/v1/check", AUTH,
     {"text": ENGLISH, "language": "en", "channel": "chat", "rewrite": False, "grammar": False}, None),
    ("Check an empty text", "An empty string is a valid reply and gives an empty analysis.",
     "POST", "/v1/check", AUTH, {"text": "", "rewrite": False}, None),
    ("Read team terms", "The list and its version (`ETag`); nothing stored yet is the empty list.",
     "GET", "/v1/terms", AUTH, None, None),
    ("Store team terms", "Replaces the whole list if it is still the version read (`If-Match`); the next "
     "check uses it.",
     "PUT", "/v1/terms", {**AUTH, "If-Match": CURRENT},
     [{"term": "SLA", "replacement": "svartid", "language": "da", "note": "Kunden kender ikke ordet"},
      {"term": "Klarsvar Pro", "language": "any", "kind": "allowed"}], None),
    ("Add one team term", "Adds the term, or updates the entry for the same word and language; `201` when "
     "added. What the extension's \"never flag this word\" sends.",
     "POST", "/v1/terms", AUTH, {"term": "Zendly", "language": "da", "kind": "allowed"}, None),
    ("Preflight from the extension", "flask-cors answers preflights for extension origins only.",
     "OPTIONS", "/v1/check",
     {"Origin": EXTENSION, "Access-Control-Request-Method": "POST",
      "Access-Control-Request-Headers": "authorization, content-type"}, None, None),
    ("Error: missing token", "", "POST", "/v1/check", {}, {"text": "Hej"}, None),
    ("Error: a web page's Origin", "No CORS headers, so the page cannot even read this answer.",
     "POST", "/v1/check", {**AUTH, "Origin": "https://evil.example"}, {"text": "Hej"}, None),
    ("Error: a foreign Host (DNS rebinding)", "", "GET", "/v1/health", {"Host": "evil.example:8765"}, None, None),
    ("Error: text missing", "`text` absent or null.", "POST", "/v1/check", AUTH, {"language": "da"}, None),
    ("Error: invalid field", "The message names the field.",
     "POST", "/v1/check", AUTH, {"text": "Hej", "channel": "sms"}, None),
    ("Error: invalid JSON", "", "POST", "/v1/check", AUTH, '{"text": "Hej",}', "application/json"),
    ("Error: not JSON", "", "POST", "/v1/check", AUTH, "text=Hej", "text/plain"),
    ("Error: text too long", "More than 50,000 characters (the body limit is 256 KiB).",
     "POST", "/v1/check", AUTH, {"text": "a" * 50_001}, None),
    ("Error: bad team term", "", "PUT", "/v1/terms", {**AUTH, "If-Match": CURRENT},
     [{"term": "SLA", "language": "de"}], None),
    ("Error: replacing the terms without If-Match", "", "PUT", "/v1/terms", AUTH, [], None),
    ("Error: replacing terms someone else changed", "The `If-Match` version is no longer the stored one.",
     "PUT", "/v1/terms", {**AUTH, "If-Match": STALE}, [], None),
    ("Error: a lone surrogate", "Half of an emoji (legal in a JavaScript string) cannot be encoded; the "
     "extension sends U+FFFD instead.",
     "POST", "/v1/check", AUTH, '{"text": "Broken \\ud83d emoji"}', "application/json"),
    ("Error: unknown endpoint", "", "GET", "/v1/status", AUTH, None, None),
    ("Error: wrong method", "", "GET", "/v1/check", AUTH, None, None),
]


def _request_block(method, path, headers, body, content_type) -> str:
    """The request as HTTP text (long texts abbreviated)."""
    lines = [f"{method} {path} HTTP/1.1", f"Host: {headers.get('Host', HOST)}"]
    lines += [f"{k}: {v}" for k, v in headers.items() if k != "Host"]
    if body is not None:
        lines.append(f"Content-Type: {content_type or 'application/json'}")
        lines.append("")
        if isinstance(body, str):
            lines.append(body)
        else:
            shown = body
            if isinstance(body, dict) and isinstance(body.get("text"), str) and len(body["text"]) > 200:
                shown = {**body, "text": f"<{len(body['text']):,} characters>"}
            lines.append(json.dumps(shown, ensure_ascii=False, indent=2))
    return "\n".join(lines)


def _response_block(response) -> str:
    """The response as HTTP text: status, the headers a client cares about, pretty JSON."""
    lines = [f"HTTP/1.1 {response.status}"]
    for name in SHOWN_HEADERS:
        if name in response.headers:
            value = response.headers[name]
            if name == "Allow":  # werkzeug's order depends on the hash seed
                value = ", ".join(sorted(v.strip() for v in value.split(",")))
            lines.append(f"{name}: {value}")
    data = response.get_data(as_text=True)
    if data:
        lines.append("")
        lines.append(json.dumps(json.loads(data), ensure_ascii=False, indent=2))
    return "\n".join(lines)


def render() -> str:
    """Run every example against a fresh app and return the Markdown between the markers."""
    sys.path.insert(0, str(ROOT / "server"))
    from klarsvar import create_app

    with tempfile.TemporaryDirectory() as directory:
        app = create_app({"TESTING": True, "KLARSVAR_CONFIG_DIR": directory, "KLARSVAR_TOKEN": TOKEN,
                          "KLARSVAR_LANGUAGETOOL": "off", "KLARSVAR_EXTENSION_IDS": []})
        client = app.test_client()
        out = [BEGIN, "",
               "_Generated from the real app by `python scripts/gen_api_examples.py` (grammar off, example "
               "token). Do not edit by hand; `tests/server/api/test_api_docs.py` fails when this is stale._", ""]
        try:
            for title, note, method, path, headers, body, content_type in EXAMPLES:
                sent = dict(headers)
                if sent.get("If-Match") == CURRENT:
                    sent["If-Match"] = client.get("/v1/terms", headers={"Host": HOST, **AUTH},
                                                  base_url=f"http://{HOST}").headers["ETag"]
                kwargs = {"headers": {"Host": HOST, **sent}, "base_url": f"http://{HOST}"}
                if isinstance(body, str):
                    kwargs.update(data=body, content_type=content_type)
                elif body is not None:
                    kwargs["json"] = body
                response = client.open(path, method=method, **kwargs)
                if response.status_code >= 500:
                    raise RuntimeError(f"example {title!r} answered {response.status}; fix the server first")
                out += [f"### {title}", ""]
                if note:
                    out += [note, ""]
                out += ["```http", _request_block(method, path, sent, body, content_type), "```", "",
                        "```http", _response_block(response), "```", ""]
        finally:
            app.extensions["klarsvar"].grammar.close()
    out.append(END)
    return "\n".join(out)


def current_block(doc: str) -> str:
    """The generated block as it stands in docs/api.md."""
    start, end = doc.index(BEGIN), doc.index(END) + len(END)
    return doc[start:end]


def main(argv=None) -> int:
    """Rewrite (or with --check, verify) the generated block of docs/api.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if docs/api.md is stale")
    args = parser.parse_args(argv)
    doc = DOC.read_text(encoding="utf-8")
    fresh = render()
    if args.check:
        if current_block(doc) != fresh:
            print("docs/api.md is stale: run `python scripts/gen_api_examples.py`", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(doc.replace(current_block(doc), fresh), encoding="utf-8")
    print("docs/api.md updated", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
