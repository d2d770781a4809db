"""Issue 18: what people write can have a Welsh version beside the English; readers see
their language first, with the other one a click away (core/bilingual.py)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from equalvoice.core import actions, bilingual
from equalvoice.core.models import AuditEvent

from .conftest import World
from .network.builders import networks

pytestmark = pytest.mark.django_db

PURPOSE_CY = "Rydym yn gwella gofal seibiant gyda’n gilydd."


def in_welsh(client: Client) -> Client:
    client.cookies["django_language"] = "cy"
    return client


def test_a_reader_sees_their_language_first_and_the_other_one_second() -> None:
    assert bilingual.choose("Hello", "Helo", "cy") == bilingual.Shown(
        "Helo", "cy", "Hello", "en-GB"
    )
    assert bilingual.choose("Hello", "Helo", "en-gb") == bilingual.Shown(
        "Hello", "en-GB", "Helo", "cy"
    )
    # No Welsh yet: a Welsh reader reads the English, marked as English.
    assert bilingual.choose("Hello", "  ", "cy") == bilingual.Shown("Hello", "en-GB", "", "cy")
    with override_settings(EQUALVOICE_WELSH="off"):
        assert bilingual.choose("Hello", "Helo", "cy") == bilingual.Shown(
            "Hello", "en-GB", "", "cy"
        )


def test_the_group_page_in_both_languages(world: World) -> None:
    group = world.group
    group.purpose = "We meet to make things better, together."
    group.save()
    actions.welsh_save(actor=world.facilitator, obj=group, texts={"purpose": PURPOSE_CY})

    html = in_welsh(world.client("member")).get(group.get_absolute_url()).content.decode()
    assert f'<p class="govuk-body" lang="cy">{PURPOSE_CY}</p>' in html
    # The English is one click away, marked as English, under a summary in English.
    assert (
        '<span class="govuk-details__summary-text" lang="en-GB">Read this in English</span>' in html
    )
    assert (
        '<div class="govuk-details__text" lang="en-GB">We meet to make things better, together.'
        in html
    )

    html = world.client("member").get(group.get_absolute_url()).content.decode()
    assert "We meet to make things better, together." in html
    assert (
        '<span class="govuk-details__summary-text" lang="cy">Darllenwch hwn yn Gymraeg</span>'
        in html
    )
    # Only the people who may change the group are offered the Welsh page.
    assert reverse("welsh-edit", args=["group", group.pk]) not in html
    html = world.client("facilitator").get(group.get_absolute_url()).content.decode()
    assert reverse("welsh-edit", args=["group", group.pk]) in html


def test_with_no_welsh_a_welsh_reader_sees_the_english_marked_as_english(world: World) -> None:
    world.group.purpose = "We make respite care better."
    world.group.save()
    html = in_welsh(world.client("member")).get(world.group.get_absolute_url()).content.decode()
    assert '<p class="govuk-body" lang="en-GB">' in html
    assert "ev-other-language" not in html


def test_writing_the_welsh_page(world: World) -> None:
    group = world.group
    group.purpose = "We make respite care better."
    group.save()
    url = reverse("welsh-edit", args=["group", group.pk])
    assert world.client("member").get(url).status_code == 403
    assert world.client("other_admin").get(url).status_code == 404
    assert world.client("anonymous").get(url).status_code == 302  # to sign in
    client = world.client("facilitator")
    page = client.get(url).content.decode()
    assert "Speakeasy checks English only. It does not check Welsh." in page
    english = '<div class="ev-contribution" lang="en-GB"><p class="govuk-body">We make respite'
    assert english in page

    too_long = "a" * 5_001
    response = client.post(url, {"purpose": too_long})
    assert response.status_code == 400
    assert too_long in response.content.decode()  # nothing typed is lost
    group.refresh_from_db()
    assert group.purpose_cy == ""

    response = client.post(url, {"purpose": f"  {PURPOSE_CY}  "})
    assert response.status_code == 302 and response["Location"] == group.get_absolute_url()
    group.refresh_from_db()
    assert group.purpose_cy == PURPOSE_CY
    event = AuditEvent.objects.filter(verb="welsh_changed").get()
    assert (event.actor, event.organisation, event.object_id) == (
        world.facilitator,
        world.org,
        str(group.pk),
    )
    # Saving the same words again changes nothing and logs nothing; empty takes it away.
    client.post(url, {"purpose": PURPOSE_CY})
    assert AuditEvent.objects.filter(verb="welsh_changed").count() == 1
    client.post(url, {"purpose": ""})
    group.refresh_from_db()
    assert group.purpose_cy == ""


def test_the_action_checks_the_rule(world: World) -> None:
    with pytest.raises(PermissionDenied):
        actions.welsh_save(actor=world.member, obj=world.group, texts={"purpose": "Helo"})
    with pytest.raises(PermissionDenied):
        actions.welsh_save(actor=world.other_admin, obj=world.group, texts={"purpose": "Helo"})
    world.group.refresh_from_db()
    assert world.group.purpose_cy == ""


@override_settings(EQUALVOICE_WELSH="off", LANGUAGES=[("en-gb", "English")])
def test_while_welsh_is_off_there_is_no_welsh_page_and_no_welsh(world: World) -> None:
    world.group.purpose, world.group.purpose_cy = "We make respite care better.", PURPOSE_CY
    world.group.save()
    assert (
        world.client("facilitator")
        .get(reverse("welsh-edit", args=["group", world.group.pk]))
        .status_code
        == 404
    )
    html = world.client("facilitator").get(world.group.get_absolute_url()).content.decode()
    assert "Rydym" not in html and "welsh/group" not in html


def test_a_meeting_in_welsh(world: World) -> None:
    meeting = world.meeting
    actions.welsh_save(
        actor=world.facilitator,
        obj=meeting,
        texts={"title": "Cyfarfod y panel", "access_info": "Mae lifft wrth y drws."},
    )
    meeting.access_info = "There is a lift by the door."
    meeting.save()
    html = in_welsh(world.client("member")).get(meeting.get_absolute_url()).content.decode()
    assert '<h1 class="govuk-heading-l" lang="cy">Cyfarfod y panel</h1>' in html
    assert '<div lang="cy">Mae lifft wrth y drws.</div>' in html
    html = world.client("member").get(meeting.get_absolute_url()).content.decode()
    assert f'<h1 class="govuk-heading-l" lang="en-GB">{meeting.title}</h1>' in html


def test_a_post_in_welsh(world: World) -> None:
    post = networks(world).post
    actions.welsh_save(
        actor=world.facilitator,
        obj=post,
        texts={"title": "Mae’r clwb dydd Sadwrn yn dechrau", "body": "Mae’n dechrau ar 6 Mehefin."},
    )
    html = in_welsh(world.client("member")).get(post.get_absolute_url()).content.decode()
    assert '<h1 class="govuk-heading-l" lang="cy">Mae’r clwb dydd Sadwrn yn dechrau</h1>' in html
    assert "Mae’n dechrau ar 6 Mehefin." in html
    assert "The Saturday club starts on 6 June." in html  # a click away


def test_a_statement_in_welsh(world: World) -> None:
    statement = world.statement
    actions.welsh_save(
        actor=world.facilitator,
        obj=statement,
        texts={"plain": "Rydym yn gwrando arnoch chi.", "easy_read": "Rydym yn gwrando."},
    )
    url = reverse(
        "statement",
        kwargs={"org": world.org.slug, "pk": world.standard.pk, "statement_pk": statement.pk},
    )
    html = in_welsh(world.client("member")).get(url).content.decode()
    assert '<h1 class="govuk-heading-l" lang="cy">Rydym yn gwrando arnoch chi.</h1>' in html
    assert f'<div class="govuk-details__text" lang="en-GB">{statement.plain}' in html
    # To answer, a Welsh reader reads the easy read in Welsh when the English has one.
    statement.refresh_from_db()
    expected = "Rydym yn gwrando." if statement.easy_read else "Rydym yn gwrando arnoch chi."
    assert statement.welsh_for_answering == expected
    url = reverse(
        "round-answer-statement", kwargs={"org": world.org.slug, "pk": world.round.pk, "number": 1}
    )
    response = in_welsh(world.client("member")).get(url)
    if response.status_code == 200 and statement.version_id == world.round.version_id:
        assert f'lang="cy">{expected}</h1>' in response.content.decode()
