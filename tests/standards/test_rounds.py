"""Standards and rounds through their actions and pages: versions, comments, answering,
privacy, small-group suppression and bad input."""

from __future__ import annotations

import subprocess
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from equalvoice.core.models import AuditEvent, Perspective, User
from equalvoice.standards import actions, selectors
from equalvoice.standards.models import (
    Answer,
    Comment,
    Participation,
    Response,
    Revision,
    Round,
    Standard,
    Statement,
)
from equalvoice.standards.starters import SELF_REFLECTION

from ..conftest import World

pytestmark = pytest.mark.django_db


def _perspective(world: World, name: str) -> Perspective:
    return Perspective.objects.get(organisation=world.org, name=name)


def _fill(
    world: World, round_: Round, perspective: Perspective | None, values: list[int], times: int
) -> None:
    """`times` paper answers from people of one perspective, all giving `values`."""
    statements = list(round_.version.statements.all())
    for _ in range(times):
        actions.paper_response_save(
            actor=world.facilitator,
            round_=round_,
            perspective=perspective,
            answers={s: actions.PaperAnswer(v) for s, v in zip(statements, values, strict=False)},
        )


# Standards, versions and comments


def test_starter_is_copied_then_free_to_change(world: World) -> None:
    made = actions.standard_from_starter(
        actor=world.admin, organisation=world.org, key="self-reflection"
    )
    draft = made.versions.get()
    assert draft.statements.count() == SELF_REFLECTION.statement_count == 15
    assert draft.themes.count() == 5
    assert made.scale == "five_point"
    first = draft.statements.first()
    assert first is not None
    actions.statement_save(
        actor=world.admin, standard=made, theme=first.theme, statement=first, plain="Our words"
    )
    assert SELF_REFLECTION.themes[0].statements[0].plain != "Our words"


def test_publishing_freezes_and_a_new_version_keeps_lineage(world: World) -> None:
    standard = world.standard
    v1 = standard.versions.get(number=1)
    published = v1.statements.first()
    assert published is not None and v1.is_published
    with pytest.raises(ValidationError, match="published version"):
        actions.statement_save(
            actor=world.facilitator,
            standard=standard,
            theme=published.theme,
            statement=published,
            plain="Changed after publishing",
        )
    published.refresh_from_db()
    assert published.plain == "Staff listen to me."
    # The world already started version 2 as a copy, with the same lineage.
    assert world.statement.version.number == 2
    assert world.statement.lineage == published.lineage
    with pytest.raises(ValidationError, match="already a draft"):
        actions.version_start(actor=world.facilitator, standard=standard)


def test_editing_a_published_statement_page_says_start_a_new_version(world: World) -> None:
    v1_statement = world.standard.versions.get(number=1).statements.first()
    assert v1_statement is not None
    client = world.client("facilitator")
    url = reverse("statement-edit", args=[world.org.slug, world.standard.pk, v1_statement.pk])
    response = client.post(url, {"theme": v1_statement.theme_id, "plain": "New words"}, follow=True)
    assert "Start a new version" in response.content.decode()
    v1_statement.refresh_from_db()
    assert v1_statement.plain == "Staff listen to me."


def test_accepting_suggested_words_changes_the_draft_and_keeps_history(world: World) -> None:
    comment = actions.comment_add(
        actor=world.member,
        statement=world.statement,
        text="Clearer, please",
        suggested_plain="Staff always listen to me.",
    )
    actions.comment_decide(actor=world.facilitator, comment=comment, decision="accepted")
    world.statement.refresh_from_db()
    assert world.statement.plain == "Staff always listen to me."
    assert Revision.objects.filter(statement=world.statement, plain="Staff always listen to me.")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.ACCEPTED


def test_a_member_cannot_accept_their_own_words(world: World) -> None:
    from django.core.exceptions import PermissionDenied

    comment = actions.comment_add(
        actor=world.member, statement=world.statement, text="", suggested_plain="My words."
    )
    with pytest.raises(PermissionDenied):
        actions.comment_decide(actor=world.member, comment=comment, decision="accepted")


def test_declining_needs_a_reason_on_the_page(world: World) -> None:
    comment = actions.comment_add(
        actor=world.member, statement=world.statement, text="", suggested_plain="My words."
    )
    url = reverse("comment-decide", args=[world.org.slug, world.standard.pk, comment.pk])
    response = world.client("facilitator").post(url, {"decision": "declined", "reply": ""})
    assert response.status_code == 400
    assert "Say why the words are not used" in response.content.decode()


# Answering


def _answer_all(client: Client, start: str, values: list[str], comment: str = "") -> None:
    assert client.post(start, {}).status_code == 302
    for n, value in enumerate(values, start=1):
        response = client.post(f"{start}{n}/", {"answer": value, "comment": comment})
        assert response.status_code == 302, response.content.decode()[:2000]
    assert client.post(f"{start}check/").status_code == 302


def test_anonymous_round_keeps_no_link_to_the_person(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    round_ = world.round
    start = reverse("round-answer", args=[world.org.slug, round_.pk])
    before = AuditEvent.objects.count()
    client = world.client("member")
    with caplog.at_level("DEBUG"):
        _answer_all(client, start, ["2", "dont_know"], comment="Mo's secret comment")
    response = Response.objects.get(round=round_)
    assert response.person is None and response.submitted
    assert response.browser_key == ""  # nor is it tied to the browser, once sent
    assert Participation.objects.filter(round=round_, person=world.member).exists()
    assert AuditEvent.objects.count() == before, "an anonymous answer writes no audit entry"
    assert "Mo Member" not in caplog.text and "Mo's secret comment" not in caplog.text
    # A second try from another device is refused: one answer per person.
    other_device = world.client("member")
    assert other_device.post(start, {}).status_code == 302
    assert Response.objects.filter(round=round_, submitted=True).count() == 1


def test_named_round_one_answer_per_person_and_changes_are_saved(world: World) -> None:
    today = timezone.localdate()
    named = actions.round_save(
        actor=world.facilitator,
        standard=world.standard,
        name="Named",
        opens_on=today,
        closes_on=today,
        anonymous=False,
        scale="easy_read_4",
    )
    start = reverse("round-answer", args=[world.org.slug, named.pk])
    client = world.client("member")
    _answer_all(client, start, ["1", "1"])
    _answer_all(client, start, ["4", "3"])  # after sending, each change is saved at once
    response = Response.objects.get(round=named)
    assert response.person == world.member
    assert sorted(a.value or 0 for a in response.answers.all()) == [3, 4]
    assert (
        AuditEvent.objects.filter(verb="response.submit", object_id=str(response.pk)).count() == 1
    )
    assert (
        AuditEvent.objects.filter(verb="response.change", object_id=str(response.pk)).count() == 2
    )


def test_missing_answers_are_kept_as_no_answer(world: World) -> None:
    start = reverse("open-round", args=[world.round.link_key])
    client = Client()
    client.post(start, {})
    client.post(f"{start}1/", {"answer": ""})
    client.post(f"{start}2/", {"answer": "3"})
    page = client.get(f"{start}check/").content.decode()
    assert "No answer" in page
    assert client.post(f"{start}check/").status_code == 302
    first = world.round.version.statements.first()
    answer = Answer.objects.get(statement=first, response__submitted=True)
    assert answer.value is None and not answer.dont_know


def test_a_closed_round_refuses_and_keeps_what_was_typed(world: World) -> None:
    start = reverse("open-round", args=[world.round.link_key])
    client = Client()
    client.post(start, {})
    Round.objects.filter(pk=world.round.pk).update(
        closes_on=timezone.localdate() - timedelta(days=1)
    )
    response = client.post(f"{start}1/", {"answer": "3", "comment": "Typed before it closed"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "This round closed on" in body
    assert "Typed before it closed" in body
    assert 'value="3" checked' in body
    assert not Answer.objects.exists()


def test_an_oversized_comment_is_a_plain_error_and_kept(world: World) -> None:
    start = reverse("open-round", args=[world.round.link_key])
    client = Client()
    client.post(start, {})
    long = "word " * 500
    response = client.post(f"{start}1/", {"answer": "2", "comment": long})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Your comment is too long" in body
    assert long.strip() in body
    assert not Answer.objects.exists()


def test_a_value_off_the_scale_is_refused(world: World) -> None:
    start = reverse("open-round", args=[world.round.link_key])
    client = Client()
    client.post(start, {})
    response = client.post(f"{start}1/", {"answer": "9"})
    assert response.status_code == 400
    assert not Answer.objects.exists()


def test_paper_answer_is_marked_as_typed_in_on_behalf(world: World) -> None:
    today = timezone.localdate()
    named = actions.round_save(
        actor=world.facilitator,
        standard=world.standard,
        name="Named paper",
        opens_on=today,
        closes_on=today,
        anonymous=False,
        scale="easy_read_4",
    )
    statements = list(named.version.statements.all())
    url = reverse("round-paper", args=[world.org.slug, named.pk])
    data = {
        "person": world.no_email_member.pk,
        "perspective": "",
        "confirmed": "on",
        f"answer_{statements[0].pk}": "4",
        f"comment_{statements[0].pk}": "Said to me on the phone",
        f"answer_{statements[1].pk}": "",
    }
    response = world.client("facilitator").post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    saved = Response.objects.get(round=named)
    assert saved.on_paper and saved.entered_by == world.facilitator
    assert saved.person == world.no_email_member
    event = AuditEvent.objects.get(verb="response.paper")
    assert event.on_behalf_of == world.no_email_member
    # Twice for the same person is refused, and nothing is lost.
    again = world.client("facilitator").post(url, data)
    assert again.status_code == 400
    assert "already has answers" in again.content.decode()
    assert Response.objects.filter(round=named).count() == 1


# Results and privacy


SMALL = "Family carer"


def _round_with_small_group(world: World) -> Round:
    """Staff (20) rate highly, people who use services (9) low, young people (6) in
    between, and 4 family carers all say "not yet": too few to show."""
    round_ = world.round
    _fill(world, round_, _perspective(world, "Staff member"), [4, 4], 20)
    _fill(world, round_, _perspective(world, "Person who uses services"), [1, 2], 9)
    _fill(world, round_, _perspective(world, "Young person"), [3, 3], 6)
    _fill(world, round_, _perspective(world, SMALL), [1, 1], 4)
    return round_


def test_results_count_in_the_database_and_show_a_real_gap(world: World) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    round_ = _round_with_small_group(world)
    with CaptureQueriesContext(connection) as queries:
        results = selectors.round_results(round_)
    assert len(queries) <= 8
    assert results.respondents == 39 and results.shown
    first = results.rows[0]
    assert first.spread.counts == {1: 13, 2: 0, 3: 6, 4: 20}
    staff_vs_people = [
        g
        for g in first.gaps
        if {g.a_name, g.b_name} == {"Staff member", "Person who uses services"}
    ]
    assert staff_vs_people and staff_vs_people[0].a_name == "Staff member"
    assert "unlikely to be chance" in staff_vs_people[0].sentence
    assert results.appraisal is not None
    # A statement people see so differently is not called a strength, whatever its average.
    assert not any(r.key == str(first.statement.pk) for r in results.appraisal.strengths)
    assert any("see these differently" in line for line in results.appraisal.summary)


def test_a_small_group_is_never_broken_down_anywhere(world: World) -> None:
    round_ = _round_with_small_group(world)
    client = world.client("admin")
    args = [world.org.slug, round_.pk]
    pages = {
        name: client.get(reverse(name, args=args)).content.decode()
        for name in ("round", "round-results", "round-appraisal")
    }
    pages["journey"] = client.get(
        reverse("standard-journey", args=[world.org.slug, world.standard.pk])
    ).content.decode()
    for name, body in pages.items():
        for line in body.splitlines():
            if SMALL in line:
                assert "fewer than 5 people" in line.lower(), (name, line)
                assert "4" not in line.replace("fewer than 5", ""), (name, line)
    results_page = pages["round-results"]
    assert f">{SMALL}</th>" not in results_page
    # Young people (6) are hidden too: otherwise the carers could be worked out from the total.
    assert ">Young person</th>" not in results_page
    assert "Not shown, to protect a smaller group" in results_page or (
        "not shown, to protect a smaller group" in results_page
    )

    csv_text = client.get(reverse("round-csv", args=args)).content.decode()
    for row in csv_text.splitlines():
        if SMALL in row or "Young person" in row:
            cells = row.split(",")
            assert not any(c.strip().isdigit() for c in cells[2:]), row

    pdf = client.get(reverse("round-pdf", args=args)).content
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "Staff member" in text
    for line in text.splitlines():
        if SMALL in line:
            assert "fewer than 5 people" in line.lower(), line


def test_too_few_answers_shows_nothing(world: World) -> None:
    _fill(world, world.round, _perspective(world, "Staff member"), [4, 4], 4)
    body = (
        world.client("member")
        .get(reverse("round-results", args=[world.org.slug, world.round.pk]))
        .content.decode()
    )
    assert "Fewer than 5 people have answered" in body
    assert "Score out of 100" not in body


def test_anonymous_results_and_exports_hold_no_names(world: World) -> None:
    start = reverse("round-answer", args=[world.org.slug, world.round.pk])
    _answer_all(world.client("member"), start, ["2", "2"], comment="A comment")
    _fill(world, world.round, None, [3, 3], 5)
    client = world.client("admin")
    for name in ("round", "round-results", "round-appraisal", "round-csv"):
        body = client.get(reverse(name, args=[world.org.slug, world.round.pk])).content.decode()
        assert "Mo Member" not in body, name
    log = client.get(reverse("audit-log", args=[world.org.slug])).content.decode()
    assert "Mo Member answered" not in log


def test_journey_follows_statements_across_versions(world: World) -> None:
    _fill(world, world.round, None, [1, 1], 5)
    actions.version_publish(actor=world.facilitator, standard=world.standard)
    today = timezone.localdate()
    later = actions.round_save(
        actor=world.facilitator,
        standard=world.standard,
        name="Autumn",
        opens_on=today + timedelta(days=1),
        closes_on=today + timedelta(days=20),
        anonymous=True,
        scale="easy_read_4",
    )
    assert later.version.number == 2
    _fill(world, later, None, [4, 4], 5)
    path = selectors.journey(world.standard)
    assert [p.percent for p in path.overall] == [0.0, 100.0]
    assert path.trend == "better"
    assert path.statements[0][1][1].percent == 100.0


def test_the_csv_makes_formulas_safe(world: World) -> None:
    Statement.objects.filter(version__standard=world.standard).update(plain="=HYPERLINK(1)")
    _fill(world, world.round, None, [1, 1], 5)
    body = (
        world.client("admin")
        .get(reverse("round-csv", args=[world.org.slug, world.round.pk]))
        .content.decode()
    )
    assert "'=HYPERLINK(1)" in body


def test_standards_of_another_organisation_are_not_found(world: World) -> None:
    other = Standard.objects.create(organisation=world.other_org, title="Theirs")
    response = world.client("admin").get(reverse("standard", args=[world.org.slug, other.pk]))
    assert response.status_code == 404


def test_a_person_outside_the_asked_groups_cannot_answer(world: World) -> None:
    today = timezone.localdate()
    only_board = actions.round_save(
        actor=world.admin,
        standard=world.standard,
        name="Board only",
        opens_on=today,
        closes_on=today,
        anonymous=False,
        scale="easy_read_4",
        groups=[world.other_group],
    )
    url = reverse("round-answer", args=[world.org.slug, only_board.pk])
    assert world.client("member").get(url).status_code == 403
    assert User.objects.filter(pk=world.member.pk).exists()


def _pdf_text(body: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=body, capture_output=True, check=True
    ).stdout.decode()


def test_the_easy_read_toolkit_and_paper_questionnaire_print(world: World) -> None:
    client = world.client("member")
    toolkit = client.get(reverse("standard-toolkit", args=[world.org.slug, world.standard.pk]))
    assert toolkit["Content-Type"] == "application/pdf"
    text = _pdf_text(toolkit.content)
    assert "Our pledge" in text and "Staff listen to me." in text
    paper = client.get(reverse("round-questionnaire", args=[world.org.slug, world.round.pk]))
    text = _pdf_text(paper.content)
    assert "Not yet" in text and "Doing it well" in text and "Don't know" in text
    assert "write your name" in " ".join(text.split())


def test_the_toolkit_uses_large_text() -> None:
    from django.template.loader import render_to_string

    css = render_to_string("standards/_pdf_style.html")
    assert "font-size: 14pt" in css
    body = css.split("body {", 1)[1]
    assert body.split("}", 1)[0].count("font-size: 14pt") == 1
