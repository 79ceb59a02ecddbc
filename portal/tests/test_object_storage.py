"""Uploads in S3-compatible object storage (MEDIA_STORAGE=s3), against a real server.

moto's server runs as its own process on loopback (the ``s3_server`` session fixture);
django-storages and boto3 talk HTTP to it as they would to S3 or MinIO. What a visitor's
browser does is done too: the image's address on the page is fetched over HTTP.
"""

import io
import re
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.models import Organisation
from accounts.tests.factories import VerifiedUserFactory
from assets.tests.factories import AssetFactory
from conftest import S3_BUCKET
from portal.tests.images import jpeg_with_metadata_and_payload, png_bytes
from portal.tests.objectstore import s3_client
from portal.tests.test_settings import manage

pytestmark = pytest.mark.django_db


def fetch(url):
    """What a browser gets for ``url``: (content type, bytes)."""
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback)
        return response.headers["Content-Type"], response.read()


def test_a_logo_uploaded_is_stored_in_the_bucket_and_shown_from_it(client, s3_storage):
    client.force_login(VerifiedUserFactory())

    response = client.post(
        "/organisations/new/",
        {
            "name": "Mersey Materials",
            "kind": "sme",
            "visibility": "public",
            "logo": SimpleUploadedFile("My Photo.jpeg", jpeg_with_metadata_and_payload()),
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    logo = Organisation.objects.get(name="Mersey Materials").logo
    assert re.fullmatch(r"logos/[0-9a-f]{32}\.jpg", logo.name)
    stored = s3_client(s3_storage).get_object(Bucket=S3_BUCKET, Key=logo.name)
    content = stored["Body"].read()
    assert stored["ContentType"] == "image/jpeg"
    assert b"<?php" not in content and b"Ada Lovelace" not in content  # re-encoded first

    page = client.get(f"/organisations/{Organisation.objects.get().slug}/").content.decode()
    src = re.search(r'<img class="org-logo" src="([^"]+)"', page).group(1).replace("&amp;", "&")
    assert src == f"{s3_storage}/{S3_BUCKET}/{logo.name}"
    content_type, served = fetch(src)
    assert content_type == "image/jpeg" and served == content
    with Image.open(io.BytesIO(served)) as image:
        assert image.size == (64, 48)


def test_two_uploads_under_the_same_name_never_overwrite_each_other(s3_storage):
    first = default_storage.save("assets/image.png", ContentFile(png_bytes((10, 10))))
    second = default_storage.save("assets/image.png", ContentFile(png_bytes((20, 20))))

    assert first == "assets/image.png" and second != first
    with default_storage.open(first) as stored, Image.open(stored) as image:
        assert image.size == (10, 10)


def test_the_asset_exports_give_the_photo_address_in_the_bucket(client, s3_storage):
    asset = AssetFactory(name="Materials Innovation Factory")
    asset.image.save("image.png", ContentFile(png_bytes()), save=True)

    exported = client.get("/assets/export.json").json()["assets"]
    page = client.get(asset.get_absolute_url()).content.decode()

    expected = f"{s3_storage}/{S3_BUCKET}/{asset.image.name}"
    assert [row["Photo"] for row in exported] == [expected]
    assert f'"image": "{expected}"' in page  # its JSON-LD
    assert fetch(expected)[1] == png_bytes()


def test_the_local_folder_stays_the_default(client):
    asset = AssetFactory(name="Hartree Centre")
    asset.image.save("image.png", ContentFile(png_bytes()), save=True)

    exported = client.get("/assets/export.json").json()["assets"]

    assert exported[0]["Photo"] == f"http://testserver/media/{asset.image.name}"
    assert (Path(settings.MEDIA_ROOT) / asset.image.name).read_bytes() == png_bytes()


def test_s3_storage_needs_a_bucket_name():
    result = manage("check", DEBUG="1", MEDIA_STORAGE="s3", AWS_STORAGE_BUCKET_NAME="")

    assert result.returncode != 0
    assert "AWS_STORAGE_BUCKET_NAME" in result.stderr


def test_an_unknown_media_storage_is_refused():
    result = manage("check", DEBUG="1", MEDIA_STORAGE="ftp")

    assert result.returncode != 0
    assert "MEDIA_STORAGE must be 'local' or 's3'" in result.stderr


def test_images_from_a_plain_http_endpoint_are_allowed_by_the_csp():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; "
        "print(settings.STORAGES['default']['BACKEND']); "
        "print(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])",
        DEBUG="1",
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="portal-media",
        AWS_S3_ENDPOINT_URL="http://127.0.0.1:9000",
    )

    assert result.returncode == 0, result.stderr
    assert "storages.backends.s3.S3Storage" in result.stdout
    assert "http://127.0.0.1:9000" in result.stdout


def test_readyz_checks_the_bucket_and_names_it_when_it_is_missing(client, s3_storage, settings):
    from django.core.files.storage import storages

    assert client.get("/readyz").json()["checks"]["media"] == "ok"

    default = settings.STORAGES["default"]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**default, "OPTIONS": {**default["OPTIONS"], "bucket_name": "no-such-bucket"}},
    }
    assert storages["default"].bucket_name == "no-such-bucket"
    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["media"] == "ClientError"
    assert response.json()["checks"]["database"] == "ok"


def test_readyz_does_not_check_a_bucket_with_local_uploads(client):
    assert "media" not in client.get("/readyz").json()["checks"]
