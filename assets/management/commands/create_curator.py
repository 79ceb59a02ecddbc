"""Create a curator: staff, in the Curators group, with a verified address."""

import getpass
import os

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from assets.services import curator_create

PASSWORD_VARIABLE = "DJANGO_CURATOR_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create a curator (staff in the Curators group) who can sign in at once; the admin "
        "asks them to add an authenticator app on their first visit. The password is read "
        f"from {PASSWORD_VARIABLE}, or asked for."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="The curator's email address (their sign-in).")
        parser.add_argument("--name", default="", help="Their full name.")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help=f"Never prompt: the password must be in {PASSWORD_VARIABLE}.",
        )

    def handle(self, *args, email, name, interactive, **options):
        try:
            validate_email(email)
        except ValidationError as exc:
            raise CommandError(f"{email!r} is not an email address.") from exc
        password = os.environ.get(PASSWORD_VARIABLE, "")
        if not password:
            if not interactive:
                raise CommandError(f"Set {PASSWORD_VARIABLE} to the curator's password.")
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The two passwords differ.")
        try:
            password_validation.validate_password(password)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        user = curator_create(email=email, password=password, name=name)
        self.stdout.write(self.style.SUCCESS(f"Curator {user.email} is ready to sign in."))
