"""docs/api.md's examples are generated from the real app and must not go stale."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def load_generator():
    spec = importlib.util.spec_from_file_location("gen_api_examples", ROOT / "scripts" / "gen_api_examples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_examples_are_current():
    generator = load_generator()
    doc = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    assert generator.current_block(doc) == generator.render(), (
        "docs/api.md's examples are stale: run `python scripts/gen_api_examples.py` and commit the result")


def test_every_contract_error_code_is_documented():
    doc = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    for code in ("invalid_json", "invalid_field", "text_missing", "unauthorized", "host_not_allowed",
                 "origin_not_allowed", "too_large", "unsupported_media_type", "not_found",
                 "method_not_allowed", "internal", "invalid_text", "precondition_required", "conflict",
                 "token_unreadable", "terms_unreadable", "terms_unwritable"):
        assert f"`{code}`" in doc
        # A 500 cannot be provoked on purpose, nor the 503s (broken files on the server) in the examples.
        assert f'"code": "{code}"' in doc or code == "internal" or code.startswith(("token_", "terms_"))
