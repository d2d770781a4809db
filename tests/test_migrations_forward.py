"""Migrations carry a first release's data forward.

There is no release tag yet, so "the first release" is each of our apps at its initial
migration (`0001_initial`), with Django's and the other packages' apps as they are now
(their versions are pinned, and our initial migrations depend on them). The test empties
the database and migrates it forwards to that schema (as a database made by that release
was), stores representative rows with the models of that time, migrates forwards to the
latest, and checks the rows are all there and each data migration did its job. Then it
restores a backup made at that schema, which goes back and forwards as a restore does.
It runs on SQLite and on PostgreSQL, like the rest of the suite.

Forwards from empty, not back from the latest: unapplying every later migration made
Django render the project's models once per migration (about 36 of the test's 130 s
on SQLite); a database made by the first release was made forwards anyway.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps as current_apps
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from equalvoice.core import backup

pytestmark = pytest.mark.django_db(transaction=True)

OURS = [
    config.label
    for config in current_apps.get_app_configs()
    if config.name.startswith("equalvoice.")
]


def _first_release(executor: MigrationExecutor) -> list[tuple[str, str]]:
    """Each of our apps at the last migration it needs for every app's initial migration.
    Some initial migrations need a later one of the core (speakeasy's needs the core's
    0002, say), so "every app at 0001" is not a state a database can be in; the core's
    later migrations that no initial migration needs, and every app's own later ones,
    run in the test."""
    graph = executor.loader.graph
    initials = [
        node
        for node in graph.nodes
        if node[0] in OURS and not any(p[0] == node[0] for p in graph.node_map[node].parents)
    ]
    needed = {node for initial in initials for node in graph.forwards_plan(initial)}
    last: dict[str, tuple[str, str]] = {}
    for node in needed:
        app = node[0]
        if app in OURS and (
            app not in last or len(graph.forwards_plan(node)) > len(graph.forwards_plan(last[app]))
        ):
            last[app] = node
    return sorted(last.values())


@pytest.fixture
def first_release() -> Iterator[Any]:
    """The database at the first release's schema, and the models of that time. Always
    migrated back to the latest after, even when the test fails."""
    executor = MigrationExecutor(connection)
    first = _first_release(executor)
    assert sorted(app for app, _ in first) == sorted(OURS)
    # The other packages' apps as they are now (none of their migrations needs ours).
    others = [leaf for leaf in executor.loader.graph.leaf_nodes() if leaf[0] not in OURS]
    try:
        _empty_the_database()
        executor = MigrationExecutor(connection)
        executor.migrate([*first, *others])
        executor.loader.build_graph()
        applied = set(executor.loader.applied_migrations)
        graph = executor.loader.graph
        # Exactly the first release's migrations of ours, and all the others'.
        assert {node for node in applied if node[0] in OURS} == {
            node for target in first for node in graph.forwards_plan(target) if node[0] in OURS
        }
        assert {node for node in graph.nodes if node[0] not in OURS} <= applied
        yield executor.loader.project_state(first).apps
    finally:
        latest = MigrationExecutor(connection)
        latest.migrate(latest.loader.graph.leaf_nodes())


def _empty_the_database() -> None:
    """Every table dropped and no migration recorded: as before the first `migrate`."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    cascade = " CASCADE" if connection.vendor == "postgresql" else ""
    # The schema editor turns SQLite's foreign key checks off while it works.
    with connection.schema_editor() as editor:
        for table in tables:
            editor.execute(f"DROP TABLE {editor.quote_name(table)}{cascade}")
    with connection.cursor() as cursor:
        assert connection.introspection.table_names(cursor) == []


def _migrate_to_latest() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert not MigrationExecutor(connection).migration_plan(
        MigrationExecutor(connection).loader.graph.leaf_nodes()
    )


def _aware(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(year, month, day, hour))


def test_first_release_data_survives_every_migration(
    first_release: Any, tmp_path: Path, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    old = first_release

    def model(label: str) -> Any:
        return old.get_model(label)

    # The core: an organisation, people, a group, perspectives, access needs.
    org = model("core.Organisation").objects.create(name="Oldshire Council", slug="oldshire")
    asha = model("core.User").objects.create(
        username="asha", name="Asha Okafor", password="!", email="asha@example.org"
    )
    fran = model("core.User").objects.create(username="fran", name="Fran Lee", password="!")
    carer = model("core.Perspective").objects.create(
        organisation=org, name="Family carer", lived_experience=True
    )
    membership = model("core.OrgMembership").objects.create(
        organisation=org, user=asha, role="member"
    )
    membership.perspectives.add(carer)
    group = model("core.Group").objects.create(organisation=org, name="Panel", slug="panel")
    model("core.Membership").objects.create(group=group, user=asha)
    model("core.Membership").objects.create(group=group, user=fran, role="facilitator")
    model("core.AccessNeeds").objects.create(user=asha, large_print=True, preferred_contact="phone")
    model("core.Consent").objects.create(user=asha, kind="access_needs")

    # Plans: two sections, one written in, with a goal (versions came later).
    plan = model("plans.Plan").objects.create(organisation=org, owner=asha, title="My plan")
    Section = model("plans.Section")
    matters = Section.objects.create(
        plan=plan, key="matters", text="Music and my cat.", visibility="circle", written_by=asha
    )
    Section.objects.create(plan=plan, key="home", text="")
    goal = model("plans.Goal").objects.create(section=matters, text="Join a choir")

    # Standards: an anonymous round, one answer sent and one still being written.
    standard = model("standards.Standard").objects.create(organisation=org, title="Our pledge")
    version = model("standards.Version").objects.create(standard=standard, number=1)
    theme = model("standards.Theme").objects.create(version=version, title="Listening")
    statement = model("standards.Statement").objects.create(
        version=version, theme=theme, plain="Staff listen to me."
    )
    round_ = model("standards.Round").objects.create(
        standard=standard,
        version=version,
        name="Spring",
        opens_on=date(2026, 3, 1),
        closes_on=date(2026, 3, 31),
        link_key="spring-key",
        anonymous=True,
    )
    Response = model("standards.Response")
    Answer = model("standards.Answer")
    sent = Response.objects.create(
        round=round_, browser_key="browser-1", submitted=True, perspective=carer
    )
    Answer.objects.create(response=sent, statement=statement, value=4, comment="Mostly.")
    draft = Response.objects.create(round=round_, browser_key="browser-2", submitted=False)
    Answer.objects.create(response=draft, statement=statement, value=2)

    # Opinions: results stored before they kept counts by perspective.
    conversation = model("opinions.Conversation").objects.create(
        organisation=org, group=group, title="Saturdays", question="What on Saturdays?"
    )
    said = model("opinions.Statement").objects.create(
        conversation=conversation, text="Open on Saturdays."
    )
    carer_voter = model("opinions.Participant").objects.create(
        conversation=conversation, perspective="Family carer"
    )
    model("opinions.Vote").objects.create(participant=carer_voter, statement=said, value=1)
    conversation.results = {
        "statement_counts": {str(said.pk): {"agree": 1, "disagree": 0, "pass": 0}},
        "perspectives": {"sizes": {"Family carer": 1}, "left_out": []},
    }
    conversation.save()

    # Meetings and the record: rows in tables that gained columns.
    meeting = model("meetings.Meeting").objects.create(
        organisation=org,
        group=group,
        title="Spring meeting",
        starts_at=_aware(2026, 4, 1),
        ends_at=_aware(2026, 4, 1, 12),
    )
    initiative = model("record.Initiative").objects.create(organisation=org, title="Day centre")

    # A backup as that version would have made it.
    old_backup = tmp_path / "first-release.tar.gz"
    backup.write_backup(old_backup, models=old)

    _migrate_to_latest()
    carried = (org, asha, membership, group, meeting, initiative, plan, matters, goal)
    rest = (round_, sent, draft, carer, conversation, said)
    _check_carried_forward(*carried, *rest)

    # The same rows come forward from that version's backup too: restore moves the empty
    # database back to the backup's migrations, loads the rows with the models of that
    # time, and migrates forwards again.
    call_command("flush", interactive=False, verbosity=0)
    restored = backup.restore(old_backup)
    assert restored.migrated_from_backup_state
    _check_carried_forward(*carried, *rest)


def _check_carried_forward(
    org: Any,
    asha: Any,
    membership: Any,
    group: Any,
    meeting: Any,
    initiative: Any,
    plan: Any,
    matters: Any,
    goal: Any,
    round_: Any,
    sent: Any,
    draft: Any,
    carer: Any,
    conversation: Any,
    said: Any,
) -> None:
    new = current_apps

    def now(label: str) -> Any:
        return new.get_model(label)

    # Every row is still there, with what it held.
    assert now("core.Organisation").objects.get(pk=org.pk).slug == "oldshire"
    person = now("core.User").objects.get(pk=asha.pk)
    assert (person.name, person.email, person.erased_at) == (
        "Asha Okafor",
        "asha@example.org",
        None,
    )
    assert list(
        now("core.OrgMembership")
        .objects.get(pk=membership.pk)
        .perspectives.values_list("name", flat=True)
    ) == ["Family carer"]
    assert now("core.Membership").objects.filter(group_id=group.pk).count() == 2
    needs = now("core.AccessNeeds").objects.get(user_id=asha.pk)
    assert needs.large_print and needs.preferred_contact == "phone"
    assert now("core.Consent").objects.filter(user_id=asha.pk, kind="access_needs").exists()
    assert now("meetings.Meeting").objects.get(pk=meeting.pk).title == "Spring meeting"
    assert now("record.Initiative").objects.get(pk=initiative.pk).published_at is None

    # Plans: the written section got its first version, shared as the section is now; the
    # empty one got none; the goal got its first version too.
    versions = now("plans.SectionVersion").objects.filter(section__plan_id=plan.pk)
    assert [(v.section_id, v.text, v.shared_as, v.written_by_id) for v in versions] == [
        (matters.pk, "Music and my cat.", "circle", asha.pk)
    ]
    goal_versions = now("plans.GoalVersion").objects.filter(goal_id=goal.pk)
    assert [(v.text, v.shared_as) for v in goal_versions] == [("Join a choir", "circle")]
    assert goal_versions[0].written_at == now("plans.Goal").objects.get(pk=goal.pk).created_at

    # Standards: the sent answer was parted from its browser under a new random key, and
    # the browser is recorded as having taken part; the unsent one is as it was.
    responses = now("standards.Response").objects.filter(round_id=round_.pk)
    sent_now = responses.get(submitted=True)
    assert sent_now.pk != sent.pk and sent_now.browser_key == ""
    assert sent_now.perspective_id == carer.pk
    assert [(a.value, a.comment) for a in sent_now.answers.all()] == [(4, "Mostly.")]
    assert (
        now("standards.Participation")
        .objects.filter(round_id=round_.pk, browser_key="browser-1")
        .exists()
    )
    draft_now = responses.get(submitted=False)
    assert draft_now.pk == draft.pk and draft_now.browser_key == "browser-2"
    assert [a.value for a in draft_now.answers.all()] == [2]

    # Opinions: the stored results now count each statement's votes by perspective.
    results = now("opinions.Conversation").objects.get(pk=conversation.pk).results
    assert results["statement_counts"][str(said.pk)]["perspectives"] == {
        "Family carer": {"agree": 1, "disagree": 0, "pass": 0}
    }
