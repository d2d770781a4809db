"""Signing in with a password or a one-time code, invitations, supported participation,
perspectives and access needs, through the web as a person would."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from equalvoice.core import actions
from equalvoice.core.models import (
    AccessNeeds,
    Contribution,
    Membership,
    OrgMembership,
    SignInCode,
    hash_secret,
    normalise_code,
)

from .conftest import World


def test_sign_in_with_email_and_password(world: World) -> None:
    client = Client()
    response = client.post(
        reverse("sign-in"),
        {"email": str(world.member.email).upper(), "password": "correct horse battery"},
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).content.decode().count("Mo Member") >= 1


def test_wrong_password_says_so_plainly_and_keeps_the_email(world: World) -> None:
    response = Client().post(reverse("sign-in"), {"email": world.member.email, "password": "nope"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "The email address or password is not right" in body
    assert str(world.member.email) in body


def test_one_time_code_signs_in_once(world: World) -> None:
    person, code = actions.member_add_without_email(
        actor=world.facilitator, group=world.group, name="Ola"
    )
    assert person.email is None and not person.has_usable_password()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    client = Client()
    typed = code.lower().replace("-", " ")  # people type codes in all sorts of ways
    assert client.post(reverse("sign-in-code"), {"code": typed}).status_code == 302
    assert "Hello, Ola" in client.get(reverse("home")).content.decode()
    again = Client().post(reverse("sign-in-code"), {"code": code})
    assert again.status_code == 400
    assert "This code does not work" in again.content.decode()


def test_a_new_code_replaces_the_old_one(world: World) -> None:
    _, first = actions.member_add_without_email(actor=world.admin, group=world.group, name="Ola")
    person = Membership.objects.get(group=world.group, user__name="Ola").user
    second = actions.sign_in_code_issue(actor=world.facilitator, group=world.group, person=person)
    assert actions.sign_in_code_redeem(code=first) is None
    assert actions.sign_in_code_redeem(code=second) == person
    # Only a hash is stored, never the code itself.
    stored = SignInCode.objects.filter(user=person).values_list("code_hash", flat=True)
    assert hash_secret(normalise_code(second)) in stored
    assert not any(normalise_code(second) in h or second in h for h in stored)


def test_a_member_cannot_make_codes(world: World) -> None:
    with pytest.raises(PermissionDenied):
        actions.sign_in_code_issue(
            actor=world.member, group=world.group, person=world.no_email_member
        )


def test_email_invitation_is_sent_and_joins_a_new_person(
    world: World, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client("facilitator").post(
            reverse("invite", args=[world.org.slug, world.group.slug]),
            {"how": "email", "email": "newcomer@example.org"},
        )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["newcomer@example.org"]
    link = re.search(r"http://\S+/invitations/\S+/", str(message.body))
    assert link
    path = link.group(0).split("8000", 1)[1]
    client = Client()
    joined = client.post(
        path,
        {
            "name": "Nova Newcomer",
            "email": "newcomer@example.org",
            "password": "a long new password",
        },
    )
    assert joined.status_code == 302
    assert Membership.objects.filter(group=world.group, user__email="newcomer@example.org").exists()
    assert OrgMembership.objects.filter(organisation=world.org, user__name="Nova Newcomer").exists()
    # One-time: the link is spent.
    assert Client().get(path).status_code == 404


def test_link_invitation_for_a_signed_in_person(world: World) -> None:
    response = world.client("admin").post(
        reverse("invite", args=[world.org.slug, world.group.slug]), {"how": "link"}
    )
    link = re.search(r"/invitations/[^/<\"]+/", response.content.decode())
    assert link
    joined = world.client("other_admin").post(link.group(0))
    assert joined.status_code == 302
    assert Membership.objects.filter(group=world.group, user=world.other_admin).exists()


def test_supported_contribution_needs_consent_and_shows_who_entered_it(world: World) -> None:
    url = reverse("contribute", args=[world.org.slug, world.group.slug])
    client = world.client("facilitator")
    refused = client.post(url, {"text": "I like Saturdays", "on_behalf_of": world.member.pk})
    assert refused.status_code == 400
    assert "Confirm that the member agreed" in refused.content.decode()
    assert not Contribution.objects.filter(text="I like Saturdays").exists()
    ok = client.post(
        url,
        {"text": "I like Saturdays", "on_behalf_of": world.member.pk, "consent_confirmed": "on"},
    )
    assert ok.status_code == 302
    saved = Contribution.objects.get(text="I like Saturdays")
    assert saved.author == world.member and saved.entered_by == world.facilitator
    page = world.client("member").get(reverse("group", args=[world.org.slug, world.group.slug]))
    assert (
        "Written by Fran Facilitator for Mo Member, with their agreement" in page.content.decode()
    )


def test_supported_contribution_only_for_members_of_the_group(world: World) -> None:
    with pytest.raises(ValidationError):
        actions.contribution_create(
            actor=world.facilitator,
            group=world.group,
            text="x",
            on_behalf_of=world.other_admin,
            consent_confirmed=True,
        )


def test_perspectives_are_the_persons_own_choice(world: World) -> None:
    url = reverse("my-perspectives", args=[world.org.slug])
    ids = [p.pk for p in world.org.perspectives.all()[:2]]
    assert world.client("member").post(url, {"perspectives": ids}).status_code == 302
    om = OrgMembership.objects.get(user=world.member, organisation=world.org)
    assert sorted(p.pk for p in om.perspectives.all()) == sorted(ids)
    with pytest.raises(PermissionDenied):
        actions.perspectives_set(
            actor=world.admin, person=world.member, organisation=world.org, perspectives=[]
        )


def test_perspectives_of_another_org_are_ignored(world: World) -> None:
    foreign = world.other_org.perspectives.first()
    assert foreign is not None
    response = world.client("member").post(
        reverse("my-perspectives", args=[world.org.slug]), {"perspectives": [foreign.pk]}
    )
    assert response.status_code == 400


def test_access_needs_need_consent_and_withdrawal_deletes_them(world: World) -> None:
    client = world.client("facilitator")
    page = client.get(reverse("access-needs")).content.decode()
    assert "We need your agreement" in page
    refused = client.post(reverse("access-needs-consent"), {})
    assert refused.status_code == 400 and "Tick the box to agree" in refused.content.decode()
    assert client.post(reverse("access-needs-consent"), {"agree": "on"}).status_code == 302
    assert (
        client.post(
            reverse("access-needs"), {"large_print": "on", "preferred_contact": "phone"}
        ).status_code
        == 302
    )
    needs = AccessNeeds.objects.get(user=world.facilitator)
    assert needs.large_print and needs.preferred_contact == "phone"
    assert client.post(reverse("access-needs-withdraw")).status_code == 302
    assert not AccessNeeds.objects.filter(user=world.facilitator).exists()
    with pytest.raises(PermissionDenied):
        actions.access_needs_save(
            actor=world.facilitator, person=world.facilitator, data={"breaks": True}
        )


def test_display_preferences_are_remembered(world: World) -> None:
    client = world.client("member")
    client.post(
        reverse("display-settings"),
        {"text_size": "larger", "high_contrast": "on", "easy_read": "on"},
    )
    page = client.get(reverse("home")).content.decode()
    assert "ev-text-larger ev-high-contrast ev-easy-read" in page
    world.member.refresh_from_db()
    assert world.member.text_size == "larger"
    anonymous = Client()
    anonymous.post(reverse("display-settings"), {"text_size": "large"})
    assert "ev-text-large" in anonymous.get(reverse("accessibility")).content.decode()


def test_display_settings_do_not_redirect_off_site(world: World) -> None:
    response = Client().post(
        reverse("display-settings"), {"text_size": "large", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("display-settings")


def test_password_reset_by_email(world: World) -> None:
    client = Client()
    response = client.post(reverse("password_reset"), {"email": world.member.email})
    assert response.status_code == 302
    (message,) = mail.outbox
    link = re.search(r"http://testserver(/password-reset/\S+/)", str(message.body))
    assert link
    form_page = client.get(link.group(1), follow=True)
    assert "Choose a new password" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a brand new passphrase", "new_password2": "a brand new passphrase"},
    )
    assert done.status_code == 302
    signed_in = Client().post(
        reverse("sign-in"), {"email": world.member.email, "password": "a brand new passphrase"}
    )
    assert signed_in.status_code == 302


def test_sign_in_goes_back_to_the_page_asked_for_but_never_off_site(world: World) -> None:
    wanted = reverse("members", args=[world.org.slug, world.group.slug])
    assert Client().get(wanted)["Location"] == f"{reverse('sign-in')}?next={wanted}"
    data = {"email": world.member.email, "password": "correct horse battery"}
    assert Client().post(reverse("sign-in"), {**data, "next": wanted})["Location"] == wanted
    away = Client().post(reverse("sign-in"), {**data, "next": "https://evil.example/"})
    assert away["Location"] == reverse("home")


def test_an_admin_outside_the_group_can_only_write_for_a_member(world: World) -> None:
    url = reverse("contribute", args=[world.org.slug, world.group.slug])
    refused = world.client("admin").post(url, {"text": "My own view"})
    assert refused.status_code == 400
    assert "Choose a member from the list" in refused.content.decode()
    ok = world.client("admin").post(
        url, {"text": "Their view", "on_behalf_of": world.member.pk, "consent_confirmed": "on"}
    )
    assert ok.status_code == 302
    assert Contribution.objects.get(text="Their view").entered_by == world.admin


def test_a_person_can_download_their_own_data_only(world: World) -> None:
    response = world.client("member").get(reverse("my-data-download"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = response.json()
    assert data["person"]["name"] == "Mo Member"
    assert data["access_needs"]["bsl_interpreter"] is True
    assert data["access_needs"]["other"] == "Needs a quiet room"
    assert [g["group"] for g in data["groups"]] == ["Expert panel"]
    assert data["contributions"][0]["text"].startswith("Open on Saturdays, please.")
    assert data["consents"][0]["withdrawn"] is None
    assert data["audit_log"]
    other = world.client("facilitator").get(reverse("my-data-download")).json()
    assert other["access_needs"] is None
    assert "Mo Member" not in str(other["person"])


def test_guessing_codes_is_slowed_down(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    from django.core.cache import cache

    settings.EQUALVOICE_SIGN_IN_ATTEMPTS = 3
    _, code = actions.member_add_without_email(actor=world.admin, group=world.group, name="Ola")
    client = Client()
    for _ in range(3):
        assert (
            "This code does not work"
            in client.post(reverse("sign-in-code"), {"code": "AAAA-AAAA"}).content.decode()
        )
    blocked = client.post(reverse("sign-in-code"), {"code": code})
    assert blocked.status_code == 400
    assert "too many tries" in blocked.content.decode()
    password = client.post(
        reverse("sign-in"), {"email": world.member.email, "password": "correct horse battery"}
    )
    assert "too many tries" in password.content.decode()
    cache.clear()
    assert client.post(reverse("sign-in-code"), {"code": code}).status_code == 302


def test_codes_are_never_made_for_people_who_have_an_email_address(world: World) -> None:
    """Otherwise a facilitator could sign in as anyone in their group, admins included."""
    actions.membership_add(actor=world.admin, group=world.group, user=world.admin)
    for person in (world.admin, world.member):
        with pytest.raises(PermissionDenied):
            actions.sign_in_code_issue(actor=world.facilitator, group=world.group, person=person)
        url = reverse("member-code", args=[world.org.slug, world.group.slug, person.pk])
        assert world.client("facilitator").post(url).status_code == 403
    assert not SignInCode.objects.filter(user__in=[world.admin, world.member]).exists()


def test_no_invitation_secret_is_handed_to_the_task_queue(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    from django.test import TestCase
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with TestCase.captureOnCommitCallbacks(execute=True):
        invitation, token = actions.invitation_create(
            actor=world.admin, group=world.group, email="x@example.org"
        )
    assert token == ""
    (queued,) = default_task_backend.results  # type: ignore[attr-defined]
    assert queued.args == [] and queued.kwargs == {"invitation_id": invitation.pk}
    # Until the task runs, the invitation has no token anyone could know.
    assert not mail.outbox


def test_an_account_is_not_left_behind_when_the_invitation_is_gone(world: World) -> None:
    token = world.invitation_token
    assert world.client("member").post(reverse("invitation", args=[token])).status_code == 302
    with pytest.raises(ValidationError):
        actions.invitation_accept_new_person(
            name="Late Larry", email="larry@example.org", password="a long password", token=token
        )
    from equalvoice.core.models import User

    assert not User.objects.filter(email="larry@example.org").exists()


def test_superusers_get_no_automatic_pass_to_access_needs(world: World) -> None:
    world.admin.is_superuser = True
    world.admin.save()
    assert not world.admin.has_perm("core.view_access_needs", world.member)
    assert world.facilitator.has_perm("core.view_access_needs", world.member)


def test_throttle_reads_the_address_our_proxy_saw(settings) -> None:  # type: ignore[no-untyped-def]
    from django.test import RequestFactory

    from equalvoice.core.throttle import client_address

    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 1.2.3.4"
    )
    assert client_address(request) == "10.0.0.1"
    settings.EQUALVOICE_PROXY_COUNT = 1
    assert client_address(request) == "1.2.3.4"  # the forged 6.6.6.6 is ignored
    settings.EQUALVOICE_PROXY_COUNT = 2
    assert client_address(request) == "6.6.6.6"


def test_throttle_can_share_counts_in_redis(settings) -> None:  # type: ignore[no-untyped-def]
    """Production runs several workers: with EQUALVOICE_CACHE_URL they share one count."""
    import redis

    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/15").ping()
    except redis.exceptions.ConnectionError:
        pytest.fail("Redis is expected on 127.0.0.1:6379 for this test")
    from django.core.cache import caches
    from django.test import RequestFactory

    from equalvoice.core import throttle

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
        }
    }
    settings.EQUALVOICE_SIGN_IN_ATTEMPTS = 2
    caches["default"].clear()
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9")
    throttle.record_failure(request)
    assert not throttle.too_many_failures(request)
    throttle.record_failure(request)
    assert throttle.too_many_failures(request)
    caches["default"].clear()
