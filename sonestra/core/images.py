"""Photo uploads: checked by content, limited in size, stripped of EXIF (GPS!), resized."""

from __future__ import annotations

import io
import warnings

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile, UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


def clean_photo(upload: UploadedFile) -> InMemoryUploadedFile:
    """Return a fresh JPEG made from the upload's pixels only, or raise ValidationError."""
    if upload.size > settings.PHOTO_MAX_BYTES:
        raise forms.ValidationError(
            _("Deze foto is te groot. Kies een foto kleiner dan %(grootte)s."),
            params={"grootte": filesizeformat(settings.PHOTO_MAX_BYTES)},
            code="too_large",
        )
    not_a_photo = forms.ValidationError(
        _("Dit bestand is geen foto. Kies een JPG-, PNG-, WebP- of GIF-bestand."), code="not_image"
    )
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as probe:
                if probe.format not in ALLOWED_FORMATS:
                    raise not_a_photo
                width, height = probe.size
                if width * height > settings.PHOTO_MAX_PIXELS:
                    raise forms.ValidationError(
                        _("Deze foto heeft te veel pixels. Kies een kleinere foto."),
                        code="too_many_pixels",
                    )
                probe.verify()
            upload.seek(0)
            with Image.open(upload) as image:
                image.load()
                # Turn the picture upright first; the EXIF that said how is dropped below.
                image = ImageOps.exif_transpose(image)
                image = image.convert("RGB")
                image.thumbnail((settings.PHOTO_SIZE, settings.PHOTO_SIZE))
                out = io.BytesIO()
                # A new image without exif/info: location and camera data are gone.
                image.save(out, format="JPEG", quality=85, optimize=True)
    except forms.ValidationError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as exc:
        raise not_a_photo from exc
    size = out.tell()
    out.seek(0)
    return InMemoryUploadedFile(out, "foto", "foto.jpg", "image/jpeg", size, None)


class PhotoField(forms.ImageField):
    """An ImageField that hands the model a cleaned, EXIF-free JPEG."""

    default_error_messages = {
        "invalid_image": _("Dit bestand is geen foto. Kies een JPG-, PNG-, WebP- of GIF-bestand."),
    }

    def to_python(self, data):
        if data in self.empty_values:
            return None
        return clean_photo(data)
