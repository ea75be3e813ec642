"""Test results as a registry, so an app that scores tests (assessments, being built) can report them to the
apps that use them (development plans) without importing those apps: lms sits below every app.

    # a consumer, in its AppConfig.ready():
    test_results.register(on_test_result)
    # the producer, after it stored a result (inside its transaction):
    test_results.publish(TestResult(servant_id=..., competency_id=..., level=..., passed=True, taken_on=...))
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class TestResult:
    __test__ = False  # not a pytest test class

    servant_id: int
    taken_on: date
    passed: bool
    title: str = ""
    competency_id: int | None = None
    level: int | None = None  # the competency level the test shows, when it measures one
    hours: int = 0


_listeners: list[Callable[[TestResult], None]] = []


def register(listener: Callable[[TestResult], None]) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def publish(result: TestResult) -> None:
    for listener in list(_listeners):
        listener(result)
