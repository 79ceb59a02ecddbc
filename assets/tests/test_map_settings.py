"""The map's tile server and the Content-Security-Policy, in a fresh settings process."""

import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
PRINT_IMG_SRC = (
    "from django.conf import settings; "
    "print(' '.join(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']))"
)


def img_src(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", PRINT_IMG_SRC],
        cwd=BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": "portal.settings", "DEBUG": "1", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1].split()


def test_https_tiles_are_covered_by_the_default_img_src():
    sources = img_src(MAP_TILE_URL="https://tiles.example.org/{z}/{x}/{y}.png")
    assert "https:" in sources
    assert not any("tiles.example.org" in source for source in sources)


def test_a_plain_http_tile_server_is_added_to_img_src():
    sources = img_src(MAP_TILE_URL="http://tiles.internal:8080/{z}/{x}/{y}.png")
    assert "http://tiles.internal:8080" in sources
