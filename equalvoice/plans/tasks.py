"""Background work for plans: reminding the person and their circle that they planned to
look at the plan together. Each task only calls ordinary code and decides nothing."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from equalvoice.core import emails


@task()
def send_review_reminders() -> int:
    """Email the person and their circle `EQUALVOICE_PLAN_REMINDER_DAYS` before the date
    they planned to look at the plan together. Each plan and date is reminded once,
    however often this runs (the scheduler runs it hourly with the meetings' reminders:
    `equalvoice send_reminders`, see docs/deploy.md). The email says whose plan, its
    name, the date and a link: never anything written in the plan. Each in the language
    its reader chose."""
    from equalvoice.core.waiting import day

    from .actions import review_reminder_claim
    from .selectors import people_to_remind, plans_to_remind

    today = timezone.localdate()
    site = settings.EQUALVOICE_SITE_URL.rstrip("/")
    sent = 0
    for plan in plans_to_remind(today):
        assert plan.next_review_on is not None
        if not review_reminder_claim(plan=plan, due_on=plan.next_review_on):
            continue  # another run has it
        for person in people_to_remind(plan):
            if not person.email:
                continue  # the home page shows it to people with no email address
            is_owner = person.pk == plan.owner_id
            with emails.in_language_of(person):
                when = day(plan.next_review_on, today)
                body = emails.text(
                    "plans/email/review_reminder.txt",
                    {
                        "person": person,
                        "plan": plan,
                        "is_owner": is_owner,
                        "when": when,
                        "url": site + plan.get_absolute_url(),
                    },
                )
                subject = (
                    _("Coming up: looking at your plan together on %(when)s")
                    if is_owner
                    else _("Coming up: looking at %(name)s’s plan together on %(when)s")
                ) % {"name": plan.owner.name, "when": when}
            EmailMessage(subject=emails.subject(subject), body=body, to=[person.email]).send()
            sent += 1
    return sent
