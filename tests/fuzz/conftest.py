"""Fixtures of the fuzz suite: the input counter, signed-in clients and the objects they post to."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from .counting import INPUTS, SERVER_ERRORS, FuzzCounter


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed:
        item.fuzz_call_failed = True  # the count check in `fuzz` would only repeat the failure
    return report


@pytest.fixture
def fuzz(request, record_property):
    """Counts the test's inputs; afterwards checks it tried every example it promised and records the
    totals for the run's summary line."""
    counter = FuzzCounter(name=request.node.nodeid)
    yield counter
    record_property(INPUTS, counter.inputs)
    record_property(SERVER_ERRORS, counter.server_errors)
    marker = request.node.get_closest_marker("fuzz")
    if marker is not None and not getattr(request.node, "fuzz_call_failed", False):
        expected = marker.kwargs["examples"]
        assert counter.inputs >= expected, f"{counter.inputs} inputs tried, {expected} promised"


@pytest.fixture
def unlimited(settings):
    """Verification is rate-limited per address; the fuzz tests send far more than a person would."""
    settings.VERIFY_RATE_LIMIT = "1000000/m"
    cache.clear()
    yield
    cache.clear()


def demo_user(email: str):
    return get_user_model().objects.get(email=email)


from tests.assessments.conftest import every_kind_quiz  # noqa: E402, F401 - the quiz the fuzz tests post to
