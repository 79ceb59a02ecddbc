"""The embedded email backend: print each message and keep it as an .eml file."""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.console import EmailBackend as ConsoleBackend
from django.utils import timezone


class ConsoleAndFileBackend(ConsoleBackend):
    """Write every message to the console and to EMAIL_FILE_PATH/<time>-<id>.eml.

    One file per message, so a developer can open a confirmation email in a mail
    client or read the link out of it with a text editor.
    """

    def send_messages(self, email_messages):
        sent = super().send_messages(email_messages)
        folder = Path(settings.EMAIL_FILE_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            name = f"{timezone.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:8]}.eml"
            (folder / name).write_bytes(message.message().as_bytes(linesep="\r\n"))
        return sent
