"""Publishing an initiative's co-production record as open data, and taking it down.
Each checks the permission, writes the audit log and runs in one transaction."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from equalvoice.core import audit
from equalvoice.core.models import User
from equalvoice.core.permissions import require as _require
from equalvoice.record.models import Initiative

from .models import Publication


def _publication(initiative: Initiative) -> Publication:
    """The initiative's publication row, locked until the transaction ends, so two
    clicks at once publish (or take down) once."""
    Publication.objects.get_or_create(initiative=initiative)
    return Publication.objects.select_for_update().get(initiative=initiative)


@transaction.atomic
def publish(*, actor: User, initiative: Initiative) -> Publication:
    """Publish the initiative's co-production record for anyone to read and download
    (what `selectors.open_record` gives): from now, without signing in."""
    _require(actor, "opendata.publish", initiative)
    publication = _publication(initiative)
    if publication.is_published:
        raise ValidationError(_("This record is already published."))
    publication.published_at = timezone.now()
    publication.published_by = actor
    publication.taken_down_at = None
    publication.save(update_fields=["published_at", "published_by", "taken_down_at"])
    audit.record(
        organisation=initiative.organisation,
        actor=actor,
        verb="opendata.publish",
        obj=initiative,
        summary=f"{actor} published the co-production record of “{initiative.title}” as open data",
    )
    return publication


@transaction.atomic
def take_down(*, actor: User, initiative: Initiative) -> Publication:
    """Take the record down at once: its public page and downloads answer "no longer
    published" (410) from now on."""
    _require(actor, "opendata.publish", initiative)
    publication = _publication(initiative)
    if not publication.is_published:
        raise ValidationError(_("This record is not published."))
    publication.published_at = None
    publication.taken_down_at = timezone.now()
    publication.save(update_fields=["published_at", "taken_down_at"])
    audit.record(
        organisation=initiative.organisation,
        actor=actor,
        verb="opendata.take_down",
        obj=initiative,
        summary=f"{actor} took down the open data of “{initiative.title}”",
    )
    return publication
