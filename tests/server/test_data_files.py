"""Every shipped YAML file (rules, empathy and situation data, prompts) names each key once in a mapping.

YAML lets a key repeat and keeps the last value without a word, so a second `unless:` added to an entry silently
dropped the first (found in the situation data). A repeated key is always a mistake in these files."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

PACKAGE = Path(__file__).resolve().parents[2] / "server" / "klarsvar"
FILES = sorted(p for p in PACKAGE.rglob("*.yml")) + sorted(p for p in PACKAGE.rglob("*.yaml"))


class _StrictLoader(yaml.SafeLoader):
    """A safe loader that refuses a key repeated in one mapping."""


def _mapping_without_repeats(loader, node, deep=False):
    keys = [loader.construct_object(key, deep=deep) for key, _value in node.value]
    repeated = sorted(str(k) for k, n in Counter(keys).items() if n > 1)
    if repeated:
        raise yaml.constructor.ConstructorError(None, None, f"key(s) {', '.join(repeated)} repeated",
                                                node.start_mark)
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_repeats)


def test_there_are_data_files():
    assert len(FILES) > 20


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_key_is_repeated_in_a_mapping(path):
    yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)


def test_a_repeated_key_is_caught():
    with pytest.raises(yaml.constructor.ConstructorError, match="unless"):
        yaml.load("name: a\nunless: x\nunless: y\n", Loader=_StrictLoader)
