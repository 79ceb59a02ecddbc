import pytest


@pytest.fixture
def sink(smtp_server):
    """The newsletter tests' name for the shared SMTP sink (conftest.py, portal/tests/smtp.py)."""
    return smtp_server
