"""`klarsvar serve --model-url` end to end: a real server process, the fake model beside it."""

from __future__ import annotations

import json

import pytest

from tests.support.fake_model_server import FakeModel
from tests.support.server_process import ServerProcess, http_request, wait_until

REPLY = ("Hi Anna,\n\nYour order #48213 will ship on 3 March. Ticket escalated to backend per our SLA.\n\n"
         "Best regards\nPeter")
GOOD = ("Hi Anna,\n\nI can see why you're frustrated that your order is late. Your order #48213 will ship on "
        "3 March. Our team is looking at it now.\n\nBest regards\nPeter")


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_serve_with_model_url(tmp_path):
    with FakeModel([GOOD]) as model:
        env = {"KLARSVAR_MODEL": "fake", "KLARSVAR_MODEL_KEY": "sk-serve-secret-0001", "KLARSVAR_LANGUAGETOOL": "off",
               "KLARSVAR_CHECK_TIME_LIMIT": "60"}
        with ServerProcess(tmp_path / "config", "--model-url", model.url, env=env) as server:
            assert "Rewrites: the language model fake at 127.0.0.1" in server.log()

            def rewrite_health():
                _, _, body = http_request(server.port, "GET", "/v1/health")
                return json.loads(body)["rewrite"]

            assert wait_until(lambda: rewrite_health()["ready"], 10), rewrite_health()
            assert rewrite_health()["engine"] == "model"
            status, _, body = http_request(server.port, "POST", "/v1/check", {
                "text": REPLY, "language": "en", "customer": {"message": "My order is late, I am really frustrated!",
                                                             "name": "Anna"}}, headers=server.auth())
            assert status == 200
            rewrite = json.loads(body)["rewrite"]
            assert rewrite["engine"] == "model" and rewrite["text"] == GOOD
            log = server.log()
        assert "sk-serve-secret" not in log and "escalated" not in log and "model rewrite accepted" in log
