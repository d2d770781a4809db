"""Demo data for open data: Northshire publishes the record of its digital cardiac
rehabilitation, whose evidence shows less than it claims (nothing is recorded yet about
what changed), so the public page is an honest one. Every name here is made up.

`build()` is called once, through `OpendataConfig.build_demo`, after the record's part."""

from __future__ import annotations

from equalvoice.core.demo import COUNCIL, Demo
from equalvoice.record.models import Initiative

from . import actions

PUBLISHED = "Digital cardiac rehabilitation"


def build(demo: Demo) -> None:
    initiative = Initiative.objects.get(organisation=demo.council, title=PUBLISHED)
    actions.publish(actor=demo.admins[COUNCIL[1]], initiative=initiative)
