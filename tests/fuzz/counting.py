"""How many inputs the fuzz tests tried and how many server errors they met, summed across xdist workers.

Each fuzz test counts its examples in a `FuzzCounter` (the `fuzz` fixture) and records the totals as
user properties of its teardown report; reports travel from xdist workers to the controller, where
`summary_line` adds them up for `pytest_terminal_summary` (tests/conftest.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, settings

INPUTS = "fuzz_inputs"
SERVER_ERRORS = "fuzz_server_errors"

# Every fuzz test's inputs, this process (a module-level record for whoever runs them without xdist).
TRIED: dict[str, int] = {}


@dataclass
class FuzzCounter:
    name: str
    inputs: int = 0
    server_errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    state: dict = field(default_factory=dict)  # what a test keeps between its examples

    def check(self, response, *, allowed: tuple[int, ...] | None = None):
        """Count one input and its answer: never a 5xx, and one of `allowed` when given."""
        self.inputs += 1
        TRIED[self.name] = self.inputs
        status = response.status_code
        self.statuses[status] = self.statuses.get(status, 0) + 1
        if status >= 500:
            self.server_errors += 1
        assert status < 500, f"server error {status}"
        if allowed is not None:
            assert status in allowed, f"unexpected status {status} (expected one of {allowed})"
        return response


def fuzz_test(examples: int):
    """A reproducible fuzz test of `examples` generated inputs (a fixed seed per test: derandomize)."""

    def decorate(test):
        test = settings(
            max_examples=examples,
            derandomize=True,
            database=None,
            deadline=None,
            print_blob=True,
            suppress_health_check=[
                HealthCheck.function_scoped_fixture,
                HealthCheck.too_slow,
                HealthCheck.data_too_large,
                HealthCheck.large_base_example,
                HealthCheck.filter_too_much,
            ],
        )(test)
        return pytest.mark.fuzz(examples=examples)(test)

    return decorate


def summary_line(reports) -> str | None:
    inputs = errors = tests = 0
    for report in reports:
        if getattr(report, "when", None) != "teardown":
            continue
        properties = dict(getattr(report, "user_properties", ()))
        if INPUTS in properties:
            tests += 1
            inputs += properties[INPUTS]
            errors += properties.get(SERVER_ERRORS, 0)
    if not tests:
        return None
    return f"fuzz: {inputs} inputs tried in {tests} tests, {errors} server errors"
