"""The memory row reports RSS at its readings and the pace between them (a bounded cache slows, a leak holds)."""

from __future__ import annotations

from benchmarks.__main__ import memory_readings


def test_readings_and_pace_per_thousand_checks():
    text = memory_readings({"warm": 100.0, "rss_at": {2000: 110.0, 5000: 116.0, 10000: 118.4}})
    assert "after 2,000 / 5,000 / 10,000 checks: 110 / 116 / 118 MiB" in text
    assert "+5.0, +2.0, +0.5 MiB per 1,000 checks" in text

