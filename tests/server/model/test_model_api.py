"""The language-model rewrite through /v1/check and /v1/health, against the fake OpenAI-compatible server.

Every bad kind of candidate is refused with the right check and the rule-based rewrite is returned; good
candidates are accepted; a slow, broken or absent model never delays the check beyond its budget."""

from __future__ import annotations

import logging

import pytest

from tests.support.fake_model_server import reply_in
from tests.support.lt_server import closed_port, wait_until

REPLY = ("Hi Anna,\n\nYour order #48213 of 249.50 kr will ship on 3 March at 14:00. Ticket escalated to backend "
         "per our SLA.\n\nBest regards\nPeter Jensen\nAcme Support")
MESSAGE = "My order is late again and I am really frustrated!"
GOOD = ("Hi Anna,\n\nI can see why you're frustrated that your order is late. Your order #48213 of 249.50 kr will "
        "ship on 3 March at 14:00. Our team is looking at it now.\n\nBest regards\nPeter Jensen\nAcme Support")
BODY = {"text": REPLY, "language": "en", "customer": {"message": MESSAGE, "name": "Anna"}}

BAD = {
    "drops the order number": (GOOD.replace("#48213 ", ""), "facts"),
    "changes the amount": (GOOD.replace("249.50", "294.50"), "facts"),
    "adds a promise": (GOOD.replace("looking at it now.", "looking at it now, and we will refund you."), "promises"),
    "switches language": ("Hej Anna,\n\nJeg kan godt forstå, at du er frustreret over, at din ordre er forsinket. "
                          "Din ordre #48213 på 249.50 kr sendes 3 March kl. 14:00. Vi kigger på det nu.\n\n"
                          "Best regards\nPeter Jensen\nAcme Support", "language"),
    "adds jargon": (GOOD.replace("Our team is looking at it now.", "The ticket is escalated to our backend team."),
                    "findings"),
    "drops the signature": (GOOD.replace("\nPeter Jensen\nAcme Support", ""), "facts"),
}


@pytest.fixture
def rules_answer(make_app, post_check):
    """The same check on a server without a model: the rule-based rewrite and the findings."""
    body, _ = post_check(make_app(KLARSVAR_CHECK_TIME_LIMIT=60), **BODY)
    return body


def apply_changes(text: str, changes: list[dict]) -> str:
    """The original with the wire changes applied (ASCII text: UTF-16 units are code points)."""
    out, pos = [], 0
    for c in changes:
        out += [text[pos:c["start"]], c["replacement"]]
        pos = c["end"]
    return "".join(out) + text[pos:]


def test_without_a_model_the_rules_write_and_say_so(make_app, post_check, fake_model):
    app = make_app(KLARSVAR_CHECK_TIME_LIMIT=60)
    health = app.test_client().get("/v1/health").get_json()["rewrite"]
    assert health == {"engine": "rules", "model": None, "ready": True, "detail": health["detail"]}
    body, _ = post_check(app, **BODY)
    assert body["rewrite"]["engine"] == "rules" and body["rewrite"]["refused"] == []


def test_a_good_candidate_is_accepted(model_app, fake_model, post_check, rules_answer, caplog):
    server = fake_model([GOOD])
    app = model_app(server, KLARSVAR_MODEL_KEY="sk-test-secret-key-123")
    caplog.set_level(logging.DEBUG)
    body, _ = post_check(app, **BODY)
    rewrite = body["rewrite"]
    assert rewrite["engine"] == "model" and rewrite["model"] == "fake" and rewrite["refused"] == []
    assert rewrite["text"] == GOOD and apply_changes(REPLY, rewrite["changes"]) == GOOD
    assert all(c["rule"] == "model" and REPLY[c["start"]:c["end"]] == c["text"] for c in rewrite["changes"])
    assert body["findings"] == rules_answer["findings"]  # the model changes the rewrite only
    (request,) = server.chat_requests()
    assert request["model"] == "fake" and request["temperature"] <= 0.3 and request["stream"] is False
    assert REPLY.strip() in request["messages"][1]["content"] and MESSAGE in request["messages"][1]["content"]
    chat = [r for r in server.requests if r["path"].endswith("/chat/completions")]
    assert chat[0]["headers"]["Authorization"] == "Bearer sk-test-secret-key-123"
    health = app.test_client().get("/v1/health").get_json()
    assert health["rewrite"]["engine"] == "model" and health["rewrite"]["ready"] is True
    assert "sk-test-secret" not in str(health) and "sk-test-secret" not in caplog.text
    assert REPLY[:30] not in caplog.text  # the text is never logged either


@pytest.mark.parametrize("kind", list(BAD))
def test_each_bad_candidate_is_refused_and_the_rules_rewrite_returned(kind, model_app, fake_model, post_check,
                                                                     rules_answer):
    candidate, check = BAD[kind]
    server = fake_model([candidate])
    body, _ = post_check(model_app(server), **BODY)
    rewrite = body["rewrite"]
    assert rewrite["engine"] == "rules"
    assert rewrite["text"] == rules_answer["rewrite"]["text"] and rewrite["changes"] == rules_answer["rewrite"]["changes"]
    assert {r["check"] for r in rewrite["refused"] if r["attempt"] == 1} >= {check}
    assert {r["attempt"] for r in rewrite["refused"]} == {1, 2}  # one retry, then the rules
    assert len(server.chat_requests()) == 2
    retry = server.chat_requests()[1]["messages"]
    assert [m["role"] for m in retry] == ["system", "user", "assistant", "user"] and retry[2]["content"] == candidate


def test_a_retry_that_fixes_the_problem_is_accepted(model_app, fake_model, post_check):
    server = fake_model([BAD["drops the order number"][0], GOOD])
    body, _ = post_check(model_app(server), **BODY)
    assert body["rewrite"]["engine"] == "model" and body["rewrite"]["text"] == GOOD
    assert [(r["check"], r["attempt"]) for r in body["rewrite"]["refused"]] == [("facts", 1)]
    assert '"#48213"' in server.chat_requests()[1]["messages"][-1]["content"]


def test_the_model_may_answer_with_a_preface_and_fences(model_app, fake_model, post_check):
    server = fake_model([f"Here is the rewritten reply:\n\n```\n{GOOD}\n```\n\nNote: I kept every fact."])
    body, _ = post_check(model_app(server), **BODY)
    assert body["rewrite"]["engine"] == "model" and body["rewrite"]["text"] == GOOD


@pytest.mark.parametrize("entry, check", [
    ({"mode": "error"}, "unavailable"),
    ({"mode": "garbage"}, "unavailable"),
    ({"mode": "wrong_shape"}, "unavailable"),
    ({"mode": "redirect", "location": "http://127.0.0.1:9/v1/chat/completions"}, "unavailable"),
    ("", "output"),
    ("```\n```", "output"),
])
def test_errors_and_garbage_fall_back_to_the_rules(entry, check, model_app, fake_model, post_check, rules_answer):
    server = fake_model([entry])
    body, _ = post_check(model_app(server), **BODY)
    assert body["rewrite"]["engine"] == "rules" and body["rewrite"]["text"] == rules_answer["rewrite"]["text"]
    assert body["rewrite"]["refused"][0]["check"] == check


def test_random_text_is_refused(model_app, fake_model, post_check):
    server = fake_model(["asdf qwer zxcv lorem ipsum"])
    body, _ = post_check(model_app(server), **BODY)
    assert body["rewrite"]["engine"] == "rules"
    assert {"facts", "length"} <= {r["check"] for r in body["rewrite"]["refused"]}


@pytest.mark.parametrize("mode", ["slow", "drip"])
def test_a_slow_model_never_delays_the_check_beyond_its_budget(mode, model_app, make_app, fake_model, post_check,
                                                                rules_answer):
    budget = 1.0
    plain = make_app(KLARSVAR_CHECK_TIME_LIMIT=60)
    post_check(plain, **BODY)
    _, baseline = post_check(plain, **BODY)
    server = fake_model([{"mode": mode, "content": GOOD}], delay=3.0 if mode == "slow" else 0.05)
    app = model_app(server, KLARSVAR_MODEL_TIME_BUDGET=budget)
    post_check(make_app(KLARSVAR_CHECK_TIME_LIMIT=60), **BODY)  # warm
    body, elapsed = post_check(app, **BODY)
    assert elapsed < baseline + budget + 0.75, (elapsed, baseline)
    assert body["findings"] == rules_answer["findings"]  # every finding, at once
    assert body["rewrite"]["engine"] == "rules" and body["rewrite"]["refused"][0]["check"] == "timeout"
    assert len(server.chat_requests()) == 1  # no retry past the budget


def test_the_check_cap_bounds_the_model_too(model_app, fake_model, post_check):
    server = fake_model([{"mode": "slow", "content": GOOD}], delay=3.0)
    app = model_app(server, KLARSVAR_MODEL_TIME_BUDGET=30, KLARSVAR_CHECK_TIME_LIMIT=1.5)
    post_check(app, text="Hi. Thanks.", language="en")  # warm-up without findings: the model is not asked
    assert server.chat_requests() == []
    body, elapsed = post_check(app, **BODY)
    assert elapsed < 1.5 + 0.75
    assert body["rewrite"] is None or body["rewrite"]["engine"] == "rules"


def test_model_down_health_says_so_and_rewrites_fall_back(make_app, post_check, rules_answer):
    app = make_app(KLARSVAR_MODEL_URL=f"http://127.0.0.1:{closed_port()}/v1", KLARSVAR_MODEL="fake",
                   KLARSVAR_CHECK_TIME_LIMIT=60)
    client = app.test_client()
    assert wait_until(lambda: client.get("/v1/health").get_json()["rewrite"]["detail"].startswith("The language model is not usable"), 5)
    health = client.get("/v1/health").get_json()["rewrite"]
    assert health["engine"] == "model" and health["model"] == "fake" and health["ready"] is False
    assert "cannot reach" in health["detail"]
    body, _ = post_check(app, **BODY)
    assert body["rewrite"]["engine"] == "rules" and body["rewrite"]["text"] == rules_answer["rewrite"]["text"]
    assert body["rewrite"]["refused"] == [{"check": "unavailable", "detail": body["rewrite"]["refused"][0]["detail"],
                                           "attempt": 1}]


def test_health_looks_at_the_model_at_most_every_few_seconds(model_app, fake_model):
    server = fake_model([GOOD], models=("fake",))
    client = model_app(server).test_client()
    assert wait_until(lambda: client.get("/v1/health").get_json()["rewrite"]["ready"], 5)
    for _ in range(5):
        client.get("/v1/health")
    assert server.models_requests == 1


def test_health_says_when_the_server_lacks_the_model(model_app, fake_model):
    server = fake_model([GOOD], models=("llama3.1:8b",))
    client = model_app(server, KLARSVAR_MODEL="qwen2.5:7b").test_client()
    assert wait_until(lambda: "does not list" in client.get("/v1/health").get_json()["rewrite"]["detail"], 5)


def test_a_reply_without_findings_does_not_ask_the_model(model_app, fake_model, post_check):
    server = fake_model([GOOD])
    body, _ = post_check(model_app(server), text="Hi. Thanks.", language="en")
    assert server.chat_requests() == [] and (body["rewrite"] is None or body["rewrite"]["engine"] == "rules")


def test_rewrite_false_asks_no_model(model_app, fake_model, post_check):
    server = fake_model([GOOD])
    body, _ = post_check(model_app(server), **BODY, rewrite=False)
    assert body["rewrite"] is None and server.chat_requests() == []


def test_danish_reply_through_the_model(model_app, fake_model, post_check):
    reply = ("Hej Jens,\n\nDin ordre 55120 på 399 kr. er afsendt den 12. maj. Sagen er eskaleret til 2nd level "
             "jf. vores SLA.\n\nMed venlig hilsen\nLise\nKundeservice")
    good = ("Hej Jens,\n\nJeg kan godt forstå, at du er frustreret over, at din pakke ikke er kommet. Din ordre 55120 "
            "på 399 kr. er afsendt den 12. maj. En kollega kigger på det nu.\n\nMed venlig hilsen\nLise\nKundeservice")
    server = fake_model([lambda messages: good if reply_in(messages) == reply.strip() else ""])
    body, _ = post_check(model_app(server), text=reply, language="da",
                         customer={"message": "Jeg er virkelig frustreret, min pakke er stadig ikke kommet!", "name": "Jens"})
    assert body["rewrite"]["engine"] == "model" and body["rewrite"]["text"] == good
    assert "Bevar alle fakta" in server.chat_requests()[0]["messages"][0]["content"]


def test_a_rules_rewrite_too_minor_to_offer_still_asks_the_model(model_app, fake_model, post_check):
    reply = "Hi Sam,\n\nPlease reach out to us if the parcel has not arrived by Friday.\n\nBest regards\nKim"
    better = "Hi Sam,\n\nPlease contact us if your parcel has not arrived by Friday.\n\nBest regards\nKim"
    body = {"text": reply, "language": "en", "customer": {"message": "Where is my parcel?"}}
    server = fake_model([better])
    answer, _ = post_check(model_app(server), **body)
    assert answer["rewrite"]["engine"] == "model" and answer["rewrite"]["text"] == better
    assert "rewrite_skipped" not in answer
    refused = fake_model([reply.replace("Friday", "Monday")])
    answer, _ = post_check(model_app(refused), **body)
    assert answer["rewrite"] is None and answer["rewrite_skipped"] == "minor_changes"


def test_a_slow_recheck_of_the_candidate_is_given_up_at_the_budget(fake_model):
    import time

    from klarsvar import model_rewrite
    from klarsvar.analysis.findings import GrammarStatus
    from klarsvar.analysis.pipeline import CheckRequest, analyze
    from klarsvar.model_client import ModelClient, ModelSettings

    class SlowOnCandidates:
        """A grammar engine that answers the reply at once and takes 3 s over anything else."""

        def check(self, doc):
            if doc.text != REPLY:
                time.sleep(3)
            return [], GrammarStatus(engine="builtin", complete=True)

    request = CheckRequest(text=REPLY, language="en", customer_message=MESSAGE, customer_name="Anna")
    analysis = analyze(request, grammar_checker=SlowOnCandidates())
    rules_text = analysis.rewrite["text"]
    server = fake_model([GOOD])
    client = ModelClient(ModelSettings(url=server.url, model="fake", budget_seconds=1.0))
    started = time.monotonic()
    model_rewrite.improve(analysis, request, client=client, grammar_checker=SlowOnCandidates())
    assert time.monotonic() - started < 1.0 + 0.5
    assert analysis.rewrite["engine"] == "rules" and analysis.rewrite["text"] == rules_text
    assert analysis.rewrite["refused"][-1]["check"] == "timeout"


def test_the_same_text_checked_again_gets_the_models_rewrite_without_asking_again(model_app, fake_model, post_check):
    server = fake_model([GOOD])
    app = model_app(server)
    first, _ = post_check(app, **BODY)
    again, _ = post_check(app, **BODY)
    assert first["rewrite"] == again["rewrite"] and again["rewrite"]["engine"] == "model"
    assert len(server.chat_requests()) == 1


def test_background_mode_answers_at_once_and_keeps_the_rewrite_for_the_next_check(model_app, fake_model, post_check,
                                                                                  rules_answer):
    server = fake_model([{"mode": "slow", "content": GOOD}], delay=1.0)
    app = model_app(server, KLARSVAR_MODEL_TIME_BUDGET=3)
    post_check(app, text="Hi. Thanks.", language="en")  # warm
    body, elapsed = post_check(app, **BODY, rewrite_model="background")
    assert elapsed < 1.0  # the slow model is not waited for
    assert body["findings"] == rules_answer["findings"]
    assert body["rewrite"]["engine"] == "rules" and body["rewrite"]["model_pending"] is True
    assert body["rewrite"]["text"] == rules_answer["rewrite"]["text"]
    assert wait_until(lambda: len(server.chat_requests()) == 1, 5)
    later, _ = post_check(app, **BODY)  # waits for the running job, does not start another
    assert later["rewrite"]["engine"] == "model" and later["rewrite"]["text"] == GOOD
    assert len(server.chat_requests()) == 1


def test_rewrite_model_off_and_bad_values(model_app, fake_model, post_check):
    server = fake_model([GOOD])
    app = model_app(server)
    body, _ = post_check(app, **BODY, rewrite_model="off")
    assert body["rewrite"]["engine"] == "rules" and server.chat_requests() == []
    headers = {"Authorization": f"Bearer {app.extensions['klarsvar'].tokens.current()}"}
    response = app.test_client().post("/v1/check", json={**BODY, "rewrite_model": "later"}, headers=headers)
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "invalid_field"


def test_a_job_that_waited_past_the_budget_for_its_turn_is_dropped(fake_model):
    import time

    from klarsvar.model_client import ModelClient, ModelSettings
    from klarsvar.model_rewrite import ModelRewriter

    server = fake_model([GOOD])
    rewriter = ModelRewriter(ModelClient(ModelSettings(url=server.url, model="fake", budget_seconds=1.0)))
    outcome = rewriter._run("key", time.monotonic() - 5, {})
    assert outcome.rewrite is None and outcome.refused[0]["check"] == "timeout" and not outcome.lasting
    assert server.chat_requests() == []


def test_the_quoted_earlier_message_is_not_sent_and_comes_back_unchanged(model_app, fake_model, post_check):
    quoted = "\n\nOn Mon, 3 March 2025 at 10:00, Anna <anna@example.com> wrote:\n> My order 48213 is late.\n> Please help."
    server = fake_model([lambda messages: GOOD if reply_in(messages) == REPLY else "not the reply alone"])
    body, _ = post_check(model_app(server), **{**BODY, "text": REPLY + quoted})
    assert body["rewrite"]["engine"] == "model", body["rewrite"]["refused"]
    assert body["rewrite"]["text"] == GOOD + quoted
    assert "anna@example.com" not in str(server.chat_requests())
