"""Reading what the portal emails, the way a person would."""

import re
import time


def verification_code(message):
    """The code on its own indented line in the verification email."""
    return re.search(r"^ {4}(\S+)\s*$", message.body, re.MULTILINE).group(1)


def link_path(message, prefix):
    """The path of the first link in the email that starts with ``prefix``."""
    return re.search(r"https?://[^/\s]+(" + re.escape(prefix) + r"[^\s]*)", message.body).group(1)


def sign_in_code(message):
    """The code on its own line in the sign-in (or re-authentication) code email."""
    return re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", message.body, re.MULTILINE).group(1)


def totp_code(secret):
    """What an authenticator app shows for ``secret`` now. Close to the end of a 30-second
    step it waits for the next, as a person would, so the code is still current when the
    server checks it."""
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    if time.time() % 30 > 27:
        time.sleep(30 - time.time() % 30 + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))
