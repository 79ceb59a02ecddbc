#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    if "DEBUG" not in os.environ and "SECRET_KEY" not in os.environ:
        # A command run on a laptop with nothing configured is development. The web
        # server (wsgi/asgi) has no such fallback: without SECRET_KEY it refuses to start.
        os.environ["DEBUG"] = "1"
        print("manage.py: DEBUG and SECRET_KEY are unset; using DEBUG=1.", file=sys.stderr)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
