"""Expense claims: receipts checked before anything is stored (type, size, content, a
photo's location taken out), approval or a reason, and who may open a receipt."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from equalvoice.recognition import actions
from equalvoice.recognition.models import Claim
from equalvoice.recognition.receipts import RECEIPT_MAX

from ..conftest import World
from ..page_text import page_text
from .world import thanks_of

pytestmark = pytest.mark.django_db


def _url(w: World, name: str, **kwargs: object) -> str:
    return reverse(name, kwargs={"org": w.org.slug, **kwargs})


def _photo_with_location() -> bytes:
    """A JPEG whose EXIF says where it was taken (GPS latitude 51° N)."""
    image = Image.new("RGB", (40, 20), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}
    exif[0x8825] = gps
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def _claim(w: World, upload: SimpleUploadedFile | None, **more: str):
    data = {
        "kind": "travel",
        "what": "Train to the meeting",
        "day-day": "2",
        "day-month": "3",
        "day-year": "2026",
        "amount": "12.40",
        **more,
    }
    if upload is not None:
        data["receipt"] = upload  # type: ignore[assignment]
    return w.client("member").post(_url(w, "recognition-claim"), data)


def test_a_photo_receipt_is_kept_without_where_it_was_taken(world: World):
    thanks_of(world)
    photo = _photo_with_location()
    with Image.open(io.BytesIO(photo)) as sent:
        assert sent.getexif().get(0x8825)  # the test photo does carry a location
    response = _claim(world, SimpleUploadedFile("IMG_2041.jpg", photo, "image/jpeg"))
    assert response.status_code == 302
    claim = Claim.objects.get(what="Train to the meeting")
    assert claim.pence == 1240 and claim.state == Claim.State.WAITING
    with claim.receipt.open("rb") as stored, Image.open(stored) as kept:
        assert kept.format == "JPEG" and kept.size == (40, 20)
        assert not kept.getexif()  # no location, no maker: nothing but the picture
        assert "exif" not in kept.info


@pytest.mark.parametrize(
    "upload,message",
    [
        (
            SimpleUploadedFile("ticket.docx", b"PK\x03\x04", "application/msword"),
            "Choose a photo (.jpg, .png or .webp) or a .pdf file",
        ),
        (
            SimpleUploadedFile("ticket.pdf", b"not a pdf at all", "application/pdf"),
            "This file is not a PDF, though its name says it is.",
        ),
        (
            SimpleUploadedFile("ticket.jpg", b"%PDF-1.4 pretending", "image/jpeg"),
            "This file is not a photo",
        ),
        (
            SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * RECEIPT_MAX, "application/pdf"),
            "This file is too big. The most is 5 MB.",
        ),
    ],
)
def test_bad_receipts_get_plain_messages_and_nothing_is_stored(world: World, upload, message):
    thanks_of(world)
    before = Claim.objects.count()
    response = _claim(world, upload)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert "Train to the meeting" in body  # what they typed is still there
    assert Claim.objects.count() == before


def test_a_png_named_jpg_is_refused(world: World):
    thanks_of(world)
    out = io.BytesIO()
    Image.new("RGB", (5, 5)).save(out, format="PNG")
    response = _claim(world, SimpleUploadedFile("receipt.jpg", out.getvalue(), "image/jpeg"))
    assert response.status_code == 400
    assert "This file is not a photo of that kind" in response.content.decode()


def test_only_expenses_the_organisation_pays_can_be_claimed(world: World):
    thanks_of(world)  # the policy pays travel only
    response = _claim(world, None, kind="childcare")
    assert response.status_code == 400
    assert "Choose what you spent money on from the list" in page_text(response)


def test_finance_approves_a_claim_and_it_is_paid_with_the_time(world: World):
    t = thanks_of(world)
    page = page_text(world.client("facilitator").get(_url(world, "recognition-finance")))
    assert "Bus to the town hall and back" in page and "£4.80" in page
    response = world.client("facilitator").post(
        _url(world, "recognition-claim-decide", pk=t.claim.pk), {"decision": "approve"}
    )
    assert response.status_code == 302
    actions.time_decide(actor=world.facilitator, entry=t.reading, approve=True)
    rows = list(
        csv.reader(
            io.StringIO(
                world.client("facilitator").get(_url(world, "recognition-export")).content.decode()
            )
        )
    )
    # £11.25 for the reading and £4.80 for the bus: £16.05, two items.
    assert rows[1][5:] == ["1125", "480", "1605", "£16.05", "2"]
    mine = page_text(world.client("member").get(_url(world, "recognition")))
    assert "Bus to the town hall and back" in mine and "Approved" in mine


def test_a_claim_sent_back_shows_the_reason(world: World):
    t = thanks_of(world)
    actions.claim_decide(
        actor=world.facilitator, claim=t.claim, approve=False, reason="Please add the ticket."
    )
    mine = page_text(world.client("member").get(_url(world, "recognition")))
    assert "Sent back" in mine and "Why: Please add the ticket." in mine


def test_nobody_decides_their_own_claim(world: World):
    t = thanks_of(world)
    claim = actions.claim_add(
        actor=world.facilitator,
        organisation=world.org,
        kind="travel",
        day=timezone.localdate(),
        pence=300,
        what="Parking",
        receipt=None,
    )
    response = world.client("facilitator").post(
        _url(world, "recognition-claim-decide", pk=claim.pk), {"decision": "approve"}
    )
    assert response.status_code == 403
    assert t.claim.state == Claim.State.WAITING


def test_the_receipt_opens_for_the_person_and_finance_only(world: World):
    t = thanks_of(world)
    url = _url(world, "recognition-receipt", pk=t.claim.pk)
    for role, status in [
        ("no_email_member", 403),  # another member of the same group
        ("member", 200),
        ("facilitator", 200),
        ("admin", 403),
        ("other_admin", 404),
        ("anonymous", 302),
    ]:
        response = world.client(role).get(url)
        assert response.status_code == status, role
        if status == 200:
            assert b"".join(response.streaming_content).startswith(b"%PDF-")  # type: ignore[attr-defined]
