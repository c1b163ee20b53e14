"""Every example of every rule entry is a test: bad must flag THAT entry, good/ok must not.

A `bad` example written as `{text, fixed}` must also give exactly `fixed` when the entry's first replacement
is applied. Each file runs on its own engine, so one broken file cannot hide another's results.
"""

from __future__ import annotations

import pytest

from klarsvar.analysis import rules


def _params() -> list:
    """One pytest param per example; a file that does not load becomes one failing param."""
    params = []
    for language in rules.LANGUAGES:
        for path in rules.rule_files(language):
            try:
                cases = rules.file_example_cases(path)
            except rules.RuleError as error:
                params.append(pytest.param(error, id=f"{language}.{path.stem}-LOAD"))
                continue
            params.extend(pytest.param(case, id=case.test_id) for case in cases)
    if not params:
        params.append(pytest.param(None, id="no-rule-files-yet",
                                   marks=pytest.mark.skip(reason="no rule files under server/klarsvar/rules yet")))
    return params


@pytest.mark.parametrize("case", _params())
def test_rule_example(case) -> None:
    """The example behaves as its kind (bad/good/ok) says."""
    if isinstance(case, rules.RuleError):
        pytest.fail(f"rule file does not load: {case}")
    problems = rules.verify_example(case)
    assert not problems, "\n".join(problems)
