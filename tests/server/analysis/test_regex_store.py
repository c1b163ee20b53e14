"""Compiled data regexes kept across server starts (`analysis.cache.stored_regex`, issue 17)."""

import marshal
import re
import time

import pytest

from klarsvar.analysis import cache
from klarsvar.analysis.customer import language_data

SAMPLES = [(r"(?P<b0>ab)|c(?=x)", re.IGNORECASE), (r"\bfoo\s+bar(?<!x)", 0), (r"[æøå]+\W", re.IGNORECASE),
           (r"(?<![^\W_])(?:tak|thanks?)(?![^\W_])", re.IGNORECASE)]


@pytest.fixture
def store(tmp_path):
    path = tmp_path / "regex-store.bin"
    cache.enable_regex_store(path)
    yield path
    cache.disable_regex_store()


def test_off_by_default_and_then_plain_re():
    assert cache.REGEX_STORE.path is None
    assert cache.stored_regex(*SAMPLES[0]) == re.compile(*SAMPLES[0])


def test_a_stored_regex_equals_a_fresh_compile_after_a_restart(store):
    for source, flags in SAMPLES:
        assert cache.stored_regex(source, flags) == re.compile(source, flags)  # equal flags and code
    assert cache.save_regex_store()
    cache.enable_regex_store(store)  # as a new process would
    assert len(cache.REGEX_STORE.loaded) == len(SAMPLES)
    for source, flags in SAMPLES:
        pattern = cache.stored_regex(source, flags)
        assert pattern == re.compile(source, flags) and pattern.groupindex == re.compile(source, flags).groupindex
    assert cache.stored_regex(*SAMPLES[0]).search("xAB").group("b0") == "AB"


def test_the_shipped_empathy_data_compiles_the_same_from_the_store(store):
    def regexes():
        data = language_data("en")
        return {key: value for key, value in data["acknowledgement"].items() if value is not None}

    cache.disable_regex_store()
    language_data.cache_clear()
    try:
        fresh = regexes()
        cache.enable_regex_store(store)
        language_data.cache_clear()
        assert regexes() == fresh
        assert cache.save_regex_store()
        cache.enable_regex_store(store)  # as a new process would
        language_data.cache_clear()
        served = regexes()
        assert served == fresh
        assert all((p.pattern, p.flags & ~re.UNICODE) in cache.REGEX_STORE.loaded for p in served.values())
    finally:
        language_data.cache_clear()


@pytest.mark.parametrize("content", [b"", b"not marshal at all", marshal.dumps(("another python", {})),
                                     marshal.dumps([1, 2, 3])])
def test_an_unusable_file_is_ignored(store, content):
    store.write_bytes(content)
    cache.enable_regex_store(store)
    assert cache.REGEX_STORE.loaded == {}
    assert cache.stored_regex(*SAMPLES[1]) == re.compile(*SAMPLES[1])


def test_an_entry_the_engine_refuses_is_compiled_anew(store):
    source, flags = SAMPLES[0]
    cache.stored_regex(source, flags)
    cache.save_regex_store()
    tag, entries = marshal.loads(store.read_bytes())
    form = entries[(source, flags)]
    entries[(source, flags)] = (form[0], b"\xff" * len(form[1]), *form[2:])  # garbage code words
    store.write_bytes(marshal.dumps((tag, entries)))
    cache.enable_regex_store(store)
    assert cache.stored_regex(source, flags) == re.compile(source, flags)


def test_a_malformed_regex_still_raises(store):
    with pytest.raises(re.error):
        cache.stored_regex("(unclosed")


def test_nothing_new_nothing_written(store):
    assert cache.save_regex_store() is False and not store.exists()


def test_a_regex_compiled_after_the_warm_up_save_is_saved_later_beside_the_kept_ones(store):
    cache.stored_regex(*SAMPLES[0])
    assert cache.save_regex_store()  # the warm-up's save
    cache.enable_regex_store(store)  # the next start: it uses none of the kept entries yet
    cache.stored_regex(*SAMPLES[1])  # a rule's own regex, first needed by a check
    cache.save_regex_store_later(delay=0.01)
    deadline = time.monotonic() + 5
    while len(marshal.loads(store.read_bytes())[1]) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    cache.enable_regex_store(store)  # as a new process would
    assert set(cache.REGEX_STORE.loaded) == {SAMPLES[0], SAMPLES[1]}


def test_nothing_new_schedules_no_save(store):
    cache.save_regex_store_later(delay=0.01)
    assert cache._later_timer is None and not store.exists()
