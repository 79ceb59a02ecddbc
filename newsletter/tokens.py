"""Signed tokens for the links in newsletter emails.

A token names one subscriber and one purpose (confirm, preferences, unsubscribe) and is
signed with SECRET_KEY, so it cannot be forged or reused for another purpose. Confirm
tokens expire with the confirmation window; preference and unsubscribe tokens do not,
because they sit in emails people keep.
"""

from datetime import timedelta

from django.core import signing

from newsletter.models import CONFIRMATION_DAYS

CONFIRM = "confirm"
PREFERENCES = "preferences"
UNSUBSCRIBE = "unsubscribe"


def _signer(purpose):
    # The app's old module path: kept so that links already sent keep working.
    salt = f"portal.newsletter.{purpose}"
    if purpose == CONFIRM:
        return signing.TimestampSigner(salt=salt)
    return signing.Signer(salt=salt)


def make_token(subscriber_id, purpose):
    return _signer(purpose).sign(str(subscriber_id))


def read_token(token, purpose):
    """The subscriber id a token names, or None if it is tampered with or expired."""
    signer = _signer(purpose)
    try:
        if purpose == CONFIRM:
            value = signer.unsign(token, max_age=timedelta(days=CONFIRMATION_DAYS))
        else:
            value = signer.unsign(token)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    return int(value) if value.isdigit() else None


def token_is_expired(token):
    """True for a genuine confirm token that is too old (to say so, not "invalid")."""
    try:
        _signer(CONFIRM).unsign(token, max_age=timedelta(days=CONFIRMATION_DAYS))
    except signing.SignatureExpired:
        return True
    except signing.BadSignature:
        return False
    return False
