"""A small, real HTTP server that speaks the OpenAI-compatible chat API (`/v1/chat/completions`,
`/v1/models`) for tests, with scripted answers: no real language model is ever needed.

`replies` is the script: each call to `/v1/chat/completions` takes the next entry (the last one repeats).
An entry is the reply text itself, or a callable `(messages) -> text` (e.g. a candidate built from the
reply in the prompt), or a dict `{"mode": …}` for failures: 'slow' (sleep `delay` s, then `content`),
'drip' (send the answer one byte every `delay` s), 'error' (HTTP 500), 'garbage' (200 with a body that
is not JSON), 'wrong_shape' (JSON without `choices`), 'redirect' (302 to `location`). Every request is
recorded in `requests` (path, headers, JSON body); `models_requests` counts `/v1/models` looks.
"""

from __future__ import annotations

import json
import time

from .threaded_server import QuietHandler, ThreadedServer


def completion(content: str, model: str = "fake") -> dict:
    """An OpenAI-shaped chat completion holding `content`."""
    return {"id": "chatcmpl-test", "object": "chat.completion", "created": 0, "model": model,
            "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}


def reply_in(messages: list[dict]) -> str:
    """The agent's reply as the prompt quotes it (between the second pair of <<< >>>)."""
    user = next(m["content"] for m in messages if m["role"] == "user")
    return user.split("<<<\n", 2)[2].split("\n>>>", 1)[0]


class FakeModel(ThreadedServer):
    """An OpenAI-compatible server on 127.0.0.1 in a background thread. Use as a context manager."""

    thread_name = "fake-model"

    def __init__(self, replies=("",), *, delay: float = 5.0, models=("fake",)) -> None:
        self.replies = list(replies)
        self.delay = delay
        self.models = list(models)
        self.requests: list[dict] = []
        self.models_requests = 0
        self._calls = 0
        super().__init__()

    @property
    def url(self) -> str:
        """Base URL as a user would configure it (KLARSVAR_MODEL_URL)."""
        return f"{self.origin}/v1"

    def chat_requests(self) -> list[dict]:
        """The JSON bodies of every chat completion request, in order."""
        with self._lock:
            return [r["body"] for r in self.requests if r["path"].endswith("/chat/completions")]

    def _next(self):
        """The script's next entry."""
        with self._lock:
            entry = self.replies[min(self._calls, len(self.replies) - 1)]
            self._calls += 1
        return entry

    def _handler_class(self):
        fake = self

        class Handler(QuietHandler):
            """Speaks just enough of the OpenAI chat API."""

            def _record(self, body) -> None:
                with fake._lock:
                    fake.requests.append({"path": self.path, "headers": dict(self.headers.items()), "body": body})

            def do_GET(self):
                self._record(None)
                if self.path.rstrip("/").endswith("/models"):
                    with fake._lock:
                        fake.models_requests += 1
                    data = {"object": "list", "data": [{"id": m, "object": "model"} for m in fake.models]}
                    self._send(200, json.dumps(data).encode())
                else:
                    self._send(404, b'{"error": "not found"}')

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                try:
                    body = json.loads(raw.decode("utf-8"))
                except ValueError:
                    body = None
                self._record(body)
                if not self.path.endswith("/chat/completions") or not isinstance(body, dict):
                    self._send(404, b'{"error": "not found"}')
                    return
                entry = fake._next()
                if callable(entry):
                    entry = entry(body["messages"])
                if isinstance(entry, str):
                    entry = {"mode": "instant", "content": entry}
                mode, content = entry.get("mode", "instant"), entry.get("content", "")
                if mode == "slow":
                    time.sleep(entry.get("delay", fake.delay))
                if mode == "error":
                    self._send(500, b"Internal Server Error", "text/plain")
                elif mode == "garbage":
                    self._send(200, b"<html>this is not JSON", "application/json")
                elif mode == "wrong_shape":
                    self._send(200, b'{"object": "chat.completion", "result": "nope"}')
                elif mode == "redirect":
                    self._send(302, b"", "text/plain", headers=[("Location", entry["location"])])
                elif mode == "drip":
                    data = json.dumps(completion(content)).encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    try:
                        for i in range(len(data)):
                            self.wfile.write(data[i:i + 1])
                            self.wfile.flush()
                            time.sleep(entry.get("delay", fake.delay))
                    except OSError:
                        pass  # the client gave up, as it should
                else:
                    self._send(200, json.dumps(completion(content, body.get("model", "fake"))).encode())

        return Handler
