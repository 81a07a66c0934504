"""Photos of people: checked by content, stripped of EXIF, resized, and served only to members."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from sonestra.core.models import Persoon
from tests.conftest import persoon_form_data

GPS_IFD = 0x8825
ORIENTATION = 0x0112
NOT_A_PHOTO = "Dit bestand is geen foto. Kies een JPG-, PNG-, WebP- of GIF-bestand."


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def persoon(netwerk) -> Persoon:
    return netwerk.personen.get(is_hoofdpersoon=True)


def _image_bytes(size=(1600, 800), fmt="JPEG", exif=None, noise=False) -> bytes:
    if noise:
        image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    else:
        image = Image.new("RGB", size, (200, 40, 40))
        # A white block top-left, so a rotation can be seen.
        image.paste((255, 255, 255), (0, 0, size[0] // 4, size[1] // 4))
    out = io.BytesIO()
    if exif is not None:
        image.save(out, fmt, exif=exif)
    else:
        image.save(out, fmt)
    return out.getvalue()


def _exif_with_gps() -> Image.Exif:
    exif = Image.Exif()
    exif[ORIENTATION] = 6  # "rotate 90° clockwise to view"
    exif[0x010F] = "Telefoonmerk"  # Make
    exif[0x0110] = "Model X"  # Model
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (52.0, 5.0, 31.0)
    gps[3] = "E"
    gps[4] = (4.0, 53.0, 12.0)
    return exif


def _upload(name: str, content: bytes, content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def _post(client, netwerk, persoon, foto, **fields):
    data = persoon_form_data(persoon, foto=foto, **fields)
    return client.post(reverse("netwerkkompas:persoon", args=[netwerk.pk, persoon.pk]), data)


def _stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def with_photo(client, netwerk, persoon, supporter) -> Persoon:
    """The hoofdpersoon with a photo, uploaded by the supporter."""
    client.force_login(supporter)
    response = _post(client, netwerk, persoon, _upload("marieke.jpg", _image_bytes()))
    assert response.status_code == 302
    client.logout()
    persoon.refresh_from_db()
    assert persoon.foto
    return persoon


# Uploading


def test_it_strips_exif_and_resizes(client, netwerk, persoon, supporter, settings, media_root):
    source = _image_bytes(size=(1600, 800), exif=_exif_with_gps())
    with Image.open(io.BytesIO(source)) as check:
        assert check.getexif().get_ifd(GPS_IFD)  # the test image really has GPS data
    client.force_login(supporter)

    response = _post(
        client, netwerk, persoon, _upload("marieke-thuis-in-utrecht.jpg", source), notities="Hoi"
    )

    assert response.status_code == 302
    assert response.url == reverse("netwerkkompas:personen", args=[netwerk.pk])
    persoon.refresh_from_db()
    assert persoon.notities == "Hoi"
    assert persoon.versie == 2

    name = persoon.foto.name
    assert re.fullmatch(rf"fotos/{netwerk.pk}/[0-9a-f]{{32}}\.jpg", name), name
    assert "marieke" not in name
    assert "utrecht" not in name
    stored = media_root / name
    assert _stored_files(media_root) == [stored]

    raw = stored.read_bytes()
    assert b"Exif" not in raw
    assert b"Telefoonmerk" not in raw
    with Image.open(stored) as image:
        assert image.format == "JPEG"
        assert "exif" not in image.info
        exif = image.getexif()
        assert len(exif) == 0
        assert GPS_IFD not in exif
        assert not exif.get_ifd(GPS_IFD)
        assert max(image.size) <= settings.PHOTO_SIZE
        # The orientation was applied to the pixels before the EXIF was dropped.
        assert image.size == (settings.PHOTO_SIZE // 2, settings.PHOTO_SIZE)


def test_it_turns_a_png_into_a_jpeg(client, netwerk, persoon, supporter, media_root):
    image = Image.new("RGBA", (300, 200), (0, 128, 0, 128))
    png = io.BytesIO()
    image.save(png, "PNG")
    client.force_login(supporter)

    response = _post(client, netwerk, persoon, _upload("foto.png", png.getvalue(), "image/png"))

    assert response.status_code == 302
    persoon.refresh_from_db()
    assert persoon.foto.name.endswith(".jpg")
    with Image.open(media_root / persoon.foto.name) as stored:
        assert stored.format == "JPEG"
        assert stored.mode == "RGB"
        assert stored.size == (300, 200)  # small photos are not enlarged


def test_it_rejects_a_text_file_named_jpg(client, netwerk, persoon, supporter, media_root):
    client.force_login(supporter)

    response = _post(
        client,
        netwerk,
        persoon,
        _upload("vakantie.jpg", b"Dit is helemaal geen foto, maar tekst.\n" * 20),
        notities="Houdt van tuinieren",
        telefoon="06-12345678",
    )

    assert response.status_code == 200
    assert NOT_A_PHOTO in response.text
    assert "foto" in response.context["form"].errors
    # What the user typed is still there.
    assert "Houdt van tuinieren" in response.text
    assert "06-12345678" in response.text
    persoon.refresh_from_db()
    assert not persoon.foto
    assert persoon.notities == ""
    assert persoon.versie == 1
    assert _stored_files(media_root) == []


def test_it_rejects_a_format_that_is_not_allowed(client, netwerk, persoon, supporter, media_root):
    client.force_login(supporter)

    response = _post(client, netwerk, persoon, _upload("foto.jpg", _image_bytes(fmt="BMP")))

    assert response.status_code == 200
    assert NOT_A_PHOTO in response.text
    persoon.refresh_from_db()
    assert not persoon.foto
    assert _stored_files(media_root) == []


def test_it_rejects_a_truncated_jpeg(client, netwerk, persoon, supporter, media_root):
    client.force_login(supporter)
    broken = _image_bytes(noise=True, size=(200, 200))[:600]

    response = _post(client, netwerk, persoon, _upload("kapot.jpg", broken))

    assert response.status_code == 200
    assert NOT_A_PHOTO in response.text
    persoon.refresh_from_db()
    assert not persoon.foto
    assert _stored_files(media_root) == []


def test_it_rejects_a_file_that_is_too_big(
    client, netwerk, persoon, supporter, settings, media_root
):
    settings.PHOTO_MAX_BYTES = 2000
    content = _image_bytes(size=(200, 200), noise=True)
    assert len(content) > settings.PHOTO_MAX_BYTES
    client.force_login(supporter)

    response = _post(client, netwerk, persoon, _upload("groot.jpg", content), notities="Groot")

    assert response.status_code == 200
    assert "Deze foto is te groot. Kies een foto kleiner dan" in response.text
    assert "Groot" in response.text
    persoon.refresh_from_db()
    assert not persoon.foto
    assert persoon.notities == ""
    assert _stored_files(media_root) == []


def test_it_rejects_too_many_pixels(client, netwerk, persoon, supporter, settings, media_root):
    settings.PHOTO_MAX_PIXELS = 100
    client.force_login(supporter)

    response = _post(client, netwerk, persoon, _upload("pixels.jpg", _image_bytes(size=(20, 20))))

    assert response.status_code == 200
    assert "Deze foto heeft te veel pixels. Kies een kleinere foto." in response.text
    persoon.refresh_from_db()
    assert not persoon.foto
    assert _stored_files(media_root) == []


def test_it_keeps_the_photo_when_saving_without_one(client, netwerk, with_photo, supporter):
    name = with_photo.foto.name
    client.force_login(supporter)

    response = _post(client, netwerk, with_photo, "", notities="Nieuwe notitie")

    assert response.status_code == 302
    with_photo.refresh_from_db()
    assert with_photo.foto.name == name
    assert with_photo.notities == "Nieuwe notitie"


def test_a_netwerklid_cannot_upload(client, netwerk, persoon, netwerklid, media_root):
    client.force_login(netwerklid)

    response = _post(client, netwerk, persoon, _upload("foto.jpg", _image_bytes()))

    assert response.status_code == 403
    persoon.refresh_from_db()
    assert not persoon.foto
    assert _stored_files(media_root) == []


def test_a_photo_that_loses_a_version_conflict_is_not_kept(
    client, netwerk, persoon, supporter, media_root
):
    Persoon.objects.filter(pk=persoon.pk).update(versie=2, notities="Intussen gewijzigd")
    client.force_login(supporter)

    response = _post(client, netwerk, persoon, _upload("foto.jpg", _image_bytes()), versie=1)

    assert response.status_code == 200
    assert "Iemand anders heeft dit intussen ook gewijzigd" in response.text
    persoon.refresh_from_db()
    assert not persoon.foto
    assert _stored_files(media_root) == []


def test_a_replaced_photo_leaves_nothing_behind(client, netwerk, with_photo, supporter, media_root):
    old = media_root / with_photo.foto.name
    client.force_login(supporter)

    response = _post(client, netwerk, with_photo, _upload("nieuw.jpg", _image_bytes((400, 400))))

    assert response.status_code == 302
    with_photo.refresh_from_db()
    new = media_root / with_photo.foto.name
    assert new != old
    assert _stored_files(media_root) == [new]


def test_a_removed_photo_leaves_nothing_behind(client, netwerk, with_photo, supporter, media_root):
    assert _stored_files(media_root)
    client.force_login(supporter)

    response = _post(client, netwerk, with_photo, "", **{"foto-clear": "on"})

    assert response.status_code == 302
    with_photo.refresh_from_db()
    assert not with_photo.foto
    assert _stored_files(media_root) == []


# Serving


def test_it_serves_the_photo_to_a_member(client, netwerk, with_photo, netwerklid, media_root):
    client.force_login(netwerklid)

    response = client.get(reverse("core:persoon_foto", args=[netwerk.pk, with_photo.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "private" in response["Cache-Control"]
    body = b"".join(response.streaming_content)
    response.close()
    assert body[:3] == b"\xff\xd8\xff"
    assert body == (media_root / with_photo.foto.name).read_bytes()


def test_the_person_page_shows_the_photo_through_the_view(client, netwerk, with_photo, netwerklid):
    client.force_login(netwerklid)

    response = client.get(reverse("netwerkkompas:persoon", args=[netwerk.pk, with_photo.pk]))

    assert response.status_code == 200
    assert reverse("core:persoon_foto", args=[netwerk.pk, with_photo.pk]) in response.text
    assert with_photo.foto.name not in response.text


def test_an_outsider_does_not_get_the_photo(client, netwerk, with_photo, outsider):
    client.force_login(outsider)

    response = client.get(reverse("core:persoon_foto", args=[netwerk.pk, with_photo.pk]))

    assert response.status_code == 404


def test_a_coordinator_does_not_get_the_photo(client, netwerk, with_photo, coordinator):
    client.force_login(coordinator)

    response = client.get(reverse("core:persoon_foto", args=[netwerk.pk, with_photo.pk]))

    assert response.status_code == 403


def test_an_anonymous_visitor_is_sent_to_login(client, netwerk, with_photo):
    url = reverse("core:persoon_foto", args=[netwerk.pk, with_photo.pk])

    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


def test_a_photo_of_another_netwerk_is_not_found(client, netwerk, with_photo, outsider):
    """Through the outsider's own Netwerk the photo of ours cannot be reached either."""
    eigen = outsider.deelnames.get().netwerk
    client.force_login(outsider)

    response = client.get(reverse("core:persoon_foto", args=[eigen.pk, with_photo.pk]))

    assert response.status_code == 404


def test_a_person_without_photo_has_none(client, netwerk, persoon, netwerklid):
    client.force_login(netwerklid)

    response = client.get(reverse("core:persoon_foto", args=[netwerk.pk, persoon.pk]))

    assert response.status_code == 404


def test_media_url_is_not_served(client, netwerk, with_photo, netwerklid, settings, media_root):
    assert (media_root / with_photo.foto.name).exists()
    client.force_login(netwerklid)

    response = client.get(settings.MEDIA_URL + with_photo.foto.name)

    assert response.status_code == 404
    assert not response["Content-Type"].startswith("image/")
