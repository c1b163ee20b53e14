"""Derived data kept across server starts (`analysis.cache.stored_data`, issue 17): parsed rule files, phrase
patterns and the English syllable table come back equal to what deriving them anew gives."""

import marshal

import pytest

from klarsvar.analysis import cache, pipeline, readability
from klarsvar.analysis.rules import loader
from klarsvar.analysis.rules.patterns import compile_pattern, trusted_data


@pytest.fixture
def store(tmp_path):
    path = tmp_path / "data-store.bin"
    cache.enable_data_store(path)
    yield path
    cache.disable_data_store()


def test_off_by_default_builds_every_time():
    calls = []
    assert cache.DATA_STORE.path is None
    assert cache.stored_data("kind", "key", lambda: calls.append(1) or 7) == 7
    assert cache.stored_data("kind", "key", lambda: calls.append(1) or 7) == 7
    assert len(calls) == 2


def test_a_stored_value_comes_back_after_a_restart_and_another_key_misses(store):
    assert cache.stored_data("kind", ("a", 1), lambda: {"x": [1, 2], "y": frozenset({"b"})}) is not None
    assert cache.save_data_store()
    cache.enable_data_store(store)  # as a new process would
    assert cache.stored_data("kind", ("a", 1), lambda: pytest.fail("built again")) == {"x": [1, 2],
                                                                                         "y": frozenset({"b"})}
    assert cache.stored_data("kind", ("a", 2), lambda: "new") == "new"


def test_a_value_marshal_cannot_write_is_used_not_stored(store):
    value = object()
    assert cache.stored_data("kind", "key", lambda: value) is value
    assert cache.save_data_store() is False and not store.exists()


@pytest.mark.parametrize("content", [b"", b"not marshal at all", marshal.dumps(("another python", {})),
                                     marshal.dumps([1, 2, 3])])
def test_an_unusable_file_is_ignored(store, content):
    store.write_bytes(content)
    cache.enable_data_store(store)
    assert cache.DATA_STORE.loaded == {}
    assert cache.stored_data("kind", "key", lambda: 3) == 3


def test_the_shipped_rules_load_the_same_from_the_store(store):
    def load_all():
        with trusted_data():
            return [loader.load_language(language) for language in loader.LANGUAGES]

    cache.disable_data_store()
    fresh = load_all()
    cache.enable_data_store(store)
    assert load_all() == fresh
    assert cache.save_data_store()
    cache.enable_data_store(store)  # as a new process would
    kinds = {kind for kind, _ in cache.DATA_STORE.loaded}
    assert kinds == {"rules-yaml", "phrase-pattern"}
    assert load_all() == fresh


def test_a_stored_pattern_equals_the_self_tested_one(store):
    pattern = "{den |}pågældende *systemet"
    tested = compile_pattern(pattern, "da")
    with trusted_data():
        compile_pattern(pattern, "da")
    cache.save_data_store()
    cache.enable_data_store(store)
    with trusted_data():
        served = compile_pattern(pattern, "da")
    assert (served.core, served.full, served.prefilter, served.keys, served.tail) == \
        (tested.core, tested.full, tested.prefilter, tested.keys, tested.tail)


def test_the_syllable_table_comes_from_the_store(store, monkeypatch):
    fresh = readability._load_cmudict()
    monkeypatch.setattr(readability, "_CMU", None)
    pipeline._load_syllable_table("en")
    assert readability._CMU == fresh
    assert cache.save_data_store()
    cache.enable_data_store(store)
    monkeypatch.setattr(readability, "_CMU", None)
    monkeypatch.setattr(readability, "_load_cmudict", lambda: pytest.fail("parsed again"))
    pipeline._load_syllable_table("en")
    assert readability._CMU == fresh and len(fresh) > 100_000


def test_the_server_warm_up_writes_both_stores_and_then_frees_the_data(make_app, tmp_path):
    import time

    from klarsvar.analysis.rules import checking

    # Earlier tests in this process may have loaded the rule files already; the warm-up must derive them anew
    # to have something to store.
    checking._language_files.cache_clear()
    regex_store = tmp_path / "cache" / "regex-store.bin"
    app = make_app(KLARSVAR_BACKGROUND_START=True, KLARSVAR_REGEX_STORE=str(regex_store))
    client = app.test_client()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not client.get("/v1/health").get_json()["ready"]:
        time.sleep(0.05)
    try:
        assert regex_store.exists() and regex_store.with_name("data-store.bin").exists()
        assert cache.DATA_STORE.path is None and cache.DATA_STORE.loaded == {}
    finally:
        cache.disable_regex_store()
