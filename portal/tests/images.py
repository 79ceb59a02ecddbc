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


def animated_gif(frames=150, side=4000):
    """A small GIF describing a lot of work: ``frames`` frames of ``side`` by ``side``
    pixels, each one colour (about 13 kB a frame). Built by repeating one encoded frame,
    as a prober would, so the test does not spend the time it means to save."""
    one = io.BytesIO()
    image = Image.new("P", (side, side), 0)
    image.putpalette([0, 0, 0, 255, 255, 255])
    image.save(one, format="GIF")
    data = one.getvalue()
    block_at = data.index(b",", 13)  # the image descriptor, after the colour table
    screen, frame = data[6:block_at], data[block_at:-1]
    loop = b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00"
    delay = b"\x21\xf9\x04\x04\x0a\x00\x00\x00"  # a tenth of a second a frame
    return b"GIF89a" + screen + loop + (delay + frame) * frames + b";"
