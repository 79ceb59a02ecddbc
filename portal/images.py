"""Uploaded images (organisation logos, asset photos): checked, then re-encoded.

An upload is refused unless Pillow reads it as PNG, JPEG, WebP or GIF within the size
caps (SVG is refused by name and content: it can carry scripts). What is stored is not
the uploaded file but a fresh encoding of its pixels, so camera metadata (EXIF, GPS,
comments, text chunks) and anything appended after the image data are dropped. The
stored name is ``<noun><suffix>`` of the format Pillow found; the uploader's file name
never reaches the disk or a URL.
"""

import io
from urllib.parse import urljoin

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat, pluralize
from PIL import Image, ImageOps

IMAGE_MAX_BYTES = 2 * 1024 * 1024
IMAGE_MAX_SIDE = 4000
# The work re-encoding may take, checked from the file's headers before any pixel is
# decoded: a small file can describe a huge canvas, or hundreds of frames of one (a
# 2 MB GIF of 150 frames of 4000 by 4000 pixels took 31 s and 1.6 GB to re-encode).
IMAGE_MAX_FRAMES = 100
IMAGE_MAX_PIXELS = 25_000_000  # all frames together: one 4000 x 4000 picture fits
# Pillow's own guard (a DecompressionBombError at twice this) for anything opened here.
Image.MAX_IMAGE_PIXELS = IMAGE_MAX_PIXELS
# Pillow's name for each format we accept, its suffix and content type.
IMAGE_FORMATS = {
    "PNG": (".png", "image/png"),
    "JPEG": (".jpg", "image/jpeg"),
    "WEBP": (".webp", "image/webp"),
    "GIF": (".gif", "image/gif"),
}
IMAGE_HINT = "PNG, JPEG, WebP or GIF, at most 2 MB. SVG files are not accepted."
UPLOAD_ONE = "Upload a PNG, JPEG, WebP or GIF image."
# What a re-encoded image keeps from the original's info: how to draw it, nothing about
# who made it or where.
KEEP_INFO = {"transparency", "icc_profile", "duration", "loop", "background", "disposal"}


def reencode_image(file, image_format):
    """The pixels of ``file`` encoded afresh in ``image_format``, as bytes."""
    file.seek(0)
    with Image.open(file) as original:
        original.load()
        params = {"format": image_format, "exif": b"", "comment": b""}
        if getattr(original, "is_animated", False):
            # Every frame, drawn as uploaded (orientation tags are rare in animations).
            image = original
            params["save_all"] = True
        else:
            # Apply the camera's orientation to the pixels, since the tag itself is dropped.
            image = ImageOps.exif_transpose(original)
        image.info = {key: value for key, value in image.info.items() if key in KEEP_INFO}
        if image_format == "JPEG":
            if image.mode not in ("RGB", "L", "CMYK"):
                image = image.convert("RGB")
            params["quality"] = 90
        elif image_format == "WEBP":
            params["quality"] = 90
        output = io.BytesIO()
        image.save(output, **params)
    return output.getvalue()


class UploadedImageField(forms.ImageField):
    """An image Pillow can read, in a format we accept, under the size caps; cleaned to
    a re-encoded copy named ``<noun><suffix>``. ``noun`` ("logo", "image") names the
    thing in messages."""

    default_error_messages = {
        "invalid_image": "The file is not an image we can read. " + UPLOAD_ONE,
    }

    def __init__(self, *args, noun="image", **kwargs):
        self.noun = noun
        kwargs.setdefault("help_text", IMAGE_HINT)
        super().__init__(*args, **kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs["accept"] = ",".join(content_type for _, content_type in IMAGE_FORMATS.values())
        return attrs

    def to_python(self, data):
        if data in self.empty_values:
            return None
        name = (getattr(data, "name", "") or "").lower()
        head = data.read(512) if hasattr(data, "read") else b""
        if hasattr(data, "seek"):
            data.seek(0)
        if name.endswith((".svg", ".svgz")) or b"<svg" in head.lower():
            raise ValidationError("SVG images are not accepted. " + UPLOAD_ONE, code="svg")
        if data.size > IMAGE_MAX_BYTES:
            raise ValidationError(
                f"The {self.noun} must be 2 MB or smaller; "
                f"this file is {filesizeformat(data.size)}.",
                code="too_large",
            )
        self.check_budget(data)
        file = super().to_python(data)
        image_format = getattr(file.image, "format", None)
        if image_format not in IMAGE_FORMATS:
            raise ValidationError(
                f"{image_format or 'These'} images are not accepted. " + UPLOAD_ONE, code="format"
            )
        width, height = file.image.size
        if max(width, height) > IMAGE_MAX_SIDE:
            raise ValidationError(
                f"The {self.noun} must be at most {IMAGE_MAX_SIDE} pixels on each side; "
                f"this one is {width} by {height}.",
                code="too_big",
            )
        try:
            content = reencode_image(file, image_format)
        except (OSError, ValueError, SyntaxError) as error:  # a file that verifies, then fails
            raise ValidationError(
                self.error_messages["invalid_image"], code="invalid_image"
            ) from error
        suffix, content_type = IMAGE_FORMATS[image_format]
        return SimpleUploadedFile(self.noun + suffix, content, content_type)

    def check_budget(self, data):
        """Refuse, from the headers alone, an image that would take too long to re-encode.

        ``Image.open`` reads only the header; counting a GIF's or WebP's frames skips
        over their data without decoding it.
        """
        try:
            with Image.open(data) as image:
                width, height = image.size
                frames = getattr(image, "n_frames", 1)
        except Image.DecompressionBombError:
            width = height = frames = None
        except Exception:  # noqa: BLE001 - not an image: Django's own check explains
            return
        finally:
            data.seek(0)
        if (
            frames is None
            or frames > IMAGE_MAX_FRAMES
            or width * height * frames > IMAGE_MAX_PIXELS
        ):
            described = (
                f"this one has {frames} frame{pluralize(frames)} of {width} by {height} pixels"
                if frames
                else "this one is far larger"
            )
            raise ValidationError(
                f"The {self.noun} is too large to process: at most {IMAGE_MAX_FRAMES} frames "
                f"and {IMAGE_MAX_PIXELS // 1_000_000} million pixels in all; {described}.",
                code="too_much_work",
            )


def image_absolute_url(image, base_url):
    """The address of a stored image for feeds and exports: under ``base_url`` for the
    local folder (``/media/...``), as it is for object storage (already absolute)."""
    return urljoin(base_url + "/", image.url)
