"""Static files as production collects and serves them (manifest storage, whitenoise)."""

import json
import re

import pytest
from django.conf import settings

from accounts.tests.factories import UserFactory, sign_in_with_two_factor
from portal.tests.test_settings import manage

PRODUCTION_SECRET = "a-long-random-production-secret-Q8v#2mZ!r7Lp0w9Xy4Tn6Bc1Kd5Hs3Jf"


def test_collectstatic_succeeds_with_the_production_storage(tmp_path):
    result = manage(
        "collectstatic",
        "--noinput",
        DEBUG="0",
        SECRET_KEY=PRODUCTION_SECRET,
        STATIC_ROOT=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr[-2000:]
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())
    hashed = manifest["paths"]["vendor/leaflet/leaflet.js"]
    assert re.fullmatch(r"vendor/leaflet/leaflet\.[0-9a-f]{12}\.js", hashed)
    assert (tmp_path / hashed).is_file()


def test_no_static_file_names_a_source_map_that_is_not_shipped():
    for path in settings.BASE_DIR.joinpath("static").rglob("*"):
        if path.suffix not in {".js", ".css"}:
            continue
        for name in re.findall(r"[#@] sourceMappingURL=(\S+?)(?:\s|\*/|$)", path.read_text()):
            assert (path.parent / name).is_file(), f"{path} names a missing source map {name}"


@pytest.mark.django_db
def test_pages_link_hashed_static_files_served_for_a_year(client):
    page = client.get("/")
    css = re.search(r'href="(/static/css/portal\.[0-9a-f]{12}\.css)"', page.content.decode())
    assert css, "the home page does not link the hashed stylesheet"

    response = client.get(css.group(1))
    assert response.status_code == 200
    assert "max-age=315360000" in response["Cache-Control"]
    assert "immutable" in response["Cache-Control"]


@pytest.mark.django_db
def test_admin_pages_name_the_site_icon(client):
    """Otherwise every admin page makes the browser ask for /favicon.ico, a 404."""
    sign_in_with_two_factor(client, UserFactory(is_staff=True, is_superuser=True))

    html = client.get("/admin/").content.decode()

    assert re.search(r'<link rel="icon" href="/static/img/favicon\.[0-9a-f]{12}\.svg"', html)
