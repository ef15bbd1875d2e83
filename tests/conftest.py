"""Guards of the test run: Odoo tests must run in Odoo, never be skipped.

pytest-odoo skips HttpCase tests without --odoo-http and Odoo skips tours
when Chromium is missing; either would turn a broken setup into a green run,
so both are made errors here.
"""

import shutil

import pytest

_skipped = []


def pytest_configure(config):
    if not config.getoption("--odoo-database", default=None):
        raise pytest.UsageError(
            "These tests run inside Odoo: start them with the README's test "
            "command (make test), which passes --odoo-config/--odoo-database."
        )
    if not config.getoption("--odoo-http", default=False):
        raise pytest.UsageError("--odoo-http is required: the browser tours must run.")
    if not any(
        shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome")
    ):
        raise pytest.UsageError("Chromium is missing: the browser tours cannot run.")


def pytest_runtest_logreport(report):
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    if _skipped:
        session.config.get_terminal_writer().line(
            "Skipped tests are not allowed here: " + ", ".join(_skipped), red=True
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
