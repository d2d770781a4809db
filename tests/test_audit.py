"""The audit log records create/update/delete with actor and on-behalf-of for members,
memberships, perspectives, access needs and consents, and never the access needs."""

from __future__ import annotations

from django.urls import reverse

from equalvoice.core import actions
from equalvoice.core.models import AccessNeeds, AuditEvent, Membership

from .conftest import World


def _events(verb: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(verb=verb))


def test_membership_create_update_delete_are_logged_with_actor(world: World) -> None:
    membership = Membership.objects.get(user=world.member, group=world.group)
    actions.membership_set_role(actor=world.facilitator, membership=membership, role="facilitator")
    actions.membership_remove(actor=world.admin, membership=membership)
    created = [e for e in _events("membership.create") if "Mo Member" in e.summary]
    assert created and created[0].actor == world.admin
    (updated,) = _events("membership.update")
    assert updated.actor == world.facilitator and updated.organisation == world.org
    (deleted,) = _events("membership.delete")
    assert deleted.actor == world.admin and deleted.object_id == str(membership.pk)


def test_member_without_email_and_code_name_who_it_was_for(world: World) -> None:
    person, _ = actions.member_add_without_email(
        actor=world.facilitator,
        group=world.group,
        name="Ola Offline",
        perspectives=[world.perspective],
    )
    assert AuditEvent.objects.filter(verb="user.create", actor=world.facilitator).exists()
    code_event = AuditEvent.objects.filter(verb="sign_in_code.create", on_behalf_of=person).get()
    assert code_event.actor == world.facilitator
    perspectives = AuditEvent.objects.get(verb="perspectives.set", on_behalf_of=person)
    assert world.perspective.name in perspectives.summary


def test_perspective_changes_are_logged(world: World) -> None:
    p = actions.perspective_create(
        actor=world.admin, organisation=world.org, name="Peer supporter", lived_experience=True
    )
    actions.perspective_update(
        actor=world.admin, perspective=p, name="Peer mentor", lived_experience=True
    )
    assert AuditEvent.objects.filter(verb="perspective.create", actor=world.admin).exists()
    renamed = AuditEvent.objects.get(verb="perspective.update")
    assert "Peer supporter" in renamed.summary and "Peer mentor" in renamed.summary


def test_access_needs_and_consent_are_logged_without_the_details(world: World) -> None:
    person = world.facilitator
    actions.access_needs_consent_give(actor=person)
    actions.access_needs_save(
        actor=person,
        person=person,
        data={"hearing_loop": True, "step_free_access": True, "other": "Uses a wheelchair"},
    )
    actions.access_needs_save(actor=person, person=person, data={"breaks": True})
    actions.access_needs_consent_withdraw(actor=person)
    verbs = set(AuditEvent.objects.filter(actor=person).values_list("verb", flat=True))
    assert {
        "consent.create",
        "access_needs.create",
        "access_needs.update",
        "consent.withdraw",
    } <= verbs
    assert not AccessNeeds.objects.filter(user=person).exists()
    every_text = " ".join(AuditEvent.objects.values_list("summary", flat=True)).lower()
    for secret in (
        "wheelchair",
        "hearing loop",
        "step-free",
        "breaks",
        "quiet room",
        "bsl",
        "sign language",
    ):
        assert secret not in every_text


def test_supported_contribution_names_both_people(world: World) -> None:
    contribution = actions.contribution_create(
        actor=world.facilitator,
        group=world.group,
        text="Said in the meeting",
        on_behalf_of=world.member,
        consent_confirmed=True,
    )
    event = AuditEvent.objects.get(verb="contribution.create", object_id=str(contribution.pk))
    assert event.actor == world.facilitator and event.on_behalf_of == world.member


def test_audit_log_page_shows_only_this_organisation(world: World) -> None:
    actions.group_create(
        actor=world.other_admin, organisation=world.other_org, name="Secret plans", kind="board"
    )
    body = world.client("admin").get(reverse("audit-log", args=[world.org.slug])).content.decode()
    assert "Expert panel" in body
    assert "Secret plans" not in body
    assert "Needs a quiet room" not in body
