"""The plan on paper (WeasyPrint, through `core.pdf`): the whole plan, the easy-read plan,
and the one-page profile. Each is made from what the person may see (`selectors`), and
says when it was made and whose it is.

The one-page profile is shortened to fit one A4 page: each part keeps whole sentences
from its start (never half a sentence), as many as fit, and says "Continued in the full
plan" where it was shortened."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from equalvoice.core.models import User
from equalvoice.core.pdf import laid_out, render_pdf
from equalvoice.speakeasy.engine import sentence_spans
from equalvoice.speakeasy.pdf import picture_data

from .models import Plan
from .selectors import PlanToRead, ProfilePart

CONTINUED = _("Continued in the full plan.")
# More characters than one A4 page holds at 12 pt (about 3,500): more is not tried.
PAGE_HOLDS_AT_MOST = 6000


def plan_pdf(read: PlanToRead, made_on: datetime.date, *, easy_read: bool = False) -> bytes:
    """The whole plan as the person may see it (the easy-read version with `easy_read`)."""
    template = "plans/plan_easy_read_pdf.html" if easy_read else "plans/plan_pdf.html"
    organisation = read.plan.organisation
    html = render_to_string(
        template,
        {
            "read": read,
            "plan": read.plan,
            "organisation": organisation,
            "made_on": made_on,
            "pictures": picture_data(organisation) if easy_read else {},
        },
    )
    return render_pdf(html)


@dataclass
class ProfileText:
    """One section's words on the profile: the heading, the text kept (whole sentences
    from the start, as written) and whether some of it was left for the full plan."""

    heading: str
    text: str
    shortened: bool


@dataclass
class _Words:
    heading: str
    text: str
    ends: list[int]  # where each sentence ends in the text

    def up_to(self, budget: int | None) -> ProfileText:
        """The whole sentences from the start that end within `budget` characters (all
        of them for None)."""
        kept = [end for end in self.ends if budget is None or end <= budget]
        text = self.text[: kept[-1]] if kept else ""
        return ProfileText(self.heading, text, len(kept) < len(self.ends))


def profile_pdf(
    plan: Plan, parts: list[ProfilePart], made_on: datetime.date, reader: User | None = None
) -> bytes:
    """The one-page profile (made by `reader` when it is not the owner): everything when
    it fits on one page; otherwise each section keeps whole sentences from its start up
    to the same number of characters, the most that still fits (found by laying the page
    out again, fewer than 15 times)."""
    words = [
        [_Words(h, t, [end for _, end in sentence_spans(t)]) for h, t in part.texts]
        for part in parts
    ]

    def lay_out(budget: int | None) -> Any:
        shown = [
            (part.heading, [w.up_to(budget) for w in texts])
            for part, texts in zip(parts, words, strict=True)
        ]
        html = render_to_string(
            "plans/profile_pdf.html",
            {
                "plan": plan,
                "parts": shown,
                "made_on": made_on,
                "continued": CONTINUED,
                "reader": reader,
            },
        )
        return laid_out(html)

    if sum(len(w.text) for texts in words for w in texts) <= PAGE_HOLDS_AT_MOST:
        document = lay_out(None)
        if len(document.pages) <= 1:
            return document.write_pdf()  # type: ignore[no-any-return]
    # The budgets worth trying: where a sentence ends, in any section. The largest that
    # fits wins; with none, only the headings and "Continued in the full plan" are left.
    budgets = sorted(
        {end for texts in words for w in texts for end in w.ends if end <= PAGE_HOLDS_AT_MOST}
    )
    low, high, best = 0, len(budgets) - 1, None
    while low <= high:
        middle = (low + high) // 2
        tried = lay_out(budgets[middle])
        if len(tried.pages) <= 1:
            best, low = tried, middle + 1
        else:
            high = middle - 1
    return (best or lay_out(0)).write_pdf()  # type: ignore[no-any-return]
