"""gunicorn's settings for the web process (gunicorn reads ./gunicorn.conf.py itself).

The Procfile's ``web`` line runs ``gunicorn portal.wsgi:application``; everything else is
here, from the environment.
"""

import os

import gunicorn.http.wsgi

# All interfaces by default: the proxy reaches the web process from outside its container.
bind = f"{os.environ.get('BIND_HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"  # noqa: S104
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
accesslog = "-"

# Do not name the server software in responses. gunicorn has no setting for its Server
# header, so the name it sends is replaced here (tested in portal/tests/test_security.py).
gunicorn.http.wsgi.SERVER = ""
