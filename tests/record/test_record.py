"""The co-production record through its actions and pages: planning and confirming
activities, the evidenced rung beside the claimed one, signals, and challenges."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from equalvoice.record import actions, selectors
from equalvoice.record.ladder import Rung
from equalvoice.record.models import Activity, ClaimChallenge, Initiative, Stage

from ..conftest import World


def _initiative(world: World, title: str = "Short breaks plan") -> Initiative:
    return actions.initiative_save(
        actor=world.admin, organisation=world.org, title=title, kind="plan", group=world.group
    )


def _stage(world: World, name: str) -> Stage:
    return selectors.stages_for(world.org).get(name=name)


def _activity(world: World, initiative: Initiative, **kw: object) -> Activity:
    data: dict[str, object] = {
        "stage": _stage(world, "Design"),
        "on": timezone.localdate() - timedelta(days=3),
        "status": "done",
        "what": "Workshop on the service specification",
        "rung_claimed": 7,
        "participants": [world.member],
        "shaped_design": True,
        "decisions": "together",
        "effect": "We changed the opening hours.",
    }
    data.update(kw)
    return actions.activity_save(actor=world.facilitator, initiative=initiative, **data)  # type: ignore[arg-type]


def test_stages_default_and_belong_to_the_organisation(world: World) -> None:
    _initiative(world)
    assert [s.name for s in selectors.stages_for(world.org)] == Stage.DEFAULTS
    assert not Stage.objects.filter(organisation=world.other_org).exists()


def test_evidenced_rung_beside_the_claim(world: World) -> None:
    initiative = _initiative(world)
    honest = _activity(world, initiative)
    thin = _activity(world, initiative, effect="", shaped_design=False, decisions="staff")
    views = {v.activity.pk: v for v in selectors.activity_views(initiative)}
    assert views[honest.pk].evidence.rung == Rung.CO_PRODUCTION
    assert views[honest.pk].lived_experience == 1  # the member holds a lived-experience view
    assert views[thin.pk].evidence.rung == Rung.CONSULTATION
    assert views[thin.pk].above_evidence and views[thin.pk].evidence.reasons


def test_counts_at_open_events_count_as_lived_experience(world: World) -> None:
    initiative = _initiative(world)
    activity = _activity(
        world, initiative, participants=[world.facilitator], attendance={world.perspective: 12}
    )
    (view,) = selectors.activity_views(initiative)
    assert view.activity == activity and view.lived_experience == 12


def test_planned_then_confirmed(world: World) -> None:
    initiative = _initiative(world)
    planned = _activity(
        world, initiative, status="planned", effect="", on=timezone.localdate() + timedelta(days=30)
    )
    (view,) = selectors.activity_views(initiative)
    assert view.evidence.rung is None
    with pytest.raises(ValidationError):
        _activity(world, initiative, activity=planned, status="planned", effect="Something")
    _activity(world, initiative, activity=planned, on=timezone.localdate())
    planned.refresh_from_db()
    assert planned.status == "done" and planned.done_on == timezone.localdate()


def test_signals_show_on_the_initiative(world: World) -> None:
    initiative = _initiative(world)
    _activity(
        world, initiative, status="planned", effect="", on=timezone.localdate() - timedelta(days=5)
    )
    _activity(
        world,
        initiative,
        stage=_stage(world, "Put it into practice"),
        effect="",
        rung_claimed=6,
        shaped_design=False,
        decisions="staff",
        on=timezone.localdate() - timedelta(days=40),
    )
    codes = {
        s.code
        for s in selectors.initiative_signals(
            selectors.activity_views(initiative), timezone.localdate()
        )
    }
    assert {
        "overdue_plans",
        "no_effect_30_days",
        "claims_above_evidence",
        "late_involvement",
        "low_rungs_only",
    } <= codes
    page = world.client("member").get(reverse("initiative", args=[world.org.slug, initiative.pk]))
    assert page.status_code == 200
    assert "Warning" in page.content.decode()


def test_only_record_keepers_change_it(world: World) -> None:
    initiative = _initiative(world)
    with pytest.raises(PermissionDenied):
        actions.activity_save(
            actor=world.member,
            initiative=initiative,
            stage=_stage(world, "Design"),
            on=timezone.localdate(),
            status="planned",
            what="x",
            rung_claimed=4,
        )
    with pytest.raises(PermissionDenied):
        actions.initiative_save(actor=world.member, organisation=world.org, title="x", kind="plan")
    with pytest.raises(PermissionDenied):
        actions.initiative_save(
            actor=world.other_admin, organisation=world.org, title="x", kind="plan"
        )


def test_a_rung_outside_the_ladder_is_refused(world: World) -> None:
    initiative = _initiative(world)
    with pytest.raises(ValueError):
        _activity(world, initiative, rung_claimed=8)
    url = reverse("activity-create", args=[world.org.slug, initiative.pk])
    response = world.client("facilitator").post(
        url,
        {
            "stage": _stage(world, "Design").pk,
            "on": "2026-01-10",
            "status": "done",
            "what": "Typed words stay",
            "rung_claimed": "9",
            "decisions": "staff",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Choose a rung of the ladder" in body and "Typed words stay" in body


def test_bad_activity_input_is_explained_and_kept(world: World) -> None:
    initiative = _initiative(world)
    url = reverse("activity-create", args=[world.org.slug, initiative.pk])
    client = world.client("facilitator")
    future = (timezone.localdate() + timedelta(days=10)).isoformat()
    base = {
        "stage": _stage(world, "Design").pk,
        "rung_claimed": "4",
        "decisions": "staff",
        "what": "Survey of carers",
    }
    cases = [
        ({"on": future, "status": "done"}, "cannot have a date in the future"),
        ({"on": future, "status": "planned", "effect": "It went well"}, "has not happened yet"),
        (
            {"on-day": "30", "on-month": "2", "on-year": "2026", "status": "done"},
            "Date must be a real date",
        ),
        (
            {"on-day": "3", "on-month": "", "on-year": "2026", "status": "done"},
            "Date must include a month",
        ),
        ({"on": "2026-01-10", "status": "not_done"}, "Say why it changed or did not happen"),
    ]
    before = Activity.objects.count()
    for extra, message in cases:
        response = client.post(url, {**base, **extra})
        body = response.content.decode()
        assert response.status_code == 400, extra
        assert message in body and "Survey of carers" in body
    assert Activity.objects.count() == before


def test_members_challenge_claims_and_the_reply_stays(world: World) -> None:
    initiative = _initiative(world)
    activity = _activity(world, initiative)
    url = reverse("claim-challenge", args=[world.org.slug, initiative.pk, activity.pk])
    client = world.client("member")
    assert client.post(url, {"text": ""}).status_code == 400
    assert client.post(url, {"text": "We were only asked at the end."}).status_code == 302
    challenge = ClaimChallenge.objects.get(text="We were only asked at the end.")
    page = client.get(reverse("initiative", args=[world.org.slug, initiative.pk])).content.decode()
    assert "We were only asked at the end." in page and "Waiting for a reply" in page
    reply = reverse("claim-reply", args=[world.org.slug, initiative.pk, challenge.pk])
    assert client.post(reply, {"reply": "x"}).status_code == 403
    assert (
        world.client("facilitator")
        .post(reply, {"reply": "You are right; we will start earlier."})
        .status_code
        == 302
    )
    page = client.get(reverse("initiative", args=[world.org.slug, initiative.pk])).content.decode()
    assert "You are right; we will start earlier." in page
    signals = selectors.initiative_signals(
        selectors.activity_views(initiative), timezone.localdate()
    )
    assert "open_challenges" not in {s.code for s in signals}


def test_board_queries_do_not_grow_with_initiatives(world: World) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert (
                world.client("admin")
                .get(reverse("record-board", args=[world.org.slug]))
                .status_code
                == 200
            )
        return len(ctx.captured_queries)

    first = _initiative(world, "One")
    _activity(world, first)
    before = queries()
    for n in range(5):
        more = _initiative(world, f"More {n}")
        _activity(world, more)
        _activity(world, more, status="planned", effect="", on=timezone.localdate())
    assert queries() == before


def test_initiatives_of_a_group_are_hidden_from_others(world: World) -> None:
    initiative = _initiative(world)
    url = reverse("initiative", args=[world.org.slug, initiative.pk])
    assert world.client("member").get(url).status_code == 200
    assert world.client("other_admin").get(url).status_code == 404
    from equalvoice.core import actions as core_actions

    from ..factories import make_user

    outsider = make_user(name="Otto Outsider")
    core_actions.membership_add(actor=world.admin, group=world.other_group, user=outsider)
    from django.test import Client

    client = Client()
    client.force_login(outsider, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(url).status_code == 404
    board = client.get(reverse("record-board", args=[world.org.slug])).content.decode()
    assert "Short breaks plan" not in board


def test_profile_counts_by_stage_rung_and_perspective(world: World) -> None:
    initiative = _initiative(world)
    _activity(world, initiative)
    _activity(world, initiative, effect="", attendance={world.perspective: 9}, participants=[])
    views = selectors.activity_views(initiative)
    profile = selectors.profile(initiative, views)
    design = _stage(world, "Design")
    assert profile.grid == {(design.pk, 7): 1, (design.pk, 4): 1}
    rows = {s.name: (counts, total) for s, counts, total in profile.people_rows()}
    assert rows["Design"][1] == 1 + 9
    assert sum(n for n, _share in rows["Design"][0]) == 10
    assert (10, 100) in rows["Design"][0]  # the member and the 9 share one perspective
    page = world.client("member").get(reverse("initiative", args=[world.org.slug, initiative.pk]))
    body = page.content.decode()
    assert "<svg" in body and 'role="img"' in body and "Co-production profile" in body


def test_csv_export_round_trips_and_matches_the_board(world: World) -> None:
    import csv
    import io

    from equalvoice.record.views import CSV_HEADER

    nasty = _initiative(world, "=HYPERLINK(1)")
    _activity(world, nasty, decisions="staff")
    response = world.client("admin").get(reverse("record-csv", args=[world.org.slug]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == CSV_HEADER
    by_title = {r[0]: r for r in rows[1:]}
    assert by_title["Day centre plan"][3] == "1"
    evil = by_title["'=HYPERLINK(1)"]
    assert evil[5] == "Co-production" and evil[6] == "Co-design"
    assert evil[7] == "Design: Co-design"
    assert "Claims above the evidence" in evil[8]
    board = (
        world.client("admin").get(reverse("record-board", args=[world.org.slug])).content.decode()
    )
    assert "Co-design" in board and "Claims above the evidence" in board


def test_changing_an_activity_keeps_its_date_in_the_form(world: World) -> None:
    url = reverse("activity-edit", args=[world.org.slug, world.initiative.pk, world.activity.pk])
    body = world.client("facilitator").get(url).content.decode()
    on = world.activity.on
    assert f'name="on-day" type="text" inputmode="numeric" value="{on.day}"' in body
    assert f'name="on-month" type="text" inputmode="numeric" value="{on.month}"' in body
    assert f'name="on-year" type="text" inputmode="numeric" value="{on.year}"' in body


def test_evidence_files_are_checked_and_private(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    from equalvoice.record.models import Evidence

    settings.EQUALVOICE_MAX_EVIDENCE_BYTES = 1000
    url = reverse("evidence-add", args=[world.org.slug, world.initiative.pk, world.activity.pk])
    client = world.client("facilitator")
    before = Evidence.objects.count()
    too_big = client.post(
        url, {"note": "Kept note", "file": SimpleUploadedFile("a.pdf", b"x" * 2000)}
    )
    assert too_big.status_code == 400 and "too big" in too_big.content.decode()
    assert "Kept note" in too_big.content.decode()
    wrong = client.post(url, {"note": "Kept", "file": SimpleUploadedFile("a.exe", b"MZ")})
    assert wrong.status_code == 400 and "Choose a document" in wrong.content.decode()
    empty = client.post(url, {})
    assert empty.status_code == 400 and "Add a note, a link or a file" in empty.content.decode()
    assert Evidence.objects.count() == before
    ok = client.post(
        url, {"link": "https://example.org/minutes", "file": SimpleUploadedFile("m.txt", b"hi")}
    )
    assert ok.status_code == 302
    download = reverse(
        "evidence-file", args=[world.org.slug, world.initiative.pk, world.evidence.pk]
    )
    got = world.client("member").get(download)
    assert got.status_code == 200 and b"".join(got.streaming_content).startswith(b"Minutes")  # type: ignore[attr-defined]
    assert world.client("other_admin").get(download).status_code == 404


def test_board_report_pdf_opens_and_holds_the_board_figures(world: World, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil
    import subprocess

    initiative = _initiative(world, "Carers strategy")
    _activity(world, initiative, decisions="staff")
    response = world.client("admin").get(reverse("record-pdf", args=[world.org.slug]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(response.content)
    for tool in ("pdftoppm", "pdftotext"):
        assert shutil.which(tool), (
            f"{tool} is needed (Debian's poppler-utils; make test installs it)"
        )
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    pages = list(tmp_path.glob("page*.png"))
    assert pages and pages[0].read_bytes().startswith(b"\x89PNG")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    rows = selectors.board(
        selectors.initiatives_visible_to(world.admin, world.org), world.org, timezone.localdate()
    )
    for row in rows:
        assert row.initiative.title in text
        assert (row.highest_evidenced.label if row.highest_evidenced else "Nothing yet") in text
        for signal in row.signals:
            assert signal.title in text


def test_you_said_we_did_is_public_only_once_published_and_shows_no_names(world: World) -> None:
    from django.test import Client

    from equalvoice.record.models import YouSaid

    draft = _initiative(world, "Transport review")
    public_url = reverse("you-said-public", args=[world.org.slug, draft.pk])
    edit = reverse("you-said-edit", args=[world.org.slug, draft.pk])
    client = world.client("facilitator")
    for role in ("anonymous", "member", "facilitator", "admin", "other_admin"):
        assert world.client(role).get(public_url).status_code == 404, role
    refused = client.post(edit, {"how": "publish"})
    assert refused.status_code == 400 and "Add at least one" in refused.content.decode()
    assert client.post(edit, {"how": "add", "said": "", "did": "x"}).status_code == 400
    assert (
        client.post(
            edit, {"how": "add", "said": "Buses are late.", "did": "We asked for a new route."}
        ).status_code
        == 302
    )
    assert world.client("member").post(edit, {"how": "publish"}).status_code == 403
    assert client.post(edit, {"how": "publish"}).status_code == 302
    page = Client().get(public_url)
    body = page.content.decode()
    assert (
        page.status_code == 200
        and "Buses are late." in body
        and "We asked for a new route." in body
    )
    for name in (world.member.name, world.facilitator.name, world.admin.name):
        assert name not in body
    assert "Buses are late." in Client().get(public_url + "?view=easy-read").content.decode()
    assert client.post(edit, {"how": "unpublish"}).status_code == 302
    assert Client().get(public_url).status_code == 404
    assert YouSaid.objects.filter(initiative=draft).count() == 1
    # Another organisation's slug never reaches this initiative.
    assert (
        Client()
        .get(reverse("you-said-public", args=[world.other_org.slug, world.initiative.pk]))
        .status_code
        == 404
    )


def test_board_filters_and_sorts(world: World) -> None:
    quiet = _initiative(world, "Aaa quiet plan")
    quiet.group = world.other_group
    quiet.save()
    url = reverse("record-board", args=[world.org.slug])
    client = world.client("admin")
    only_group = client.get(url, {"group": world.other_group.pk}).content.decode()
    assert "Aaa quiet plan" in only_group and "Day centre plan" not in only_group
    with_signs = client.get(url, {"signs": "any"}).content.decode()
    assert "Day centre plan" in with_signs and "Aaa quiet plan" not in with_signs
    by_signs = client.get(url, {"sort": "signs"}).content.decode()
    assert by_signs.index("Day centre plan") < by_signs.index("Aaa quiet plan")
    assert client.get(url, {"sort": "nonsense", "group": "x"}).status_code == 200


def test_timeline_lists_activities_by_date(world: World) -> None:
    _activity(
        world,
        world.initiative,
        status="planned",
        effect="",
        what="Old plan",
        on=timezone.localdate() - timedelta(days=9),
    )
    body = (
        world.client("member")
        .get(reverse("initiative", args=[world.org.slug, world.initiative.pk]))
        .content.decode()
    )
    timeline = body.split("Timeline", 1)[1].split("</ol>", 1)[0]
    assert timeline.index("Old plan") < timeline.index("Workshop on the plan")
    assert "Overdue" in timeline


def test_admins_edit_the_stages(world: World) -> None:
    url = reverse("record-stages", args=[world.org.slug])
    design = _stage(world, "Design")
    assert (
        world.client("facilitator").post(url, {"stage": design.pk, "name": "Plan"}).status_code
        == 403
    )
    client = world.client("admin")
    assert client.post(url, {"stage": design.pk, "name": "Plan it together"}).status_code == 302
    assert client.post(url, {"stage": "", "name": "Celebrate"}).status_code == 302
    clash = client.post(url, {"stage": "", "name": "celebrate"})
    assert clash.status_code == 400 and "already a stage" in clash.content.decode()
    names = [s.name for s in selectors.stages_for(world.org)]
    assert names[1] == "Plan it together" and names[-1] == "Celebrate"


def test_board_and_initiative_page_agree(world: World) -> None:
    today = timezone.localdate()
    busy = _initiative(world, "Busy plan")
    _activity(world, busy, status="planned", effect="", on=today - timedelta(days=5))
    _activity(
        world,
        busy,
        stage=_stage(world, "Review"),
        effect="",
        rung_claimed=6,
        shaped_design=False,
        decisions="staff",
        on=today - timedelta(days=40),
        attendance={world.perspective: 4},
        participants=[],
    )
    rows = selectors.board(
        selectors.initiatives_visible_to(world.admin, world.org), world.org, today
    )
    assert rows
    for row in rows:
        views = selectors.activity_views(row.initiative)
        assert row.signals == selectors.initiative_signals(views, today)
        happened = [v for v in views if v.activity.happened]
        assert row.done == len(happened)
        assert row.highest_evidenced == max(
            (v.evidence.rung for v in happened if v.evidence.rung), default=None
        )
