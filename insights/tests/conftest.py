import pytest

from accounts.tests.factories import curator_user


def with_mfa_session(client, user):
    """Sign in as allauth does after the authenticator code (an "mfa" record in the session)."""
    client.force_login(user)
    session = client.session
    session["account_authentication_methods"] = [{"method": "mfa", "at": 0, "type": "totp"}]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return client


@pytest.fixture
def curator(db):
    return curator_user(email="cora@lcr.example")


@pytest.fixture
def curator_client(client, curator):
    return with_mfa_session(client, curator)
