"""Speakeasy in the platform: the widget, check my writing, challenges and the glossary,
easy read on screen and as PDF, and the command line."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from equalvoice.core.models import Contribution, Group, Organisation
from equalvoice.speakeasy import actions, selectors
from equalvoice.speakeasy.cli import main as cli
from equalvoice.speakeasy.models import Challenge, Word
from equalvoice.speakeasy.selectors import check_text
from equalvoice.speakeasy.widget import SENTENCE_KINDS, panel_items

from ..conftest import World
from ..page_text import Node, parse

ROOT = Path(__file__).resolve().parents[2]


def _docx(paragraphs: list[str]) -> bytes:
    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{p}</w:t></w:r></w:p>' for p in paragraphs)
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", xml)
    return buffer.getvalue()


# Challenges and the organisation's word list --------------------------------------


def test_accepting_a_challenge_flags_the_word_in_every_later_check(world: World) -> None:
    text = "We offer reablement after a hospital stay."
    before = [
        f for f in check_text(text, organisations=world.org).findings if f.text == "reablement"
    ]
    assert before and "get back on your feet" not in " ".join(before[0].suggestions)
    response = world.client("facilitator").post(
        reverse("challenge-answer", args=[world.org.slug, world.challenge.pk]),
        {"how": "accept", "plainer": "getting back on your feet"},
    )
    assert response.status_code == 302
    world.challenge.refresh_from_db()
    assert world.challenge.status == Challenge.Status.ACCEPTED
    fresh = type(world.org).objects.get(pk=world.org.pk)  # as the next request sees it
    after = check_text(text, organisations=fresh)
    flagged = [f for f in after.findings if f.text == "reablement"]
    assert flagged and "getting back on your feet" in flagged[0].suggestions
    # Only this organisation's checks: another organisation's words are its own.
    other = check_text(text, organisations=world.other_org)
    assert all("getting back on your feet" not in f.suggestions for f in other.findings)


def test_members_challenge_and_facilitators_explain_into_the_glossary(world: World) -> None:
    member = world.client("member")
    url = reverse("challenge", args=[world.org.slug])
    assert member.post(url, {"term": "", "reason": "shuts_out"}).status_code == 400
    sent = member.post(url, {"term": "co-terminous", "reason": "dont_understand"})
    assert sent.status_code == 302
    challenge = Challenge.objects.get(term="co-terminous")
    answer = reverse("challenge-answer", args=[world.org.slug, challenge.pk])
    assert member.post(answer, {"how": "explain", "explanation": "x"}).status_code == 403
    ok = world.client("facilitator").post(
        answer, {"how": "explain", "explanation": "covering the same area"}
    )
    assert ok.status_code == 302
    word = Word.objects.get(organisation=world.org, term="co-terminous")
    assert word.mode == Word.Mode.EXPLAIN
    world.group.purpose = "Our teams are co-terminous with the council."
    world.group.save()
    page = member.get(reverse("group", args=[world.org.slug, world.group.slug])).content.decode()
    assert "<dfn>co-terminous</dfn>" in page and "(covering the same area)" in page
    glossary = member.get(reverse("words", args=[world.org.slug])).content.decode()
    assert "covering the same area" in glossary


def test_a_challenge_is_answered_once(world: World) -> None:
    actions.challenge_accept(actor=world.admin, challenge=world.challenge, plainer="help at home")
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        actions.challenge_explain(actor=world.admin, challenge=world.challenge, explanation="x")


# The widget --------------------------------------------------------------------------


def test_feedback_as_you_type_flags_jargon(world: World) -> None:
    response = world.client("member").post(
        reverse("speakeasy-feedback"),
        {
            "_field": "text",
            "_id": "id_text",
            "_org": world.org.slug,
            "text": "Talk to stakeholders <script>x</script>",
        },
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert "Hard word" in body and "stakeholders" in body
    assert "<script>x" not in body


def test_one_click_applies_a_suggestion_with_htmx(world: World) -> None:
    text = "We will signpost you to the right team."
    report = check_text(text, organisations=world.org)
    index = next(i for i, f in enumerate(report.findings) if f.text == "signpost")
    response = world.client("member").post(
        reverse("speakeasy-apply"),
        {"_speakeasy_apply": f"text|{index}|0", "text": text, "_org": world.org.slug},
    )
    body = response.content.decode()
    assert response.status_code == 200
    suggestion = report.findings[index].suggestions[0]
    assert f"We will {suggestion} you to the right team." in body or suggestion in body
    assert "signpost you" not in body.split("</textarea>")[0]


def test_without_javascript_a_preview_step_shows_feedback_and_applies(world: World) -> None:
    client = world.client("member")
    url = reverse("contribute", args=[world.org.slug, world.group.slug])
    text = "Going forward we want better outcomes."
    preview = client.post(url, {"text": text, "_speakeasy_check": "1"})
    body = preview.content.decode()
    assert preview.status_code == 200 and "Speakeasy:" in body and "Going forward" in body
    assert not Contribution.objects.filter(text=text).exists()  # nothing saved yet
    report = check_text(text, organisations=world.org)
    index = next(i for i, f in enumerate(report.findings) if f.text == "Going forward")
    applied = client.post(url, {"text": text, "_speakeasy_apply": f"text|{index}|0"})
    new_text = report.findings[index].suggestions[0] + text[len("Going forward") :]
    assert new_text in applied.content.decode()
    # Saving is never blocked by what speakeasy finds.
    saved = client.post(url, {"text": text})
    assert saved.status_code == 302 and Contribution.objects.filter(text=text).exists()


def test_a_tampered_apply_changes_nothing(world: World) -> None:
    client = world.client("member")
    url = reverse("contribute", args=[world.org.slug, world.group.slug])
    for value in ("text|999|0", "text|0|999", "nope", "other|0|0", "text|-1|0"):
        response = client.post(url, {"text": "Plain words here.", "_speakeasy_apply": value})
        assert response.status_code == 200
        assert "Plain words here." in response.content.decode()


def test_group_form_uses_the_widget_and_shows_plain_status(world: World) -> None:
    client = world.client("admin")
    form = client.get(reverse("group-create", args=[world.org.slug])).content.decode()
    assert 'hx-post="/speakeasy/feedback/"' in form and "Check my writing first" in form
    page = client.get(reverse("group", args=[world.org.slug, world.group.slug])).content.decode()
    assert "Plain English:" in page


# The panel: one box for each thing to do, in the order of the text -------------------

# A long sentence that starts with a hard word and holds five more, then a short sentence
# with one: two things to do, not seven.
PARAGRAPH = (
    "Going forward, we will facilitate a programme of stakeholder engagement in order to "
    "ascertain what the people who use our day services and their families want from us "
    "next year. We will signpost you to the right team."
)
IN_THE_SENTENCE = ["Going forward", "facilitate", "stakeholder engagement", "in order to"]


def test_the_panel_lists_the_hard_words_of_a_long_sentence_under_it_in_text_order() -> None:
    report = check_text(PARAGRAPH)
    items = panel_items(report)
    sentence, alone = items  # one sentence with its words, then one word on its own
    assert sentence.finding.kind == "long_sentence"
    inside = [word.finding.text for word in sentence.inside]
    assert inside[: len(IN_THE_SENTENCE)] == IN_THE_SENTENCE and "ascertain" in inside
    starts = [word.finding.start for word in sentence.inside]
    assert starts == sorted(starts)
    assert all(sentence.finding.end >= word.finding.end for word in sentence.inside)
    assert alone.finding.text == "signpost" and not alone.inside
    # Each finding is shown once, and each keeps its place in the report, which is what
    # a "Use …" button names ("Going forward" comes before its sentence in the report).
    shown = [sentence, alone, *sentence.inside]
    assert sorted(item.index for item in shown) == list(range(len(report.findings)))
    assert all(report.findings[item.index] is item.finding for item in shown)
    assert sentence.inside[0].index < sentence.index


def test_at_easy_read_a_sentence_with_more_than_one_idea_holds_its_words() -> None:
    text = (
        "We will signpost you. Going forward, we will facilitate a programme of stakeholder "
        "engagement because we want to ascertain what you want."
    )
    first, second = panel_items(check_text(text, level="easy_read"))
    assert first.finding.text == "signpost" and not first.inside
    assert second.finding.kind == "many_ideas"
    inside = [word.finding.text for word in second.inside]
    assert inside[:3] == ["Going forward", "facilitate", "stakeholder engagement"]


def test_a_finding_outside_every_long_sentence_stands_alone() -> None:
    report = check_text("We will signpost you. Stakeholders will meet in June.")
    items = panel_items(report)
    assert not any(f.kind in SENTENCE_KINDS for f in report.findings)
    assert [item.finding.text for item in items] == ["signpost", "Stakeholders"]
    assert all(not item.inside for item in items)
    assert panel_items(check_text("")) == []


def _boxes(node: Node) -> list[Node]:
    """The warnings directly in a list of warnings (not those inside a sentence)."""
    found: list[Node] = []
    for child in node.children:
        if isinstance(child, Node):
            if "ev-finding" in child.attrs.get("class", "").split():
                found.append(child)
            else:
                found.extend(_boxes(child))
    return found


def _panel(html: str) -> tuple[str, list[Node]]:
    """The panel's headline and its boxes, in the order a person reads them."""
    root = parse(html)
    lists = [
        ul for ul in root.find_all("ul") if ul.attrs.get("class", "").split()[-1] == "ev-findings"
    ]
    assert len(lists) == 1
    heading = next(h for h in root.find_all("h3") if "Speakeasy" in h.text())
    return heading.text(), _boxes(lists[0])


def _head(box: Node) -> str:
    """A box's first line: its label and the words it quotes."""
    first = box.first("p")
    assert first is not None
    return first.text()


def _buttons_in_their_boxes(box: Node) -> list[tuple[str, str]]:
    """Each "Use …" button with the box it sits in directly: (the box's first line, the
    button's value), then those of the boxes listed inside this one."""
    pairs: list[tuple[str, str]] = []
    for child in box.children:
        if not isinstance(child, Node):
            continue
        if child.tag == "ul":
            pairs += [pair for inner in _boxes(child) for pair in _buttons_in_their_boxes(inner)]
        else:
            buttons = [child] if child.tag == "button" else child.find_all("button")
            pairs += [(_head(box), button.attrs["value"]) for button in buttons]
    return pairs


def _reads_as_two_things(html: str, *, buttons: bool) -> None:
    report = check_text(PARAGRAPH)
    headline, boxes = _panel(html)
    assert headline == "Speakeasy: 2 things you could make clearer"
    assert len(boxes) == 2
    sentence, alone = boxes
    assert _head(sentence).startswith("Long sentence “Going forward, we will")
    assert "A sentence you could split is one box" in html
    inside = sentence.first("ul")
    assert inside is not None
    quoted = [_head(word).split("“", 1)[1].rstrip("”") for word in _boxes(inside)]
    assert quoted[: len(IN_THE_SENTENCE)] == IN_THE_SENTENCE
    long = next(f for f in report.findings if f.kind == "long_sentence")
    words = [f for f in report.findings if f is not long and long.start <= f.start < long.end]
    assert f"In this sentence, {len(words)} words you could change:" in sentence.text()
    assert _head(alone) == "Hard word “signpost”"
    pairs = _buttons_in_their_boxes(sentence) + _buttons_in_their_boxes(alone)
    if not buttons:
        assert pairs == []
        return
    # Every suggestion of every word is a button in that word's own box.
    expected = sum(min(3, len(f.suggestions)) for f in report.findings)
    assert len(pairs) == expected > 0
    for words_of_box, value in pairs:
        _, finding, suggestion = value.split("|")
        found = report.findings[int(finding)]
        assert words_of_box.endswith(f"“{found.text}”")
        assert 0 <= int(suggestion) < len(found.suggestions)


def test_the_panel_as_you_type_shows_one_box_for_each_thing_to_do(world: World) -> None:
    response = world.client("member").post(
        reverse("speakeasy-feedback"),
        {"_field": "text", "_id": "id_text", "_org": "", "text": PARAGRAPH},
        headers={"HX-Request": "true"},
    )
    _reads_as_two_things(response.content.decode(), buttons=True)


def test_the_panel_without_javascript_is_the_same_and_shows_no_errors_yet(world: World) -> None:
    url = reverse("group-create", args=[world.org.slug])
    response = world.client("admin").post(url, {"purpose": PARAGRAPH, "_speakeasy_check": "1"})
    body = response.content.decode()
    assert response.status_code == 200
    # The group's name is still to type: checking the writing is not saving, so no error.
    assert "There is a problem" not in body and "govuk-error-message" not in body
    _reads_as_two_things(body, buttons=True)


def test_check_my_writing_uses_the_same_panel(world: World) -> None:
    response = world.client("member").post(
        reverse("check-writing"), {"text": PARAGRAPH, "level": "plain"}
    )
    body = response.content.decode()
    _reads_as_two_things(body, buttons=True)
    # Nothing to save here, and the figures read as numbers a person can take in.
    assert "You can still save" not in body
    report = check_text(PARAGRAPH)
    assert f"{report.flesch:.1f}" in body and str(report.flesch) not in body


def _text_box(body: str) -> str:
    box = parse(body).first("textarea")
    assert box is not None
    return box.text()


def test_check_my_writing_puts_a_suggestion_in_with_one_click(world: World) -> None:
    """Each "Use ..." button on Check my writing submits the page's own form (no
    JavaScript needed): the writing comes back with the suggestion in, checked again."""
    client, url = world.client("member"), reverse("check-writing")
    text = "Prior to the meeting, we will commence the review."
    first = client.post(url, {"text": text, "level": "plain"}).content.decode()
    buttons = [b for b in parse(first).find_all("button") if "ev-apply" in b.attrs["class"]]
    assert buttons and all(b.attrs["form"] == "check-form" for b in buttons)
    assert all("hx-post" not in b.attrs for b in buttons)
    report = check_text(text)
    index = next(i for i, f in enumerate(report.findings) if f.text == "Prior to")
    assert report.findings[index].suggestions[0] == "Before"
    value = next(b.attrs["value"] for b in buttons if b.attrs["value"].startswith(f"text|{index}|"))
    assert value == f"text|{index}|0"
    response = client.post(url, {"text": text, "level": "plain", "_speakeasy_apply": value})
    body = response.content.decode()
    assert response.status_code == 200
    changed = "Before the meeting, we will commence the review."
    assert _text_box(body) == changed
    # Checked again: the panel speaks of what is left, not of "Prior to".
    headline, boxes = _panel(body)
    left = check_text(changed)
    assert headline == f"Speakeasy: {len(left.findings)} thing you could make clearer"
    assert [_head(box) for box in boxes] == ["Hard word “commence”"]


@pytest.mark.parametrize("value", ["text|99|0", "text|0|9", "other|0|0", "text|x|y", "|||"])
def test_a_tampered_use_on_check_my_writing_changes_nothing(world: World, value: str) -> None:
    text = "Prior to the meeting, we will commence the review."
    response = world.client("member").post(
        reverse("check-writing"), {"text": text, "level": "plain", "_speakeasy_apply": value}
    )
    assert response.status_code == 200
    assert _text_box(response.content.decode()) == text


def test_check_my_writing_keeps_a_files_writing_in_the_box_for_the_buttons(world: World) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    txt = SimpleUploadedFile("letter.txt", b"We will commence the review.")
    body = world.client("member").post(
        reverse("check-writing"), {"document": txt, "level": "plain"}
    )
    assert _text_box(body.content.decode()) == "We will commence the review."


def test_plain_status_counts_things_to_do(world: World) -> None:
    world.group.purpose = PARAGRAPH
    world.group.terms_of_reference = ""
    world.group.save()
    page = world.client("member").get(reverse("group", args=[world.org.slug, world.group.slug]))
    assert "Plain English: 2 things to check" in page.content.decode()


# Check my writing ------------------------------------------------------------------


def test_check_my_writing_with_pasted_text(world: World) -> None:
    response = world.client("member").post(
        reverse("check-writing"),
        {"text": "The service user suffers from autism.", "level": "plain"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Hard word" in body and "Words that exclude" in body


def test_check_my_writing_with_files(world: World) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = world.client("member")
    url = reverse("check-writing")
    txt = SimpleUploadedFile("letter.txt", b"We will facilitate a meeting.")
    assert "facilitate" in client.post(url, {"document": txt, "level": "plain"}).content.decode()
    docx = SimpleUploadedFile("plan.docx", _docx(["Stakeholders met.", "We agreed a plan."]))
    body = client.post(url, {"document": docx, "level": "plain"}).content.decode()
    assert "Stakeholders" in body and "Hard word" in body
    bad = SimpleUploadedFile("plan.docx", b"not a zip")
    refused = client.post(url, {"document": bad, "level": "plain"})
    assert refused.status_code == 400
    assert "We could not read this Word document" in refused.content.decode()
    binary = SimpleUploadedFile("x.txt", b"\xff\xfe\x00\x01")
    assert (
        "not a text file"
        in client.post(url, {"document": binary, "level": "plain"}).content.decode()
    )


def test_flagged_text_is_escaped(world: World) -> None:
    body = (
        world.client("member")
        .post(
            reverse("check-writing"),
            {"text": "<script>alert(1)</script> stakeholders", "level": "plain"},
        )
        .content.decode()
    )
    assert "<script>alert(1)" not in body and "&lt;script&gt;" in body


# Easy read -------------------------------------------------------------------------


def test_easy_read_view_has_one_sentence_a_line_and_explanations(world: World) -> None:
    group = Group.objects.get(pk=world.group.pk)
    group.purpose = "We check plans. Safeguarding is everyone's job. We meet monthly."
    group.save()
    body = (
        world.client("member")
        .get(reverse("easy-read-group", args=[world.org.slug, world.group.slug]))
        .content.decode()
    )
    assert body.count('class="ev-easy__sentence"') == 3
    assert "keeping people safe" in body and body.count("ev-easy__note") >= 1


def test_easy_read_pdf(world: World) -> None:
    response = world.client("member").get(
        reverse(
            "easy-read-contribution-pdf",
            args=[world.org.slug, world.group.slug, world.contribution.pk],
        )
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_glossary_pictures_are_checked_and_private(world: World) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (8, 8), "purple").save(png, "PNG")
    url = reverse("word-picture", args=[world.org.slug, world.word.pk])
    fake = SimpleUploadedFile("x.png", b"<svg>not a picture</svg>")
    assert world.client("facilitator").post(url, {"picture": fake}).status_code == 400
    ok = world.client("facilitator").post(
        url, {"picture": SimpleUploadedFile("p.png", png.getvalue())}
    )
    assert ok.status_code == 302
    assert world.client("member").get(url + "?show=1").status_code == 200
    assert world.client("other_admin").get(url + "?show=1").status_code == 404
    assert Client().get(url + "?show=1").status_code == 302


# Command line ----------------------------------------------------------------------


def test_cli_exit_codes_and_json(tmp_path: Path) -> None:
    plain, jargon = tmp_path / "plain.txt", tmp_path / "jargon.txt"
    plain.write_text("We meet on Monday.")
    jargon.write_text("We will leverage synergies with stakeholders.")
    out, err = io.StringIO(), io.StringIO()
    assert cli([str(plain)], out=out, err=err) == 0
    out = io.StringIO()
    assert cli(["--format", "json", str(plain), str(jargon)], out=out, err=err) == 1
    data = json.loads(out.getvalue())
    assert [d["path"] for d in data] == [str(plain), str(jargon)]
    assert set(data[1]) == {"path", "sentences", "words", "scores", "findings"}
    assert set(data[1]["scores"]) == {"flesch", "fk_grade", "ari"}
    assert set(data[1]["findings"][0]) == {"kind", "start", "end", "text", "message", "suggestions"}
    (tmp_path / "latin1.txt").write_bytes("caf\xe9".encode("latin-1"))
    err = io.StringIO()
    assert cli([str(tmp_path / "latin1.txt")], out=io.StringIO(), err=err) == 2
    assert "UTF-8" in err.getvalue()
    assert cli([str(tmp_path / "missing.txt")], out=io.StringIO(), err=err) == 2
    assert cli([str(tmp_path)], out=io.StringIO(), err=err) == 2


def test_cli_runs_without_any_settings_and_reads_stdin() -> None:
    env = {"PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-m", "equalvoice.cli", "speakeasy", "--level", "easy-read", "-"],
        input="The wheelchair-bound service user.",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )
    assert result.returncode == 1, result.stderr
    assert "wheelchair-bound" in result.stdout and "service user" in result.stdout


def test_pages_share_a_check_of_the_same_text_with_the_same_words(world: World) -> None:
    """Template tags check texts through `check_text_to_show`: the same report as
    `check_text`, one check for the same text and words, and a new one when the
    organisation's words change."""
    org = Organisation.objects.get(pk=world.org.pk)
    text = "The Quorumship met on Tuesday."
    shown = selectors.check_text_to_show(text, organisations=org)
    assert shown == selectors.check_text(text, organisations=org)
    fresh = Organisation.objects.get(pk=world.org.pk)  # another request's organisation
    assert selectors.check_text_to_show(text, organisations=fresh) is shown
    assert not [f for f in shown.findings if f.kind == "explain"]
    Word.objects.create(
        organisation=org, term="Quorumship", mode="explain", explanation="Our own board."
    )
    later = Organisation.objects.get(pk=world.org.pk)
    explained = selectors.check_text_to_show(text, organisations=later)
    assert explained is not shown
    assert [f.message for f in explained.findings if f.kind == "explain"] == ["Our own board."]
