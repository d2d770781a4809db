"""Demo data for the co-production record: initiatives that tell the seeds' stories,
honest and tokenistic, so the signals show. Every name here is made up.

`build()` is called once, through `RecordConfig.build_demo`, while `equalvoice.core.demo`
builds the demo (after the core's part and speakeasy's)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from equalvoice.core.demo import CHARITY, COUNCIL, Demo
from equalvoice.core.models import Organisation, Perspective

from . import actions
from .models import Stage


def build(demo: Demo) -> None:
    """An asset-based support plan, an early years award, digital cardiac rehabilitation
    and a transformation plan with a survey called co-production, challenged."""
    admins, facilitators, people = demo.admins, demo.facilitators, demo.people
    today = timezone.localdate()

    def stage(org: Organisation, name: str) -> Stage:
        return Stage.objects.get(organisation=org, name=name)

    council, charity = demo.council, demo.charity
    board = demo.group("adult-social-care-transformation-board")
    panel = demo.group("experts-by-experience-panel")
    tenants = demo.group("tenants-voice-panel", organisation=CHARITY[1])
    send = demo.group("send-parent-carer-network")

    # An asset-based support plan designed with customers and piloted: honest co-production.
    plan = actions.initiative_save(
        actor=admins[CHARITY[1]],
        organisation=charity,
        group=tenants,
        kind="pilot",
        title="Asset-based support plan",
        summary="A support plan that starts from what people are good at, designed with tenants.",
    )
    f = facilitators[CHARITY[1]]
    actions.activity_save(
        actor=f,
        initiative=plan,
        stage=stage(charity, "Understand the problem"),
        on=today - timedelta(days=200),
        status="done",
        rung_claimed=6,
        shaped_design=True,
        what="Tenants told us what they did not like about the old support plan.",
        participants=[people["Aled Crossley"], people["Bea Nakamura-Lowe"], people["Jude Farrant"]],
        effect="We dropped the risk checklist from the first page.",
    )
    actions.activity_save(
        actor=f,
        initiative=plan,
        stage=stage(charity, "Design"),
        on=today - timedelta(days=150),
        status="done",
        rung_claimed=7,
        shaped_design=True,
        decisions="together",
        what="Three workshops to write the new plan together.",
        participants=[people["Aled Crossley"], people["Cal Duggan"], people["Eben Sutcliffe"]],
        effect="The plan now starts with strengths, friends and what matters to the person.",
    )
    actions.activity_save(
        actor=f,
        initiative=plan,
        stage=stage(charity, "Review"),
        on=today + timedelta(days=40),
        status="planned",
        rung_claimed=7,
        decisions="together",
        what="Tenants and staff review the pilot together.",
    )

    # A co-produced quality award for early years SEND settings.
    award = actions.initiative_save(
        actor=admins[COUNCIL[1]],
        organisation=council,
        group=send,
        kind="policy",
        title="Early years SEND quality award",
        summary="An award for nurseries, with standards written by parents and carers.",
    )
    actions.activity_save(
        actor=facilitators[COUNCIL[1]],
        initiative=award,
        stage=stage(council, "Design"),
        on=today - timedelta(days=90),
        status="done",
        rung_claimed=7,
        shaped_design=True,
        decisions="together",
        what="Parents and nursery staff wrote the award standards.",
        participants=[people["Carys Mbeki"], people["Farah Quaye"], people["Nia Osei-Barnes"]],
        effect="Parents added a standard on how nurseries talk to families.",
    )

    # Digital cardiac rehabilitation delivered with patients and volunteers.
    cardiac = actions.initiative_save(
        actor=admins[COUNCIL[1]],
        organisation=council,
        group=panel,
        kind="project",
        title="Digital cardiac rehabilitation",
        summary="Heart rehabilitation online, run with patients and volunteers.",
    )
    actions.activity_save(
        actor=facilitators[COUNCIL[1]],
        initiative=cardiac,
        stage=stage(council, "Put it into practice"),
        on=today - timedelta(days=60),
        status="done",
        rung_claimed=6,
        what="Patients and volunteers ran the first online classes.",
        attendance={
            Perspective.objects.get(organisation=council, name="Person who uses services"): 14
        },
        effect="",
    )

    # A transformation plan with planned co-production, and tokenism signals.
    transform = actions.initiative_save(
        actor=admins[COUNCIL[1]],
        organisation=council,
        group=board,
        kind="plan",
        title="Adult social care transformation plan",
        summary="How adult social care will change over the next three years.",
    )
    actions.activity_save(
        actor=admins[COUNCIL[1]],
        initiative=transform,
        stage=stage(council, "Decide or commission"),
        on=today - timedelta(days=45),
        status="done",
        rung_claimed=7,
        what="Survey of people who use services about the draft plan.",
        attendance={
            Perspective.objects.get(organisation=council, name="Person who uses services"): 120
        },
        effect="",
    )
    actions.activity_save(
        actor=admins[COUNCIL[1]],
        initiative=transform,
        stage=stage(council, "Design"),
        on=today - timedelta(days=10),
        status="planned",
        rung_claimed=6,
        decisions="advised",
        what="We will co-design the service specification with the expert panel in March.",
    )
    first = transform.activities.first()
    assert first is not None
    actions.claim_challenge_raise(
        actor=people["Hana Sorensen"],
        activity=first,
        text="A survey is consultation, not co-production. Nobody decided anything with us.",
    )
