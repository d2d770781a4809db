"""The suggestions Speakeasy offers: each passes its own level's check, is spelt right,
fits where the flagged words stand, and one click puts it in.

The lists are read through ``lexicon.base_index()``, so a list file added later is
tested here too.
"""

from __future__ import annotations

import re

import pytest
from wordfreq import zipf_frequency

from equalvoice.speakeasy.engine import WordEntry, check, lexicon
from equalvoice.speakeasy.engine.check import run_checks
from equalvoice.speakeasy.engine.lexicon import Index, Rule
from equalvoice.speakeasy.engine.suggestions import (
    ING,
    PARTICIPLE,
    PAST,
    PLURAL,
    S_FORM,
    SAME,
    THIRD,
    inflect,
    offer,
)

LEVELS = ("plain", "easy_read")
# Right, but rarer in wordfreq than our cut-off: the NHS's own word.
SPELLING_EXCEPTIONS = frozenset(["farting"])


def hard_findings(text: str, level: str) -> list[tuple[str, str]]:
    """What ``check()`` finds in ``text`` alone, other than terms to explain."""
    return [(f.kind, f.text) for f in check(text, level).findings if f.kind != "explain"]


def bundled_rules() -> list[Rule]:
    return [rule for rule in lexicon.base_index().rules() if rule.suggestions]


def term_of(rule: Rule) -> str:
    return " ".join(rule.exact or rule.words)


# --- Every suggestion passes its own level's check ---------------------------------


@pytest.mark.parametrize("level", LEVELS)
def test_every_suggestion_of_every_list_passes_the_check_at_its_level(level: str) -> None:
    """Check each listed term as a text of its own: every suggestion the finding
    offers, as written and with a capital letter, passes the check at that level."""
    offered = 0
    checked_terms = 0
    failures = []
    for rule in bundled_rules():
        term = term_of(rule)
        for text in (term, term[:1].upper() + term[1:]):
            covering = [
                f
                for f in check(text, level).findings
                if f.start == 0 and f.end == len(text) and f.kind == rule.kind
            ]
            if not covering:
                continue  # another term covers these words ("the disabled" and so on)
            checked_terms += 1
            for suggestion in covering[0].suggestions:
                offered += 1
                if hard := hard_findings(suggestion, level):
                    failures.append((text, suggestion, hard))
    assert failures == []
    assert checked_terms > 1000 and offered > 1000


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("how", [SAME, THIRD, S_FORM, PAST, PARTICIPLE, ING, PLURAL])
def test_every_suggestion_passes_in_every_form_it_is_offered_in(level: str, how: str) -> None:
    failures = [
        (term_of(rule), s)
        for rule in bundled_rules()
        for s in offer(rule, level, how)[0]  # type: ignore[arg-type]
        if hard_findings(s, level) or hard_findings(s[:1].upper() + s[1:], level)
    ]
    assert failures == []


def test_the_check_itself_drops_what_does_not_pass() -> None:
    """Not the lists being clean: a list loaded through the lexicon, with bad
    suggestions, still offers only the good ones, with a message that names them."""
    index = Index()
    lexicon._add_term(
        index,
        "jargon",
        "notwithstanding",
        ("inspite of", "in lieu of", "despite"),
        lexicon.jargon_message(("inspite of", "in lieu of", "despite"), "Say what you mean."),
        lexicon.PRIORITY["retext"],
    )
    (rule,) = index.rules()
    for level in LEVELS:
        suggestions, message = offer(rule, level)  # type: ignore[arg-type]
        assert suggestions == ("despite",)
        assert message == "This may be hard to understand. Try a plainer word: “despite”. " + (
            "Say what you mean."
        )


def test_easy_read_offers_only_what_easy_read_allows() -> None:
    # "appoint" is fine in plain English but not an everyday word for easy read.
    plain = check("We will designate a chair.", "plain").findings[0]
    easy = check("We will designate a chair.", "easy_read").findings[0]
    assert "appoint" in plain.suggestions
    assert "appoint" not in easy.suggestions and "choose" in easy.suggestions
    assert "appoint" not in easy.message


def test_a_rule_with_nothing_left_to_offer_still_explains() -> None:
    index = Index()
    bad = ("inspite", "utilise")  # misspelt, and flagged itself
    lexicon._add_term(index, "jargon", "frobnicate", bad, lexicon.jargon_message(bad), 30)
    (rule,) = index.rules()
    suggestions, message = offer(rule, "plain")
    assert suggestions == ()
    assert "“" not in message  # names nothing that is not offered
    assert message.startswith("Some readers may not know this. Say it in everyday words")


@pytest.mark.parametrize("level", LEVELS)
def test_messages_name_only_what_is_offered(level: str) -> None:
    """A jargon or nominalisation message quotes only the suggestions the finding
    offers (the first three of them)."""
    wrong = []
    for rule in bundled_rules():
        if rule.note is None:
            continue  # a fixed message (exclusionary language, terms to explain)
        suggestions, message = offer(rule, level)  # type: ignore[arg-type]
        quoted = re.findall(r"“([^”]*)”", message.removesuffix(rule.note))
        if quoted != list(suggestions[:3]):
            wrong.append((term_of(rule), quoted, suggestions))
    assert wrong == []


def test_an_organisations_own_words_are_offered_as_given() -> None:
    extra = [WordEntry("hub", ("inspite of", "utilise"))]
    (finding,) = check("Come to the hub.", extra_words=extra).findings
    assert finding.suggestions == ["inspite of", "utilise"]
    (finding,) = check("Come to the hub.", "easy_read", extra_words=extra).findings
    assert finding.suggestions == ["inspite of", "utilise"]


# --- Spelt right ----------------------------------------------------------------------


def known_acronyms() -> frozenset[str]:
    explained = {term_of(r) for r in lexicon.base_index().rules() if r.kind == "explain"}
    return lexicon.common_acronyms() | explained


def misspelt(suggestion: str) -> list[str]:
    """The words of ``suggestion`` that are not known English words: wordfreq Zipf
    below 3.0 in English, not a known short form and not a listed exception."""
    out = []
    for word in re.split(r"[\s\-/]+", suggestion):
        word = word.strip('.,;:()“”"…').removesuffix("'s").removesuffix("’s")
        if not word or word in SPELLING_EXCEPTIONS:
            continue
        if word.isupper() and len(word) > 1:
            if word.rstrip("s") not in known_acronyms():
                out.append(word)
        elif zipf_frequency(word, "en") < 3.0:
            out.append(word)
    return out


def test_misspelt_words_are_caught() -> None:
    assert misspelt("inspite of") == ["inspite"]
    assert misspelt("in spite of") == []
    assert misspelt("person with Down's syndrome") == []
    assert misspelt("BSL user") == []
    assert misspelt("XQZ user") == ["XQZ"]


def test_every_suggestion_is_spelt_right() -> None:
    wrong = [
        (term_of(rule), s, bad)
        for rule in bundled_rules()
        for s in rule.suggestions
        if (bad := misspelt(s))
    ]
    assert wrong == []


# --- The examples of issue 24 and other fits ---------------------------------------


@pytest.mark.parametrize("level", LEVELS)
def test_the_examples_give_suggestions_that_fit(level: str) -> None:
    def suggestions(text: str, flagged: str) -> list[str]:
        (finding,) = [f for f in check(text, level).findings if f.text == flagged]
        return finding.suggestions

    got = suggestions("The commencement of the work is in May.", "The commencement of")
    assert got == ["The start of"]
    got = suggestions("We act in accordance with the law.", "in accordance with")
    assert "per" not in got and {"under", "following"} <= set(got)
    got = suggestions("Notwithstanding the delay, we agree.", "Notwithstanding")
    assert "Inspite of" not in got and {"Despite", "Even so"} <= set(got)


@pytest.mark.parametrize(
    ("text", "flagged", "offered"),
    [
        ("Service users will be signposted.", "signposted", "pointed"),
        ("We signpost people to advice.", "signpost", "point"),
        ("He utilises the room.", "utilises", "uses"),
        ("We utilised the room.", "utilised", "used"),
        ("We are utilising the room.", "utilising", "using"),
        ("We made a decision.", "made a decision", "decided"),
        ("She suffers from asthma.", "suffers from", "has"),
        ("The key workers met.", "key workers", "main support workers"),
        # "provide" is common English: at plain level it is flagged only among other
        # officialese ("prior to").
        ("The help provided by the council prior to the move.", "provided", "given"),
        ("We provided help prior to the move.", "provided", "gave"),
        ("Our cohorts are small.", "cohorts", "groups"),
        ("The implementation of the plan starts soon.", "The implementation of", "Carrying out"),
    ],
)
def test_a_suggestion_takes_the_form_of_the_words_it_replaces(
    text: str, flagged: str, offered: str
) -> None:
    (finding,) = [f for f in check(text).findings if f.text == flagged]
    assert finding.suggestions[0] == offered


def test_what_cannot_be_put_in_the_right_form_is_not_offered() -> None:
    # "the service user's needs": a possessive; "person who uses services" would
    # need more than one word changed to be a plural.
    (finding,) = [f for f in check("The service user's needs.").findings if f.kind == "jargon"]
    assert finding.suggestions == [] and "Service user" not in finding.message
    assert inflect("person who uses services", PLURAL) is None
    assert inflect("tell people about", PAST) == "told people about"
    assert inflect("set of rules", S_FORM) == "sets of rules"
    assert inflect("with", ING) is None


def test_after_a_verb_that_needs_a_noun_no_ing_form_is_offered() -> None:
    (finding,) = check("We will carry out the implementation of the plan.").findings
    assert finding.kind == "nominalisation" and finding.suggestions == []
    assert "“carry out”" in finding.message


# --- One click puts a suggestion in ----------------------------------------------------


def test_applying_a_suggestion_puts_it_in_and_the_result_reads_well() -> None:
    from equalvoice.speakeasy.widget import apply_suggestion

    text = "Notwithstanding this, service users will be signposted in accordance with the law."
    report = check(text)
    for index, finding in enumerate(report.findings):
        for choice, suggestion in enumerate(finding.suggestions):
            new = apply_suggestion(text, report, index, choice)
            assert new == text[: finding.start] + suggestion + text[finding.end :]
            # The words put in are not flagged again.
            again = [
                f
                for f in run_checks(new, "plain").findings
                if f.kind != "explain"
                and f.start < finding.start + len(suggestion)
                and f.end > finding.start
                and f.kind not in ("long_sentence", "passive")
            ]
            assert again == [], (suggestion, again)
    first = apply_suggestion(text, report, 0, 0)
    assert first.startswith("Even so, service users")  # "notwithstanding this"
