"""End-to-end (issue 19): with the team's language model, the findings come at once and the model's rewrite
follows; the engine line switches from the rules to the model, and "Insert rewrite" puts the model's text in.

Real Chromium with the unpacked extension, the real server (`klarsvar serve` in a subprocess) configured with
the fake OpenAI-compatible model server (tests/support/fake_model_server.py) answering slower than a check.
"""

from __future__ import annotations

import time

import pytest

from tests.e2e.support import EDITORS, OVERLAY, KlarsvarServer, model_text, open_editor, open_panel, wait_last_apply, wait_settled
from tests.support.fake_model_server import FakeModel, reply_in

pytestmark = pytest.mark.e2e
TEXTAREA = EDITORS[0]

# A reply with internal language (so there is a rewrite) and facts the model must keep; the model's candidate
# keeps every one of them and passes Klarsvar's checks (as in tests/server/model/test_model_api.py).
REPLY = ("Hi Anna,\n\nYour order #48213 of 249.50 kr will ship on 3 March at 14:00. Ticket escalated to backend "
         "per our SLA.\n\nBest regards\nPeter Jensen\nAcme Support")
MODEL_REWRITE = ("Hi Anna,\n\nI can see why you're frustrated that your order is late. Your order #48213 of 249.50 kr "
                 "will ship on 3 March at 14:00. Our team is looking at it now.\n\nBest regards\nPeter Jensen\nAcme Support")
# The model answers after this long: longer than a check, well within its 4 s budget.
MODEL_DELAY_SECONDS = 2.5
ENGINE = f"{OVERLAY} [data-part='rewrite-engine']"


@pytest.fixture
def model_server(tmp_path):
    """A Klarsvar server whose rewrites go to a slow fake model; its fake model is `server.fake`."""
    with FakeModel([{"mode": "slow", "content": MODEL_REWRITE}], delay=MODEL_DELAY_SECONDS) as fake:
        server = KlarsvarServer(tmp_path, extra_env={"KLARSVAR_MODEL_URL": fake.url, "KLARSVAR_MODEL": "fake"})
        try:
            # Warm (a cold first check may run out of its time cap before the rewrite); no model asked.
            server.check("Hi Bo, we escalated it to backend. Regards, Ida", language="auto", rewrite_model="off")
            server.fake = fake
            yield server
        finally:
            server.stop()


def test_findings_at_once_then_the_models_rewrite_replaces_the_rules(page, pages_url, extension, model_server):
    extension.configure(serverUrl=model_server.url)
    frame = open_editor(page, pages_url, TEXTAREA)
    frame.click(TEXTAREA.selector)
    page.keyboard.type(REPLY)
    typed = time.monotonic()
    wait_settled(frame)
    settled = time.monotonic() - typed
    # The findings did not wait for the model: shown before it could have answered.
    assert settled < MODEL_DELAY_SECONDS, f"the check took {settled:.2f} s"
    assert frame.locator(f"{OVERLAY} li[data-finding-id][data-category='internal_language']").count() > 0
    engine = frame.locator(ENGINE)
    assert engine.get_attribute("data-engine") == "rules"
    assert engine.get_attribute("data-model-pending") is not None, "the line says the model is still working"
    # A quiet follow-up for the same text brings the model's rewrite (the server kept its outcome).
    frame.wait_for_selector(f"{ENGINE}[data-engine='model']:not([data-model-pending])", state="attached",
                            timeout=(MODEL_DELAY_SECONDS + 5) * 1000)
    switched = time.monotonic() - typed
    assert frame.locator(OVERLAY).get_attribute("data-state") == "ready"
    asked = [body for body in model_server.fake.chat_requests() if reply_in(body["messages"]) == REPLY]
    assert len(asked) == 1, "the follow-ups never asked the model again"
    # The agent inserts it: the editor holds the model's text.
    open_panel(frame)
    frame.locator(f"{OVERLAY} [data-action='insert-rewrite']").click()
    frame.locator(f"{OVERLAY} [data-action='confirm-rewrite']").click()
    wait_last_apply(frame, "rewrite")
    assert model_text(page) == MODEL_REWRITE
    assert page.page_errors == []
    print(f"\nfindings shown {settled:.2f} s after typing; the model's rewrite {switched:.2f} s after")
