"""Image files for upload tests (logos, asset photos)."""

import io

from PIL import Image


def png_bytes(size=(64, 64)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_with_metadata_and_payload():
    """A photo carrying camera metadata (artist, GPS) with a script appended after it."""
    exif = Image.Exif()
    exif[0x013B] = "Ada Lovelace"  # Artist
    exif[0x8825] = {1: "N", 2: (53.0, 24.0, 0.0)}  # GPS
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "teal").save(buffer, format="JPEG", exif=exif, comment=b"secret")
    return buffer.getvalue() + b"<?php system($_GET['c']); ?>"
