"""The demo's documents, at Brightwater Housing and Support, as the seeds describe: a
professional boundaries policy conceived and led by tenants who use services, who
consulted staff and professionals (not the other way round), with suggestions, a round of
asking staff, and two agreed versions; and a staff training module run together with a
trainer with lived experience."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from equalvoice.decisions import actions as decisions

from . import actions
from .models import Document, Version

if TYPE_CHECKING:
    from equalvoice.core.demo import Demo
    from equalvoice.core.models import User

BRIGHTWATER = "brightwater"
PANEL = "tenants-voice-panel"
DESIGN_GROUP = "support-plan-design-group"

SECTIONS = [
    (
        "Why we have this policy",
        "We want support that feels warm and safe. Boundaries help staff and tenants "
        "know what is fine and what is not.",
    ),
    (
        "Gifts",
        "Staff do not take gifts from the people they support.",
    ),
    (
        "Friends online",
        "Staff do not add the people they support as friends on social media.",
    ),
    (
        "If something goes wrong",
        "Tell your key worker or the manager. You can also tell the Tenants' Voice Panel.",
    ),
]

EASY_READ = {
    "Gifts": "Staff cannot take presents from you.\nA small thank you card is fine.",
    "Friends online": "Staff will not be your friend on Facebook or other apps.",
}


def _agree(version: Version, voters: list[User], facilitator: User, reasons: str) -> None:
    assert version.decision is not None
    for person in voters:
        decisions.vote_cast(actor=person, decision=version.decision, choice="agree")
    decisions.decision_count(actor=facilitator, decision=version.decision)
    decisions.decision_close(actor=facilitator, decision=version.decision, reasons=reasons)


def build(demo: Demo) -> None:
    people = demo.people
    panel = demo.group(PANEL, BRIGHTWATER)
    facilitator = demo.facilitators[BRIGHTWATER]
    if Document.objects.filter(group=panel).exists():
        return
    policy = _policy(demo, people, panel, facilitator)
    _training(people, panel, facilitator, policy)


def _policy(demo: Demo, people: dict[str, User], panel: object, facilitator: User) -> Document:
    aled, jude = people["Aled Crossley"], people["Jude Farrant"]
    policy = actions.document_start(
        actor=aled,
        group=panel,  # type: ignore[arg-type]
        title="Professional boundaries policy",
        kind=Document.Kind.POLICY,
        summary="How staff and tenants keep support warm, safe and fair. Written by tenants, "
        "who asked staff and professionals what they think.",
    )
    actions.lead_add(actor=aled, document=policy, person=jude)
    sections = {}
    for heading, text in SECTIONS:
        sections[heading] = actions.section_save(
            actor=aled if heading != "Friends online" else jude,
            document=policy,
            heading=heading,
            text=text,
        )
    for heading, easy in EASY_READ.items():
        actions.section_easy_read_save(actor=jude, section=sections[heading], easy_read=easy)
    # Before version 1: a tenant's suggestion taken up, a staff member's declined.
    bea = actions.suggestion_add(
        actor=people["Bea Nakamura-Lowe"],
        section=sections["Gifts"],
        text="Staff do not take gifts from the people they support. A card or a drawing "
        "to say thank you is fine.",
        reason="People want to say thank you. A card should not get anyone in trouble.",
    )
    actions.suggestion_answer(actor=aled, suggestion=bea, status="accepted")
    eben = actions.suggestion_add(
        actor=people["Eben Sutcliffe"],
        section=sections["If something goes wrong"],
        text="Tell the manager in writing.",
        reason="Then there is a record.",
    )
    actions.suggestion_answer(
        actor=jude,
        suggestion=eben,
        status="declined",
        answer="Not everyone can write. Telling anyone you trust must be enough; staff "
        "write it down.",
    )
    actions.suggestion_add(
        actor=facilitator,
        for_person=people["Cal Duggan"],
        consent_confirmed=True,
        section=sections["Friends online"],
        text="Staff do not add the people they support as friends on social media, or "
        "give out their own phone number.",
        reason="Cal told me this happened to a friend.",
    )
    actions.comment_add(
        actor=people["Dora Ellwood"],
        section=sections["Gifts"],
        text="My mum likes to bake for the staff. Is a cake a gift?",
    )
    first = actions.version_propose(
        actor=aled, document=policy, review_on=timezone.localdate() + timedelta(days=180)
    )
    panel_people = [aled, jude, people["Bea Nakamura-Lowe"], people["Cal Duggan"]]
    _agree(first, panel_people, facilitator, "Everyone agreed the first version.")
    # A round of asking staff and professionals, each comment answered.
    asking = actions.asking_create(
        actor=jude,
        document=policy,
        message="We are tenants and we wrote this policy. Is anything unclear or hard to do "
        "in your job?",
        respond_by=timezone.localdate() + timedelta(days=14),
        groups=[demo.group(DESIGN_GROUP, BRIGHTWATER)],
        emails=[("Ravi Menon", "ravi.menon@example.org", "Professional")],
    )
    said = {
        "Fen Ridley": (
            "Home-made food is common. Say what to do about cakes.",
            "changed",
            "We added: food made to share with everyone is fine.",
        ),
        "Lars Pennock": (
            "Add what to do if a tenant sends a friend request.",
            "partly",
            "We said staff say no kindly. We did not add a script.",
        ),
        "Gina Trevithick": (
            "The policy should say staff are disciplined if they break it.",
            "not_changed",
            "Tenants want the policy to be about trust. The staff code of conduct already "
            "covers discipline.",
        ),
    }
    for asked in asking.asked.select_related("person"):
        if asked.person is None or asked.person.name not in said:
            continue
        text, answer, did = said[asked.person.name]
        comment = actions.asked_comment_add(asked=asked, actor=asked.person, text=text)
        actions.asked_comment_answer(actor=aled, comment=comment, answer=answer, answer_text=did)
    actions.section_save(
        actor=aled,
        document=policy,
        section=sections["Gifts"],
        heading="Gifts",
        text="Staff do not take gifts from the people they support. A card or a drawing to "
        "say thank you is fine, and so is food made to share with everyone.",
    )
    actions.section_save(
        actor=jude,
        document=policy,
        section=sections["Friends online"],
        heading="Friends online",
        text="Staff do not add the people they support as friends on social media. If you "
        "send a friend request, staff will say no kindly.",
    )
    second = actions.version_propose(
        actor=jude, document=policy, review_on=timezone.localdate() + timedelta(days=365)
    )
    _agree(second, panel_people, facilitator, "We agreed the changes from asking staff.")
    return policy


def _training(people: dict[str, User], panel: object, facilitator: User, policy: Document) -> None:
    bea, eben = people["Bea Nakamura-Lowe"], people["Eben Sutcliffe"]
    module = actions.document_start(
        actor=bea,
        group=panel,  # type: ignore[arg-type]
        title="Professional boundaries: training for staff",
        kind=Document.Kind.TRAINING,
        summary="A half-day session for new staff, written after the pilot and run by "
        "a tenant and a staff member together.",
    )
    actions.lead_add(actor=bea, document=module, person=eben)
    for heading, text in [
        (
            "What boundaries are",
            "Boundaries keep support safe for everyone. We start with stories from tenants.",
        ),
        ("Role play", "Practise saying no kindly to a gift, a friend request and a lift home."),
    ]:
        actions.section_save(actor=bea, document=module, heading=heading, text=text)
    version = actions.version_propose(
        actor=bea, document=module, review_on=timezone.localdate() + timedelta(days=365)
    )
    _agree(
        version,
        [bea, people["Aled Crossley"], people["Jude Farrant"], eben],
        facilitator,
        "Ready after the pilot.",
    )
    session = actions.session_save(
        actor=bea,
        document=module,
        on=timezone.localdate() - timedelta(days=7),
        place="Brightwater office, Harbour Street",
        trainers=[(people["Jude Farrant"], True, True), (eben, False, True)],
        attended=[people["Fen Ridley"], people["Gina Trevithick"], people["Lars Pennock"]],
    )
    actions.feedback_add(
        actor=people["Fen Ridley"],
        session=session,
        text="Hearing it from Jude made it real. The role play helped me most.",
    )
