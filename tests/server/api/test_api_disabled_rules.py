"""Team-wide switched-off rules and categories: the API neither reports nor rewrites them."""

from __future__ import annotations

TEXT = "Hej Lone,\n\nDin sag er eskaleret til 2nd level. Vi beklager ulejligheden.\n\nMvh\nSara"


def _check(client, headers):
    response = client.post("/v1/check", json={"text": TEXT, "language": "da"}, headers=headers)
    assert response.status_code == 200
    return response.get_json()


def test_a_team_disabled_rule_and_category_are_not_reported_or_rewritten(make_app, auth_headers):
    plain = _check(make_app().test_client(), auth_headers)
    rules = {f["rule"] for f in plain["findings"]}
    internal = [f for f in plain["findings"] if f["category"] == "internal_language"]
    assert internal and any(f["category"] == "sympathy" for f in plain["findings"])
    disabled_rule = internal[0]["rule"]

    app = make_app(KLARSVAR_DISABLED_RULES=[disabled_rule, "sympathy"])
    body = _check(app.test_client(), auth_headers)
    reported = {f["rule"] for f in body["findings"]}
    assert disabled_rule not in reported
    assert not any(f["category"] == "sympathy" for f in body["findings"])
    assert reported == {r for r in rules if r != disabled_rule} - {f["rule"] for f in plain["findings"]
                                                                     if f["category"] == "sympathy"}
    assert not any(disabled_rule in c["rule"] for c in body["rewrite"]["changes"])
    assert "ulejligheden" in body["rewrite"]["text"]


def test_disabled_rules_come_from_the_environment_as_a_list(monkeypatch):
    from klarsvar.config import resolve

    monkeypatch.setenv("KLARSVAR_DISABLED_RULES", "passive, en.plain_language.kindly")
    assert resolve()["KLARSVAR_DISABLED_RULES"] == ["passive", "en.plain_language.kindly"]
