"""The server's warm-up gives way between steps to a check waiting for another language (issue 17)."""

import threading
import time

from klarsvar.analysis import pipeline
from klarsvar.analysis.pipeline import CheckRequest


def test_the_warm_up_gives_way_between_steps_to_a_waiting_language(monkeypatch):
    done = []
    first_step_running = threading.Event()
    release = threading.Event()

    def steps(language):
        def first():
            done.append((language, 1))
            if language == "da":
                first_step_running.set()
                release.wait(5)
        return [first, lambda: done.append((language, 2))]

    monkeypatch.setattr(pipeline, "_warm_steps", steps)
    warming = threading.Thread(target=pipeline.warm)
    warming.start()
    assert first_step_running.wait(5)
    waiter = threading.Thread(target=pipeline._wait_until_warm, args=(CheckRequest(text="Hi.", language="en"),))
    waiter.start()
    time.sleep(0.1)
    release.set()
    waiter.join(5)
    warming.join(5)
    # Danish's second step waits until English is warm: the check waited for one step, not a whole language.
    assert done == [("da", 1), ("en", 1), ("en", 2), ("da", 2)]
    assert pipeline.is_warm()
