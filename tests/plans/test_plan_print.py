"""The plan to read and on paper: the easy-read view of the whole plan, the plan as a
PDF (plain and easy read) and the one-page profile PDF.

The grid: every role × each of the four × sections shared three ways: the status each
gets, and in each page or PDF exactly the words of the sections shared with them. The
PDFs are read by their extracted text (poppler's pdftotext), their pages counted with
pdfinfo and their text sizes measured from pdftotext's word boxes."""

from __future__ import annotations

import re
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from equalvoice.plans import actions
from equalvoice.plans.models import PlanView, Section, Step

from ..page_text import Page, assert_reads_well, pdf_text
from .conftest import READS, ROLES, SECTIONS, PlanWorld

pytestmark = pytest.mark.django_db

EASY_READ = "my-plan-easy-read"
PDFS = ["my-plan-pdf", "my-plan-easy-read-pdf", "my-plan-profile-pdf"]
PLAN_PAGES = [EASY_READ, "my-plan-pdf", "my-plan-easy-read-pdf"]

# The one-page profile is made from four sections; with "What matters to me" (only me,
# from the world) these three are shared the other ways.
PROFILE_SECTIONS = {
    "matters": (Section.Visibility.PRIVATE, SECTIONS["matters"][1]),
    "admire": (Section.Visibility.CIRCLE, "People like my loud laugh."),
    "support": (Section.Visibility.WORKER, "Help me with my post on Mondays."),
    "not_want": (Section.Visibility.CIRCLE, "Please do not shout at me."),
}
PROFILE_READS = {
    "owner": {"matters", "admire", "support", "not_want"},
    "family": {"admire", "support", "not_want"},
    "worker": {"support"},
}


def _url(pw: PlanWorld, name: str) -> str:
    return reverse(name, args=[pw.org.slug, pw.plan.pk])


def _expected(role: str) -> int:
    if role in ("owner", "family", "worker"):
        return 200
    return 302 if role == "anonymous" else 404


def _text(response) -> str:  # type: ignore[no-untyped-def]
    if response["Content-Type"] == "application/pdf":
        return pdf_text(response.content)
    return Page(response).whole


def _pages(pdf: bytes) -> int:
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
    found = re.search(r"^Pages:\s+(\d+)", info.stdout.decode(), re.MULTILINE)
    assert found
    return int(found.group(1))


# pdftotext's word box for DejaVu Sans (the font of our PDFs) is 1.164 em high: its ascent
# (0.928 em) and descent (0.236 em).
DEJAVU_BOX = 1.164


def _smallest_text_pt(pdf: bytes) -> float:
    """The size in points of the smallest text in the PDF."""
    boxes = subprocess.run(
        ["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    heights = [
        float(y_max) - float(y_min)
        for y_min, y_max in re.findall(
            r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" '
            r'yMax="([\d.]+)"',
            boxes,
        )
    ]
    assert heights
    return round(min(heights) / DEJAVU_BOX, 1)


def _profile_world(pw: PlanWorld) -> None:
    owner = pw.plan.owner
    for key, (visibility, text) in PROFILE_SECTIONS.items():
        actions.section_write(actor=owner, plan=pw.plan, key=key, text=text)
        actions.section_share(actor=owner, plan=pw.plan, key=key, visibility=visibility)


@pytest.mark.parametrize("name", PLAN_PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_grid_each_person_reads_exactly_the_sections_shared_with_them(
    pw: PlanWorld, role: str, name: str
) -> None:
    response = pw.client(role).get(_url(pw, name))
    assert response.status_code == _expected(role), (role, name)
    if response.status_code != 200:
        assert not any(
            text in response.content.decode(errors="replace") for _, text, _ in SECTIONS.values()
        )
        return
    read = _text(response)
    seen = {key for key, (_, text, goal) in SECTIONS.items() if text in read or goal in read}
    assert seen == READS[role], (role, name)
    # The words and the goal come together: a section is there whole or not at all.
    for key in READS[role]:
        _, text, goal = SECTIONS[key]
        assert text in read and goal in read and f"Not done yet: Step: {goal}" in read


@pytest.mark.parametrize("role", ROLES)
def test_grid_the_profile_has_exactly_the_sections_shared_with_each_person(
    pw: PlanWorld, role: str
) -> None:
    _profile_world(pw)
    response = pw.client(role).get(_url(pw, "my-plan-profile-pdf"))
    assert response.status_code == _expected(role), role
    if response.status_code != 200:
        return
    read = pdf_text(response.content)
    seen = {key for key, (_, text) in PROFILE_SECTIONS.items() if text in read}
    assert seen == PROFILE_READS[role], role
    # Only the four sections of the profile: nothing of the others, shared or not.
    for key in ("home", "wellbeing"):
        assert SECTIONS[key][1] not in read and SECTIONS[key][2] not in read
    assert _pages(response.content) == 1


def test_looks_by_others_are_noted_for_the_owner(pw: PlanWorld) -> None:
    for name in [EASY_READ, *PDFS]:
        assert pw.client("owner").get(_url(pw, name)).status_code == 200
    assert not PlanView.objects.exists()  # the owner's own looks are not noted
    for name in [EASY_READ, *PDFS]:
        pw.client("family").get(_url(pw, name))
        pw.client("admin").get(_url(pw, name))  # not found: nothing to note
    rows = Page(pw.client("owner").get(_url(pw, "my-plan-looks"))).table(
        "Who has looked at your plan"
    )
    assert [r[:2] for r in rows[1:]] == [
        ["Fay Family", "the one-page profile"],
        ["Fay Family", "the easy read plan as a PDF"],
        ["Fay Family", "the plan as a PDF"],
        ["Fay Family", "the easy read plan"],
    ]


def test_the_plan_page_links_to_the_plan_on_paper(pw: PlanWorld) -> None:
    for role in ("owner", "worker"):
        links = dict(Page(pw.client(role).get(_url(pw, "my-plan"))).links)
        assert links["Easy read version of this plan"] == _url(pw, EASY_READ)
        assert links["Print or save this plan (PDF)"] == _url(pw, "my-plan-pdf")
        assert links["Print or save the easy read plan (PDF)"] == _url(pw, "my-plan-easy-read-pdf")
        assert links["A page about me (PDF)"] == _url(pw, "my-plan-profile-pdf")


def test_the_easy_read_plan_asks_questions_and_ticks_off_steps_in_words(
    pw: PlanWorld,
) -> None:
    step = Step.objects.get(goal__section__key="home")
    actions.step_set_done(actor=pw.plan.owner, step=step, done=True)
    page = Page(pw.client("owner").get(_url(pw, EASY_READ)))
    assert_reads_well(page)
    assert "This plan belongs to Olu Owner." in page.lines
    assert page.section("What matters to me?", until="What is my home like?") == [
        "Who can see this: Only me.",
        "Secret about my dad",
        "My goals",
        "Goal only I see",
        "☐ Not done yet: Step: Goal only I see",
    ]
    home = page.section("What is my home like?", until="How do I keep well and happy?")
    assert "☑ Done: Step: Goal for my circle" in home
    assert page.section("Who helps me with my plan?")[:2] == [
        "Fay Family: Family carer",
        "Wyn Worker: Named worker",
    ]


def test_someone_in_the_circle_is_told_they_see_only_what_is_shared(pw: PlanWorld) -> None:
    page = Page(pw.client("worker").get(_url(pw, EASY_READ)))
    assert "You see only the parts Olu Owner shares with you." in page.lines
    assert "Who can see this" not in page.text  # the owner's choices are the owner's
    assert "Who helps me with my plan?" not in page.text  # the circle: as on its page
    assert "Fay Family" not in page.text


def test_someone_who_sees_nothing_yet_is_told_so(pw: PlanWorld) -> None:
    for key in SECTIONS:
        actions.section_share(
            actor=pw.plan.owner, plan=pw.plan, key=key, visibility=Section.Visibility.PRIVATE
        )
    page = Page(pw.client("family").get(_url(pw, EASY_READ)))
    assert "Olu Owner has not shared any part of their plan with you yet." in page.lines
    text = pdf_text(pw.client("family").get(_url(pw, "my-plan-pdf")).content)
    assert "Olu Owner has not shared any part of their plan with Fay Family yet." in text


def test_the_easy_read_plan_keeps_the_persons_words_one_sentence_a_line(
    pw: PlanWorld,
) -> None:
    words = "I like my flat. It is near the park!\nMy neighbour Jo checks on me."
    actions.section_write(actor=pw.plan.owner, plan=pw.plan, key="home", text=words)
    page = Page(pw.client("family").get(_url(pw, EASY_READ)))
    home = page.section("What is my home like?", until="My goals")
    assert home == ["I like my flat.", "It is near the park!", "My neighbour Jo checks on me."]


def test_the_plan_pdf_says_when_it_was_made_and_whose_it_is_on_every_page(
    pw: PlanWorld,
) -> None:
    owner = pw.plan.owner
    long = " ".join(f"Sentence {i} about my home and the people near me." for i in range(150))
    actions.section_write(actor=owner, plan=pw.plan, key="home", text=long)
    today = timezone.localdate()
    made = f"Made on {today.day} {today:%B %Y}."
    response = pw.client("owner").get(_url(pw, "my-plan-pdf"))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    pages = _pages(response.content)
    assert pages > 1
    assert text.count(f"This plan belongs to Olu Owner. {made}") == pages + 1  # and the top
    assert "Who can see this part: Me, my circle and my named worker" in text
    assert "Written by Olu Owner" in text and "Added by Olu Owner" in text
    assert "The people who help me with my plan Fay Family: Family carer" in text
    assert "Wyn Worker: Named worker" in text
    assert f"Page {pages} of {pages}" in text
    # The worker's copy says it has only what is shared with them.
    worker = pdf_text(pw.client("worker").get(_url(pw, "my-plan-pdf")).content)
    assert "It has only the parts of the plan Olu Owner shares with Wyn Worker." in worker
    assert "Who can see this part" not in worker and "Fay Family" not in worker


@pytest.mark.parametrize(
    ("name", "smallest"),
    [("my-plan-pdf", 12), ("my-plan-easy-read-pdf", 14), ("my-plan-profile-pdf", 12)],
)
def test_pdf_text_is_large_enough(pw: PlanWorld, name: str, smallest: int) -> None:
    _profile_world(pw)
    response = pw.client("owner").get(_url(pw, name))
    assert _smallest_text_pt(response.content) >= smallest


def test_the_profile_has_the_persons_words_on_one_page(pw: PlanWorld) -> None:
    _profile_world(pw)
    pdf = pw.client("owner").get(_url(pw, "my-plan-profile-pdf")).content
    text = pdf_text(pdf)
    assert _pages(pdf) == 1
    today = timezone.localdate()
    assert text == (
        "A page about me Olu Owner "
        "What matters to me Secret about my dad "
        "What people like and admire about me People like my loud laugh. "
        "How to support me well "
        "What support I want and who gives it Help me with my post on Mondays. "
        "What I don't want Please do not shout at me. "
        f"This profile belongs to Olu Owner. Made on {today.day} {today:%B %Y}."
    )


def _numbered(key: str, count: int) -> str:
    return " ".join(f"Sentence {i} of {key} is about what I like." for i in range(1, count))


def test_a_long_profile_is_shortened_to_one_page_by_whole_sentences(pw: PlanWorld) -> None:
    owner = pw.plan.owner
    for key in ("matters", "admire", "support", "not_want"):
        actions.section_write(actor=owner, plan=pw.plan, key=key, text=_numbered(key, 150))
    pdf = pw.client("owner").get(_url(pw, "my-plan-profile-pdf")).content
    assert _pages(pdf) == 1
    text = pdf_text(pdf)
    for key in ("matters", "admire", "support", "not_want"):
        shown = [int(n) for n in re.findall(rf"Sentence (\d+) of {key} ", text)]
        # Whole sentences from the start, in order, and never half of the next one.
        assert shown == list(range(1, len(shown) + 1)) and len(shown) >= 2, key
        last = len(shown)
        assert f"Sentence {last} of {key} is about what I like. Continued in the full plan." in (
            text
        ), key
    assert text.count("Continued in the full plan.") == 4


def test_a_sentence_too_long_for_the_page_is_left_for_the_full_plan(pw: PlanWorld) -> None:
    owner = pw.plan.owner
    endless = "I like " + ", ".join(["tea and toast and cake"] * 400)
    actions.section_write(actor=owner, plan=pw.plan, key="matters", text=endless)
    actions.section_write(actor=owner, plan=pw.plan, key="admire", text="I am kind.")
    pdf = pw.client("owner").get(_url(pw, "my-plan-profile-pdf")).content
    assert _pages(pdf) == 1
    text = pdf_text(pdf)
    assert "What matters to me Continued in the full plan." in text
    assert "tea and toast" not in text
    assert "What people like and admire about me I am kind." in text


def test_a_profile_with_nothing_shared_says_so(pw: PlanWorld) -> None:
    text = pdf_text(pw.client("family").get(_url(pw, "my-plan-profile-pdf")).content)
    assert "Made by Fay Family, from the parts of the plan Olu Owner shares with them." in text
    assert "Olu Owner has not shared these parts of their plan with Fay Family yet." in text
