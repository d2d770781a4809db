"""Receipts people upload with an expense claim: checked before anything is stored.

A receipt is a photo (.jpg, .png, .webp) or a .pdf of at most `RECEIPT_MAX` bytes whose
content is what its name says. A photo is saved again without its metadata: phones put
where the photo was taken (EXIF location) into it, and a receipt photographed at home
would give the person's address away."""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy

RECEIPT_MAX = 5 * 1024 * 1024
PICTURES = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
WRONG_TYPE = gettext_lazy("Choose a photo (.jpg, .png or .webp) or a .pdf file")
TOO_BIG = gettext_lazy("This file is too big. The most is 5 MB.")
NOT_A_PDF = gettext_lazy("This file is not a PDF, though its name says it is. Choose another file.")
NOT_THAT_PHOTO = gettext_lazy(
    "This file is not a photo of that kind, though its name says it is. Choose another file."
)
NOT_A_PHOTO = gettext_lazy(
    "This file is not a photo, though its name says it is. Choose another file."
)


def _extension(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot >= 0 else ""


def checked_receipt(upload: UploadedFile) -> ContentFile[bytes]:
    """The receipt to store: a PDF as it came, a photo saved again with no metadata.
    Anything else is a ValidationError in plain words, and nothing is stored."""
    name = upload.name or "receipt"
    extension = _extension(name)
    if extension != ".pdf" and extension not in PICTURES:
        raise ValidationError(WRONG_TYPE)
    if upload.size is not None and upload.size > RECEIPT_MAX:
        raise ValidationError(TOO_BIG)
    data = upload.read(RECEIPT_MAX + 1)
    if len(data) > RECEIPT_MAX:
        raise ValidationError(TOO_BIG)
    if extension == ".pdf":
        if not data.startswith(b"%PDF-"):
            raise ValidationError(NOT_A_PDF)
        return ContentFile(data, name="receipt.pdf")
    return ContentFile(_without_metadata(data, PICTURES[extension]), name=f"receipt{extension}")


def _without_metadata(data: bytes, kind: str) -> bytes:
    from PIL import Image, ImageOps

    try:
        with Image.open(io.BytesIO(data)) as probe:
            found = probe.format
            probe.verify()
        if found != kind:
            raise ValidationError(NOT_THAT_PHOTO)
        with Image.open(io.BytesIO(data)) as image:
            # Turn it the way the phone meant, then keep only the pixels.
            upright = ImageOps.exif_transpose(image)
            pixels = upright.convert("RGB") if kind == "JPEG" else upright
            # A new picture from the pixels alone carries no metadata at all.
            clean = Image.frombytes(pixels.mode, pixels.size, pixels.tobytes())
            out = io.BytesIO()
            clean.save(out, format=kind)
            return out.getvalue()
    except ValidationError:
        raise
    except Exception as error:  # Pillow raises many kinds for a bad file
        raise ValidationError(NOT_A_PHOTO) from error
