"""Read aloud (issue 18): the Listen button appears only where the browser can speak,
reads the page one sentence at a time with that sentence highlighted, pauses, carries
on, and reads slower. The browser's voice is replaced by a recording stand-in (the test
machine has no voices), so the test sees exactly what would be said, and at what speed.
Without speech, or without JavaScript, there is no button at all."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from ..conftest import World
from .conftest import Contexts
from .helpers import axe_problems, open_page

pytestmark = pytest.mark.browser

# A stand-in for the browser's speech: one voice; it records what it is asked to say
# and starts at once, but ends a sentence only when the test says so.
FAKE_SPEECH = """
(() => {
  const said = [];
  let current = null;
  const speech = {
    speaking: false, paused: false, pauses: 0, resumes: 0,
    getVoices: () => [{ name: "Test voice", lang: "en-GB" }],
    addEventListener: () => {},
    speak(u) { said.push({ text: u.text, rate: u.rate, lang: u.lang }); current = u;
               this.speaking = true; setTimeout(() => u.onstart && u.onstart(), 0); },
    cancel() { const u = current; current = null; this.speaking = false;
               if (u && u.onend) u.onend(); },
    pause() { this.pauses += 1; this.paused = true; },
    resume() { this.resumes += 1; this.paused = false; },
  };
  Object.defineProperty(window, "speechSynthesis", { value: speech, configurable: true });
  window.__said = said;
  window.__endSentence = () => { const u = current; current = null;
                                 speech.speaking = false; if (u && u.onend) u.onend(); };
})();
"""
NO_SPEECH = "delete window.speechSynthesis; delete window.SpeechSynthesisUtterance;"

HIGHLIGHTED = """() => {
  const h = CSS.highlights.get("ev-reading");
  return h ? [...h].map((r) => r.toString()).join(" ") : null;
}"""


def _easy_read(w: World) -> str:
    return reverse("easy-read-group", kwargs={"org": w.org.slug, "group": w.group.slug})


def test_listen_reads_sentence_by_sentence_with_the_sentence_highlighted(
    live_world: World, contexts: Contexts, axe_source: str
) -> None:
    page = contexts.page(live_world.member, width=320, height=640)
    page.add_init_script(FAKE_SPEECH)
    open_page(page, _easy_read(live_world))
    listen = page.get_by_role("button", name="Listen")
    assert listen.is_visible()
    assert axe_problems(page, axe_source, "easy read with Listen") == []
    heading = page.locator("main h1").inner_text().strip()

    listen.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => window.__said.length === 1")
    said = page.evaluate("() => window.__said")
    assert said[0]["text"] == heading and said[0]["rate"] == 1 and said[0]["lang"] == "en-GB"
    page.wait_for_function(f"() => ({HIGHLIGHTED})() === {heading!r}")

    page.evaluate("() => window.__endSentence()")
    page.wait_for_function("() => window.__said.length === 2")
    second = page.evaluate("() => window.__said[1].text")
    assert second != heading and page.evaluate(HIGHLIGHTED) == second
    # Each thing said is one sentence: at most one full stop, at its end.
    assert second.rstrip(".!?").count(". ") == 0

    page.get_by_role("button", name="Pause").click()
    assert page.evaluate("() => window.speechSynthesis.pauses") == 1
    page.get_by_role("button", name="Carry on listening").click()
    assert page.evaluate("() => window.speechSynthesis.resumes") == 1

    slower = page.get_by_role("button", name="Slower")
    slower.click()
    assert slower.get_attribute("aria-pressed") == "true"
    page.wait_for_function("() => window.__said.length === 3")
    again = page.evaluate("() => window.__said[2]")
    assert again["text"] == second and again["rate"] == pytest.approx(0.7)  # same, slower


def test_no_listen_button_where_the_browser_cannot_speak(
    live_world: World, contexts: Contexts
) -> None:
    page = contexts.page(live_world.member)
    page.add_init_script(NO_SPEECH)
    open_page(page, _easy_read(live_world))
    assert page.get_by_role("button", name="Listen").count() == 0
    assert page.locator("[data-ev-listen]").is_hidden()


def test_no_listen_button_without_javascript(live_world: World, contexts: Contexts) -> None:
    context = contexts.browser.new_context(base_url=contexts.base_url, java_script_enabled=False)
    contexts.made.append(context)
    page = context.new_page()
    contexts.become(page, live_world.member)
    open_page(page, _easy_read(live_world))
    assert page.get_by_role("button", name="Listen").count() == 0


def test_listen_speaks_welsh_pages_in_welsh_with_welsh_buttons(
    live_world: World, contexts: Contexts
) -> None:
    # The script's words come from the page (data- attributes translated there).
    with translation.override("cy"):
        listen_words, pause_words, carry_on_words = (
            translation.gettext(w) for w in ("Listen", "Pause", "Carry on listening")
        )
    assert listen_words != "Listen" and carry_on_words != "Carry on listening"
    page = contexts.page(live_world.member, width=320, height=640)
    page.context.add_cookies([{"name": "django_language", "value": "cy", "url": contexts.base_url}])
    page.add_init_script(FAKE_SPEECH)
    open_page(page, _easy_read(live_world))
    listen = page.get_by_role("button", name=listen_words, exact=True)
    listen.click()
    page.wait_for_function("() => window.__said.length === 1")
    assert page.evaluate("() => window.__said[0].lang") == "cy"
    page.get_by_role("button", name=pause_words, exact=True).click()
    carry_on = page.get_by_role("button", name=carry_on_words, exact=True)
    assert carry_on.is_visible()
    carry_on.click()
    assert page.evaluate("() => window.speechSynthesis.resumes") == 1
    page.wait_for_function(
        f"() => document.querySelector('[data-ev-listen-play]').textContent === {listen_words!r}"
    )
