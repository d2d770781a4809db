"""The data for the scale-out test (tests/test_scale_out.py), in the stack's own database,
by running this module with the stack's environment:

    python -m tests.scale_out_data build MEMBERS FACILITATORS
    python -m tests.scale_out_data count CONVERSATION ROUND

`build` prints, as JSON, what the load needs: the organisation, the people (all with the
same password), the round, the conversation and one meeting for each facilitator, all
made through the actions, as the app would. `count` prints what the database holds at the
end: every vote, answer and speaker, and every background task's record."""

from __future__ import annotations

import json
import sys
from datetime import timedelta
from typing import Any

PASSWORD = "scale out test password"


def build(members: int, facilitators: int) -> dict[str, Any]:
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from equalvoice.core import actions
    from equalvoice.core.models import Group, Membership, User
    from equalvoice.meetings import actions as meetings
    from equalvoice.opinions import actions as opinions
    from equalvoice.standards import actions as standards
    from equalvoice.standards.selectors import statements_in

    hashed = make_password(PASSWORD)  # once: hashing is slow on purpose

    def person(n: int, kind: str) -> User:
        return User.objects.create(
            username=f"{kind}{n}",
            name=f"{kind.title()} {n}",
            email=f"{kind}{n}@example.org",
            password=hashed,
        )

    admin = person(0, "admin")
    org = actions.organisation_create(name="Scaleshire Council", slug="scaleshire", admin=admin)
    group = actions.group_create(
        actor=admin, organisation=org, name="Panel", kind=Group.Kind.EXPERT_PANEL
    )
    staff = [person(n, "facilitator") for n in range(1, facilitators + 1)]
    people = [person(n, "member") for n in range(1, members + 1)]
    for each in staff:
        actions.membership_add(
            actor=admin, group=group, user=each, role=Membership.GroupRole.FACILITATOR
        )
    for each in people:
        actions.membership_add(actor=admin, group=group, user=each)

    standard = standards.standard_save(
        actor=admin,
        organisation=org,
        title="Our pledge",
        kind="pledge",
        scale="five_point",
        group=group,
    )
    theme = standards.theme_save(actor=admin, standard=standard, title="Listening")
    for text in ["Staff listen to me.", "I choose my support.", "I know who to ask."]:
        standards.statement_save(actor=admin, standard=standard, theme=theme, plain=text)
    standards.version_publish(actor=admin, standard=standard)
    today = timezone.localdate()
    round_ = standards.round_save(
        actor=admin,
        standard=standard,
        name="Spring",
        opens_on=today,
        closes_on=today + timedelta(days=30),
        anonymous=False,
        scale="five_point",
        groups=[group],
    )
    conversation = opinions.conversation_create(
        actor=staff[0],
        group=group,
        title="Saturdays",
        question="What should happen on Saturdays?",
        seeds=[
            "Open the day centre on Saturdays.",
            "Saturday trips out are better.",
            "Saturdays should be quiet.",
            "Music on Saturday afternoons.",
        ],
    )
    starts = timezone.now().replace(microsecond=0) - timedelta(minutes=30)
    meetings_made = [
        meetings.meeting_save(
            actor=each,
            group=group,
            title=f"Meeting {n}",
            kind="meeting",
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            place="Town hall",
        )
        for n, each in enumerate(staff, start=1)
    ]
    return {
        "org": org.slug,
        "password": PASSWORD,
        "members": [{"id": p.pk, "email": p.email} for p in people],
        "facilitators": [{"id": p.pk, "email": p.email} for p in staff],
        "round": round_.pk,
        "round_statements": list(statements_in(round_.version).values_list("pk", flat=True)),
        "conversation": conversation.pk,
        "meetings": [m.pk for m in meetings_made],
        "tappable": [p.pk for p in [*staff, *people]],
    }


def count(conversation_id: int, round_id: int) -> dict[str, Any]:
    from django.conf import settings
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    from equalvoice.meetings.models import Speaking
    from equalvoice.opinions.models import Conversation, Vote
    from equalvoice.standards.models import Answer, Response

    conversation = Conversation.objects.get(pk=conversation_id)
    return {
        "votes": list(
            Vote.objects.filter(participant__conversation=conversation).values_list(
                "participant__person_id", "statement_id", "value"
            )
        ),
        "responses": list(
            Response.objects.filter(round_id=round_id)
            .values("person_id")
            .annotate(n=Count("id"))
            .values_list("person_id", "n", "submitted")
        ),
        "answers": list(
            Answer.objects.filter(response__round_id=round_id).values_list(
                "response__person_id", "statement_id", "value"
            )
        ),
        "speaking": list(
            Speaking.objects.filter(meeting__group=conversation.group)
            .values("meeting_id", "person_id")
            .annotate(n=Count("id"))
            .values_list("meeting_id", "person_id", "n")
        ),
        "conversation": {
            "update_waiting": conversation.update_waiting,
            "results_votes": conversation.results_votes,
        },
        "tasks": _rq_tasks()
        if settings.TASKS["default"]["BACKEND"].endswith("RQBackend")
        else [
            dict(row)
            for row in DBTaskResult.objects.values(
                "task_path", "status", "worker_ids", "enqueued_at", "finished_at"
            )
        ],
    }


def _rq_tasks() -> list[dict[str, Any]]:
    """Every job in RQ's default queue and its registries, in the same shape as the
    database queue's records: the worker of each run that finished (RQ keeps a result
    for every run of a job)."""
    import django_rq
    from django_tasks_rq.backend import Job
    from rq import registry

    queue = django_rq.get_queue("default", job_class=Job)
    ids = set(queue.job_ids)
    for kind in (
        registry.StartedJobRegistry,
        registry.FinishedJobRegistry,
        registry.FailedJobRegistry,
        registry.ScheduledJobRegistry,
        registry.DeferredJobRegistry,
        registry.CanceledJobRegistry,
    ):
        ids |= set(kind(queue=queue).get_job_ids())
    jobs: list[Any] = Job.fetch_many(sorted(ids), connection=queue.connection)
    return [
        {
            "task_path": job.func_name,
            "status": str(job.task_result.status.value),
            "worker_ids": [result.worker_name for result in job.results()],
            "enqueued_at": job.enqueued_at,
            "finished_at": job.ended_at,
        }
        for job in jobs
        if job is not None
    ]


if __name__ == "__main__":
    import django

    django.setup()
    if sys.argv[1] == "build":
        print(json.dumps(build(int(sys.argv[2]), int(sys.argv[3]))))
    else:
        print(json.dumps(count(int(sys.argv[2]), int(sys.argv[3])), default=str))
