"""A real SMTP server for tests: aiosmtpd on a free local port, keeping what it accepts."""

import asyncio
import socket
import threading
from contextlib import contextmanager
from email import message_from_bytes
from email.policy import default as default_policy

from aiosmtpd.controller import Controller


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Sink:
    """A real SMTP server (aiosmtpd) that keeps every message it accepts.

    ``refuse`` holds addresses to reject with 550; ``replies_to_rcpt`` maps an address to
    replies given (one each, in order) to its next RCPT commands, e.g. a greylisting
    ``["451 4.7.1 Try again later"]``; ``replies_to_data`` lists replies given instead of
    accepting the next messages; ``on_message`` is called (in the server's thread) after
    each message is accepted; ``delay`` slows each message down.
    """

    def __init__(self):
        self.messages = []
        self.refuse = set()
        self.replies_to_rcpt = {}
        self.replies_to_data = []
        self.on_message = None
        self.delay = 0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such user"
        if self.replies_to_rcpt.get(address):
            return self.replies_to_rcpt[address].pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.replies_to_data:
            return self.replies_to_data.pop(0)
        message = message_from_bytes(envelope.original_content, policy=default_policy)
        with self.lock:
            self.messages.append(
                {
                    "rcpt": list(envelope.rcpt_tos),
                    "message": message,
                    "mail_from": envelope.mail_from,
                }
            )
        if self.on_message:
            await asyncio.get_running_loop().run_in_executor(None, self.on_message, message)
        return "250 Message accepted for delivery"

    def recipients(self):
        with self.lock:
            return [rcpt for item in self.messages for rcpt in item["rcpt"]]

    def count(self):
        with self.lock:
            return len(self.messages)


@contextmanager
def running_sink(settings):
    """Start a Sink on a free port and point Django's SMTP backend at it."""
    handler = Sink()
    handler.port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=handler.port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = handler.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 10
    try:
        yield handler
    finally:
        controller.stop()
