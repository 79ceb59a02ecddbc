"""A real S3-compatible server for tests: moto in server mode, started as its own process.

Nothing here mocks boto3: django-storages talks HTTP to the server on loopback, as it
talks to S3, MinIO or any other S3-compatible store in production.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

# moto accepts any credentials; these only have to look like keys.
ACCESS_KEY = "test-access-key"
SECRET_KEY = "test-secret-key"
REGION = "eu-west-2"


def moto_server_command():
    """moto's ``moto_server`` script beside this Python, or on PATH; None if missing."""
    beside = Path(sys.executable).parent / "moto_server"
    return str(beside) if beside.exists() else shutil.which("moto_server")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers(url):
    try:
        with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (our own loopback URL)
            return True
    except urllib.error.HTTPError:
        return True  # it answers, whatever it says
    except OSError:
        return False


@contextlib.contextmanager
def running_moto_server(need, port=None, log=None):
    """Start moto's server on 127.0.0.1, wait until it answers and yield its URL; stop its
    whole process group afterwards. ``need`` skips or fails (REQUIRE_SERVICES=1) when
    moto is not installed."""
    command = moto_server_command()
    need(command is not None, "moto's server is not installed (pip install 'moto[server]')")
    port = port or free_port()
    endpoint = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [command, "-H", "127.0.0.1", "-p", str(port)],
        stdout=log or subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
        env={**os.environ, "MOTO_ALLOW_NONEXISTENT_REGION": "true"},
    )
    try:
        deadline = time.monotonic() + 30
        while not answers(endpoint + "/moto-api/"):
            need(process.poll() is None, f"moto's server exited with {process.returncode}")
            need(time.monotonic() < deadline, "moto's server did not answer within 30 s")
            time.sleep(0.1)
        yield endpoint
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def s3_client(endpoint):
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )


def bucket_create(endpoint, bucket):
    """Create ``bucket`` unless it exists."""
    client = s3_client(endpoint)
    with contextlib.suppress(client.exceptions.BucketAlreadyOwnedByYou):
        client.create_bucket(
            Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION}
        )


def s3_media_storage(endpoint, bucket):
    """The STORAGES["default"] entry settings.py builds for MEDIA_STORAGE=s3."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            "region_name": REGION,
            "access_key": ACCESS_KEY,
            "secret_key": SECRET_KEY,
            "default_acl": "public-read",
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
