"""Documents written together through their actions and pages: leads, suggestions and
the leads' answers (also for someone, with their agreement), comments, versions agreed
by the group's decision, comparing versions, asking others and "You said, we did",
"How the group wrote this", training, the home page, export and erasure, and bad input.

The shared World has a training module "Professional boundaries" led by the member (who
holds a lived-experience perspective): one section "Gifts", a comment by the
facilitator, the admin (outside the group) and Sam Pro (by email) asked, the admin's
comment, version 1 agreed, the facilitator's suggestion waiting, and a session."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from equalvoice.core import actions as core_actions
from equalvoice.core.models import AuditEvent, Membership, Perspective
from equalvoice.core.selectors import personal_data
from equalvoice.decisions import actions as decisions
from equalvoice.documents import actions, selectors
from equalvoice.documents.compare import ADDED, REMOVED, SAME, compare, compare_text, words
from equalvoice.documents.models import (
    Asked,
    AskedComment,
    Document,
    Lead,
    Section,
    Suggestion,
    Version,
)

from .. import factories
from ..conftest import World, build_world

pytestmark = pytest.mark.django_db


def _url(name: str, world: World, **more: object) -> str:
    return reverse(name, kwargs={"org": world.org.slug, "pk": world.document.pk, **more})


def _agree(world: World, document: Document, review_in: int = 365) -> Version:
    version = actions.version_propose(
        actor=world.member,
        document=document,
        review_on=timezone.localdate() + timedelta(days=review_in),
    )
    assert version.decision is not None
    decisions.vote_cast(actor=world.member, decision=version.decision, choice="agree")
    decisions.decision_count(actor=world.facilitator, decision=version.decision)
    decisions.decision_close(actor=world.facilitator, decision=version.decision, reasons="Yes")
    version.refresh_from_db()
    return version


# Starting and leading ---------------------------------------------------------------


def test_a_member_starts_a_document_and_leads_it_with_their_perspective_shown(
    world: World,
) -> None:
    client = world.client("member")
    url = reverse("document-start", args=[world.org.slug, world.group.slug])
    response = client.post(url, {"title": "Boundaries policy", "kind": "policy"})
    assert response.status_code == 302
    document = Document.objects.get(title="Boundaries policy")
    lead = Lead.objects.get(document=document)
    assert lead.person == world.member
    assert lead.perspectives == [world.perspective.name] and lead.lived_experience
    page = client.get(document.get_absolute_url()).content.decode()
    assert f'Mo Member <span class="ev-meta">({world.perspective.name})</span>' in page
    assert AuditEvent.objects.filter(verb="document.start", actor=world.member).exists()


def test_only_members_start_documents_and_only_leads_write_the_draft(world: World) -> None:
    with pytest.raises(PermissionDenied):
        actions.document_start(actor=world.admin, group=world.group, title="X", kind="policy")
    with pytest.raises(PermissionDenied):
        actions.section_save(
            actor=world.facilitator, document=world.document, heading="A", text="B"
        )


def test_the_last_lead_cannot_leave_and_a_second_lead_shows(world: World) -> None:
    with pytest.raises(ValidationError, match="at least one lead"):
        actions.lead_remove(actor=world.member, document=world.document, person=world.member)
    actions.lead_add(actor=world.facilitator, document=world.document, person=world.facilitator)
    actions.lead_remove(actor=world.member, document=world.document, person=world.member)
    assert [lead.person for lead in selectors.leads_of(world.document)] == [world.facilitator]


# Suggestions ------------------------------------------------------------------------


def test_a_decline_needs_a_reason_that_the_suggester_then_reads(world: World) -> None:
    lead, staff = world.client("member"), world.client("facilitator")
    url = _url("suggestion-answer", world, suggestion=world.suggestion.pk)
    response = lead.post(url, {"status": "declined", "answer": ""})
    assert response.status_code == 400
    assert "Say why you are not taking it up" in response.content.decode()
    response = lead.post(url, {"status": "declined", "answer": "Money is in section 2."})
    assert response.status_code == 302
    world.suggestion.refresh_from_db()
    assert world.suggestion.status == Suggestion.Status.DECLINED
    page = staff.get(world.document.get_absolute_url()).content.decode()
    assert "Your suggestions" in page and "Money is in section 2." in page
    world.section.refresh_from_db()
    assert "money" not in world.section.text  # nothing changed in the draft


def test_accepting_puts_the_words_in_and_a_second_answer_is_told_plainly(world: World) -> None:
    actions.suggestion_answer(actor=world.member, suggestion=world.suggestion, status="accepted")
    world.section.refresh_from_db()
    assert world.section.text == world.suggestion.text
    actions.lead_add(actor=world.member, document=world.document, person=world.facilitator)
    response = world.client("facilitator").post(
        _url("suggestion-answer", world, suggestion=world.suggestion.pk),
        {"status": "declined", "answer": "No"},
    )
    assert response.status_code == 400
    assert "Another lead answered this suggestion already: Accepted." in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_two_leads_answering_the_same_suggestion_at_the_same_moment() -> None:
    """Two leads press their buttons at once: one answer stands, the other lead is told
    plainly, and the section and the audit log hold one answer (a row lock, on PostgreSQL;
    SQLite's test database locks whole tables, so the race cannot happen there)."""
    import threading

    from django.db import connection

    if connection.vendor == "sqlite":
        pytest.skip("SQLite's shared in-memory test database locks whole tables")
    # Transactional: it cannot share the module's world (tests/shared.py).
    world = build_world()
    actions.lead_add(actor=world.member, document=world.document, person=world.facilitator)
    barrier = threading.Barrier(2)
    results: dict[str, str] = {}

    def answer(lead_role: str, status: str) -> None:
        lead = getattr(world, lead_role)
        try:
            barrier.wait()
            actions.suggestion_answer(
                actor=lead, suggestion=world.suggestion, status=status, answer="Not now."
            )
            results[lead_role] = "answered"
        except ValidationError as error:
            results[lead_role] = " ".join(error.messages)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=answer, args=("member", "accepted")),
        threading.Thread(target=answer, args=("facilitator", "declined")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert list(results.values()).count("answered") == 1, results
    told = [text for text in results.values() if text != "answered"]
    assert len(told) == 1 and told[0].startswith("Another lead answered this suggestion already")
    world.suggestion.refresh_from_db()
    winner = "member" if results["member"] == "answered" else "facilitator"
    expected = Suggestion.Status.ACCEPTED if winner == "member" else Suggestion.Status.DECLINED
    assert world.suggestion.status == expected
    assert world.suggestion.answered_by == getattr(world, winner)
    assert AuditEvent.objects.filter(verb="document.suggestion_answer").count() == 1
    world.section.refresh_from_db()
    assert (world.section.text == world.suggestion.text) == (winner == "member")


def test_changing_a_suggestion_needs_the_new_words(world: World) -> None:
    with pytest.raises(ValidationError):
        actions.suggestion_answer(actor=world.member, suggestion=world.suggestion, status="changed")
    actions.suggestion_answer(
        actor=world.member, suggestion=world.suggestion, status="changed", text="Staff say no."
    )
    world.section.refresh_from_db()
    assert world.section.text == "Staff say no."


def test_a_suggestion_on_a_section_taken_out_meanwhile_keeps_the_words(world: World) -> None:
    client = world.client("facilitator")
    url = _url("suggestion-add", world, section=world.section.pk)
    assert client.get(url).status_code == 200
    actions.section_remove(actor=world.member, section=world.section)
    response = client.post(url, {"text": "My careful new words", "reason": "Because"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "took this section out of the draft while you were writing" in page
    assert "My careful new words" in page
    # Its earlier suggestions and comments are kept.
    assert Suggestion.objects.filter(pk=world.suggestion.pk).exists()


def test_a_supporter_writes_a_suggestion_down_for_a_member_with_their_agreement(
    world: World,
) -> None:
    client = world.client("admin")
    url = _url("suggestion-add", world, section=world.section.pk)
    data = {"for_person": world.member.pk, "text": "Easier words", "reason": ""}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "agreed to you writing this down" in response.content.decode()
    response = client.post(url, {**data, "consent_confirmed": "on"})
    assert response.status_code == 302
    made = Suggestion.objects.get(text="Easier words")
    assert (made.author, made.entered_by, made.consent_confirmed) == (
        world.member,
        world.admin,
        True,
    )
    event = AuditEvent.objects.get(verb="document.suggest", actor=world.admin)
    assert event.on_behalf_of == world.member
    page = world.client("member").get(world.document.get_absolute_url()).content.decode()
    assert "written down by Ada Admin, with their agreement" in page or (
        f"written down by {world.admin.name}, with their agreement" in page
    )


def test_comments_on_sections_keep_their_author(world: World) -> None:
    response = world.client("member").post(
        _url("section-comment", world, section=world.section.pk), {"text": "I like it."}
    )
    assert response.status_code == 302
    page = world.client("facilitator").get(world.document.get_absolute_url()).content.decode()
    assert "I like it." in page and "Say what a gift is." in page


def test_oversize_and_empty_text_get_plain_messages(world: World) -> None:
    client = world.client("member")
    response = client.post(_url("section-add", world), {"heading": "Money", "text": ""})
    assert response.status_code == 400
    assert "Write the words of the section" in response.content.decode()
    response = client.post(_url("section-add", world), {"heading": "Money", "text": "x" * 20_001})
    assert response.status_code == 400
    assert "Keep the section to 20,000 characters" in response.content.decode()
    assert Section.objects.filter(document=world.document).count() == 1


# Versions and comparing ---------------------------------------------------------------


def test_the_groups_decision_makes_version_1_numbered_and_dated(world: World) -> None:
    version = world.doc_version
    assert (version.number, version.status) == (1, Version.Status.AGREED)
    assert version.agreed_on == timezone.localdate()
    assert version.sections[0]["heading"] == "Gifts"
    assert AuditEvent.objects.filter(verb="document.agreed").exists()


def test_a_draft_not_agreed_gets_no_number(world: World) -> None:
    version = actions.version_propose(
        actor=world.member,
        document=world.document,
        review_on=timezone.localdate() + timedelta(days=30),
    )
    assert version.decision is not None
    decisions.vote_cast(actor=world.member, decision=version.decision, choice="object")
    decisions.decision_close(
        actor=world.facilitator, decision=version.decision, reasons="No", without_agreement=True
    )
    version.refresh_from_db()
    assert (version.number, version.status) == (None, Version.Status.NOT_AGREED)


def test_a_lead_who_does_not_run_the_group_can_still_put_the_draft_to_it(world: World) -> None:
    assert not world.member.has_perm("decisions.run", world.group)
    response = world.client("member").post(
        _url("version-propose", world),
        {"review_on": str(timezone.localdate() + timedelta(days=90))},
    )
    assert response.status_code == 302
    version = Version.objects.get(document=world.document, status=Version.Status.PROPOSED)
    assert version.decision is not None and version.decision.group == world.group


def test_compare_the_draft_with_version_1_word_by_word(world: World) -> None:
    actions.suggestion_answer(actor=world.member, suggestion=world.suggestion, status="accepted")
    response = world.client("member").get(
        _url("document-compare", world) + f"?left={world.doc_version.pk}&right=draft"
    )
    assert response.status_code == 200
    page = response.content.decode()
    compared = page.split("Words taken out")[1]
    assert "<del>" not in compared  # nothing was taken out
    assert '<ins><span class="govuk-visually-hidden">added: </span>, money or favours </ins>' in (
        compared
    )
    bad = world.client("member").get(_url("document-compare", world) + "?left=nope")
    assert bad.status_code == 400


def test_compare_is_pure_and_loses_no_words() -> None:
    left, right = compare_text(
        "Staff must not give gifts.", "Staff must never give gifts or money."
    )
    assert "".join(p.text for p in left) == "Staff must not give gifts."
    assert "".join(p.text for p in right) == "Staff must never give gifts or money."
    assert [p.kind for p in left] == [SAME, REMOVED, SAME]
    assert [p.kind for p in right] == [SAME, ADDED, SAME, ADDED, SAME]
    assert [p.text for p in right if p.kind == ADDED] == ["never ", "or money"]
    assert "".join(words("a  b\nc ")) == "a  b\nc "
    rows = compare([{"heading": "A", "text": "x"}], [{"heading": "B", "text": "x"}])
    assert rows[0].changed and rows[0].left_heading == "A" and rows[0].right_heading == "B"
    rows = compare([{"heading": "A", "text": "x"}], [])
    assert rows[0].left == (type(rows[0].left[0])(REMOVED, "x"),) and rows[0].right == ()


# Asking others ------------------------------------------------------------------------


def test_people_asked_are_told_by_email_with_a_link_only_they_have(
    world: World,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    mail.outbox.clear()
    outsider = factories.make_user(name="Pat Professional", email="pat@example.org")
    other = world.other_group
    core_actions.membership_add(actor=world.admin, group=other, user=outsider)
    with django_capture_on_commit_callbacks(execute=True):
        asking = actions.asking_create(
            actor=world.member,
            document=world.document,
            message="Please read the gifts part.",
            respond_by=timezone.localdate() + timedelta(days=7),
            groups=[other],
            emails=[("Sam", "SAM2@example.org", "Professional")],
        )
    to = sorted(m.to[0] for m in mail.outbox)
    assert to == ["pat@example.org", "sam2@example.org"]
    link = next(m for m in mail.outbox if m.to == ["sam2@example.org"]).body.split()[-1]
    path = link.split("127.0.0.1:8000")[-1]
    anonymous = Client()
    assert anonymous.get(path).status_code == 200
    response = anonymous.post(path, {"section": "Gifts", "text": "Say sweets are fine."})
    assert response.status_code == 302
    assert AskedComment.objects.filter(text="Say sweets are fine.").exists()
    assert anonymous.get("/p/asked/not-a-token/").status_code == 404
    # The person in another group reads the request but not the group's document.
    client = Client()
    client.force_login(outsider, backend="django.contrib.auth.backends.ModelBackend")
    assert (
        client.get(reverse("document-asking", args=[world.org.slug, asking.pk])).status_code == 200
    )
    assert client.get(world.document.get_absolute_url()).status_code == 404
    home = client.get(reverse("home")).content.decode()
    assert "Say what you think of “Professional boundaries”" in home


def test_a_comment_after_the_date_is_refused_and_kept(world: World) -> None:
    """The page was opened before the date and sent after it: a plain message, and the
    words typed are still in the box."""
    world.asking.respond_by = timezone.localdate() - timedelta(days=1)
    world.asking.save()
    url = reverse("document-asking", args=[world.org.slug, world.asking.pk])
    response = world.client("admin").post(url, {"text": "Late but useful"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "so comments are closed" in page and "Late but useful" in page
    assert not AskedComment.objects.filter(text="Late but useful").exists()
    # Opened after the date, there is no form, and the page says comments closed.
    page = world.client("admin").get(url).content.decode()
    assert "Comments closed on" in page and "Send my comment" not in page


def test_you_said_we_did_shows_each_answer(world: World) -> None:
    response = world.client("member").post(
        _url("asked-answer", world, comment=world.asked_comment.pk),
        {"answer": "partly", "answer_text": "We named sweets, not flowers."},
    )
    assert response.status_code == 302
    page = world.client("facilitator").get(world.document.get_absolute_url()).content.decode()
    said = page.split('id="you-said-list"')[1]
    assert "Add small gifts like sweets." in said
    assert "We changed part of it. We named sweets, not flowers." in said
    mine = world.client("admin").get(
        reverse("document-asking", args=[world.org.slug, world.asking.pk])
    )
    assert "We named sweets, not flowers." in mine.content.decode()


def test_someone_not_asked_cannot_comment(world: World) -> None:
    with pytest.raises(PermissionDenied):
        actions.asked_comment_add(
            asked=Asked.objects.get(asking=world.asking, person=world.admin),
            actor=world.member,
            text="Not mine",
        )


# How this was written ---------------------------------------------------------------


def test_how_this_was_written_shows_the_figures_from_the_data(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.EQUALVOICE_MIN_GROUP_SIZE = 1
    actions.asked_comment_answer(
        actor=world.member, comment=world.asked_comment, answer="changed", answer_text="Done"
    )
    version = _agree(world, world.document)
    figures = selectors.how_written(version)
    # Before version 2: the facilitator's suggestion (open), one comment, two asked.
    assert figures.suggestions == 1 and figures.suggestions_taken == 0
    assert figures.comments == 1 and figures.comments_taken == 1
    assert figures.asked_count == 2
    assert figures.led_by_lived_experience
    rows = {r.perspective: r for r in figures.rows}
    assert rows[world.perspective.name].led == 1
    assert rows["No perspective given"].suggested == 1  # the facilitator holds none
    assert rows["Professional"].asked == 1
    page = (
        world.client("member").get(_url("document-how", world, version=version.pk)).content.decode()
    )
    assert "The group used 0 of its 1 suggestion." in page
    assert "1 of 1 comment from people asked changed the words." in page
    assert "The group asked 2 people from outside the group." in page
    assert "It was led by people with lived experience." in page
    assert figures.rung is not None
    assert f"Rung {int(figures.rung)}: {figures.rung.label}." in page
    pdf = world.client("member").get(_url("document-how-pdf", world, version=version.pk))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_small_groups_are_hidden(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.EQUALVOICE_MIN_GROUP_SIZE = 5
    figures = selectors.how_written(world.doc_version)
    assert any(None in (r.suggested, r.commented, r.asked) for r in figures.rows)
    page = (
        world.client("member")
        .get(_url("document-how", world, version=world.doc_version.pk))
        .content.decode()
    )
    assert "fewer than 5 people, so nobody can pick anyone out" in page


def test_how_this_was_written_only_for_agreed_versions(world: World) -> None:
    version = actions.version_propose(
        actor=world.member,
        document=world.document,
        review_on=timezone.localdate() + timedelta(days=30),
    )
    url = _url("document-how", world, version=version.pk)
    assert world.client("member").get(url).status_code == 404


def test_an_agreed_version_goes_on_the_initiatives_record(world: World) -> None:
    world.document.initiative = world.initiative
    world.document.save()
    version = _agree(world, world.document)
    activity = world.initiative.activities.order_by("-id").first()
    assert activity is not None and version.label in activity.what
    evidence = activity.evidence.get()
    assert reverse("document-how", args=[world.org.slug, world.document.pk, version.pk]) in (
        evidence.note
    )


# Training ------------------------------------------------------------------------------


def test_trainers_are_named_only_with_their_agreement_and_feedback_keeps_its_version(
    world: World,
) -> None:
    page = world.client("facilitator").get(world.document.get_absolute_url()).content.decode()
    assert "Mo Member (a trainer with lived experience)" in page
    actions.session_save(
        actor=world.member,
        document=world.document,
        on=timezone.localdate(),
        trainers=[(world.facilitator, True, False)],
        attended=[world.member],
        session=world.training_session,
    )
    page = world.client("facilitator").get(world.document.get_absolute_url()).content.decode()
    assert "Fran Facilitator" not in page.split('id="sessions"')[1]
    response = world.client("member").post(
        _url("session-feedback", world, session=world.training_session.pk),
        {"text": "The role play helped."},
    )
    assert response.status_code == 302
    version_page = world.client("facilitator").get(
        _url("document-version", world, version=world.doc_version.pk)
    )
    assert "The role play helped." in version_page.content.decode()


# Home page, export and erasure --------------------------------------------------------


def test_the_review_reminder_comes_a_month_before(world: World) -> None:
    from equalvoice.core.waiting import items_for

    def kinds() -> list[str]:
        return [i.kind for i in items_for(world.member)]

    assert "document-review" not in kinds()
    world.doc_version.review_on = timezone.localdate() + timedelta(days=20)
    world.doc_version.save()
    assert "document-review" in kinds()
    assert "document-review" not in [i.kind for i in items_for(world.facilitator)]


def test_the_download_has_suggestions_comments_and_leadership(world: World) -> None:
    data = personal_data(world.facilitator)["documents"]
    assert data["suggestions"][0]["words"] == world.suggestion.text  # type: ignore[index]
    assert data["comments"][0]["said"] == "Say what a gift is."  # type: ignore[index]
    assert personal_data(world.member)["documents"]["leads"][0]["document"] == (  # type: ignore[index]
        "Professional boundaries"
    )
    assert personal_data(world.admin)["documents"]["when_asked"][0]["said"] == (  # type: ignore[index]
        "Add small gifts like sweets."
    )


def test_erasure_keeps_the_contributions_by_a_former_member(world: World) -> None:
    core_actions.account_erase(actor=world.facilitator, person=world.facilitator)
    world.suggestion.refresh_from_db()
    assert world.suggestion.author.name == "Former member"
    page = world.client("member").get(world.document.get_absolute_url()).content.decode()
    assert "Fran Facilitator" not in page
    assert Perspective.objects.exists()
    assert Membership.objects.filter(user=world.member).exists()


# The demo ------------------------------------------------------------------------------


def test_the_demo_has_the_policy_led_by_tenants_and_the_training(settings) -> None:  # type: ignore[no-untyped-def]
    from equalvoice.core.demo import load_demo

    settings.DEBUG = True
    load_demo()
    policy = Document.objects.get(title="Professional boundaries policy")
    assert all(lead.lived_experience for lead in selectors.leads_of(policy))
    agreed = [v.number for v in selectors.versions_of(policy) if v.number]
    assert agreed == [1, 2]
    assert Suggestion.objects.filter(section__document=policy).count() == 3
    said = selectors.you_said_we_did(policy)
    assert {c.answer for c in said} == {"changed", "partly", "not_changed"}
    how = selectors.how_written(Version.objects.get(document=policy, number=2))
    assert how.led_by_lived_experience and how.asked_count >= 4
    training = Document.objects.get(kind="training")
    session = selectors.sessions_of(training)[0]
    jude = session.trainers.get(person__name="Jude Farrant")
    assert jude.lived_experience and jude.named_with_consent
    assert session.feedback.get().version == training.versions.get(number=1)


def test_the_pages_read_in_welsh(world: World) -> None:
    client = world.client("member")
    response = client.post(reverse("set-language"), {"language": "cy", "next": "/"})
    assert response.status_code == 302
    page = client.get(world.document.get_absolute_url()).content.decode()
    assert "Pwy sy’n ei harwain" in page and "Dywedoch chi, gwnaethon ni" in page
    how = client.get(_url("document-how", world, version=world.doc_version.pk)).content.decode()
    assert "Sut ysgrifennodd y grŵp hyn" in how and "Pwy gymerodd ran, yn ôl safbwynt" in how
