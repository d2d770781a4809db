"""Tests of the Speakeasy engine: findings, levels, offsets, scores, size."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from equalvoice.speakeasy import Report, WordEntry, check, sentence_difficulty, word_complexity
from equalvoice.speakeasy.engine import sentence_spans


def found(text: str, kind: str, level: str = "plain", **kw: object) -> list[str]:
    return [f.text for f in check(text, level, **kw).findings if f.kind == kind]  # type: ignore[arg-type]


# --- Jargon and explain ---------------------------------------------------------------


def test_care_jargon_is_flagged_with_plainer_words() -> None:
    r = check("Service users will be signposted to reablement going forward.")
    jargon = {f.text: f for f in r.findings if f.kind == "jargon"}
    assert set(jargon) == {"Service users", "signposted", "going forward"}
    assert "People who use services" in jargon["Service users"].suggestions
    assert jargon["going forward"].suggestions[0] == "from now on"
    # "reablement" is a care term the reader will meet: explained, not called jargon,
    # with the plainer words still offered.
    (care,) = [f for f in r.findings if f.text == "reablement"]
    assert care.kind == "explain"
    assert care.suggestions == ["support to get back your skills at home"]


def test_therapy_names_get_everyday_words() -> None:
    r = check("She enjoys equine therapy and rebound therapy.")
    sugg = {f.text: f.suggestions for f in r.findings if f.kind == "jargon"}
    assert sugg == {
        "equine therapy": ["horse riding"],
        "rebound therapy": ["exercise on a trampoline"],
    }


def test_words_are_never_split() -> None:
    # "deliver" is jargon, but not inside "redeliver"; "deliverables" is its own entry.
    assert found("We deliverables and redeliver nothing.", "jargon") == ["deliverables"]
    assert found("They redeliver parcels.", "jargon") == []
    assert found("Use the stakeholders list.", "jargon") == ["stakeholders"]


def test_plain_sentence_has_no_jargon() -> None:
    assert check("We will pay for your bus ticket to the meeting.").findings == []


def test_terms_people_need_are_explained_not_replaced() -> None:
    r = check("Safeguarding is part of our care plan.")
    kinds = {f.text: f for f in r.findings}
    assert kinds["Safeguarding"].kind == "explain"
    assert kinds["care plan"].kind == "explain"
    assert "safe" in kinds["Safeguarding"].message
    assert kinds["Safeguarding"].suggestions == []


def test_longest_match_wins() -> None:
    r = check("You can get direct payments or a personal budget.")
    assert [(f.kind, f.text) for f in r.findings] == [
        ("explain", "direct payments"),
        ("explain", "personal budget"),
    ]


def test_capital_terms_match_only_in_capitals() -> None:
    assert found("Please send the form.", "explain") == []
    assert found("Ask about SEND support.", "explain") == ["SEND"]


def test_organisation_words() -> None:
    extra = [
        WordEntry("hub", ("centre",)),
        WordEntry("Our Voice", explanation="Our Voice is our members' group.", mode="explain"),
    ]
    r = check("Come to the hub and join Our Voice.", extra_words=extra)
    by_text = {f.text: f for f in r.findings}
    assert by_text["hub"].kind == "jargon" and by_text["hub"].suggestions == ["centre"]
    assert by_text["Our Voice"].kind == "explain"
    assert by_text["Our Voice"].message == "Our Voice is our members' group."
    # tuples work too
    r2 = check("The hubs are open.", extra_words=[("hub", ["centre"], None, "replace")])
    assert [f.text for f in r2.findings if f.kind == "jargon"] == ["hubs"]


# --- Exclusionary language ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Services for the disabled are closing.", "the disabled"),
        ("He suffers from depression.", "suffers from"),
        ("She was suffering from anxiety.", "suffering from"),
        ("My brother is wheelchair-bound.", "wheelchair-bound"),
        ("He is confined to a wheelchair.", "confined to a wheelchair"),
        ("The club for handicapped children.", "handicapped"),
        ("Support for the elderly in Leeds.", "the elderly"),
        ("He committed suicide last year.", "committed suicide"),
        ("Places for children with special needs.", "special needs"),
        ("Able-bodied staff can help.", "Able-bodied"),
        ("Normal people do not see the barriers.", "Normal people"),
        ("Her son is an epileptic.", "an epileptic"),
        ("Diabetics need regular checks.", "Diabetics"),
        ("I'm a bit OCD about tidying.", "a bit OCD"),
        ("He was called deaf and dumb at school.", "deaf and dumb"),
    ],
)
def test_exclusionary_language_is_flagged(text: str, flagged: str) -> None:
    assert flagged in found(text, "exclusionary")


@pytest.mark.parametrize(
    "text",
    [
        "Disabled people have the right to be heard.",
        "She is a wheelchair user.",
        "He has epilepsy and lives with diabetes.",
        "Older people are welcome.",
        "Diabetic eye screening is free.",
        "The normal opening hours are 9 to 5.",
        "People with learning difficulties led the meeting.",
        "Children with special educational needs get support.",
    ],
)
def test_respectful_language_is_not_flagged(text: str) -> None:
    assert found(text, "exclusionary") == []


# --- Sentences ------------------------------------------------------------------------


LONG_17 = "We will meet in the big room at the library on Monday to talk about the new bus."


def test_long_sentence_levels() -> None:
    assert len(LONG_17.split()) == 18
    assert found(LONG_17, "long_sentence", "plain") == []
    assert found(LONG_17, "long_sentence", "easy_read") == [LONG_17]
    long_22 = LONG_17[:-1] + " and the new train timetable too."
    assert found(long_22, "long_sentence", "plain") == []
    assert found(long_22, "long_sentence", "easy_read") == [long_22]
    long_26 = long_22[:-1] + " next month."
    assert len(long_26.split()) == 26
    assert found(long_26, "long_sentence", "plain") == [long_26]


def test_passive_voice() -> None:
    assert found("Your form was sent on Monday.", "passive", "easy_read") == ["was sent"]
    assert found("Your form was sent on Monday.", "passive") == []
    assert found("Your form was sent by the council on Monday.", "passive") == ["was sent"]
    assert found("The report is being carefully checked.", "passive", "easy_read") == [
        "is being carefully checked"
    ]
    assert found("We sent your form on Monday.", "passive") == []
    assert found("I am interested in the group.", "passive") == []


def test_many_ideas_only_at_easy_read() -> None:
    text = "You can come to the meeting and we will pay for your travel, which you claim later."
    assert found(text, "many_ideas", "plain") == []
    assert found(text, "many_ideas", "easy_read") == [text]
    assert found("You can come to the meeting.", "many_ideas", "easy_read") == []


# --- Acronyms -------------------------------------------------------------------------


def test_acronym_before_explained_is_flagged_once() -> None:
    text = "Ask the PALS team. PALS can help. The PALS office is open."
    assert found(text, "acronym") == ["PALS"]


def test_acronym_explained_either_way_is_fine() -> None:
    assert (
        found("The Patient Advice and Liaison Service (PALS) can help. PALS is free.", "acronym")
        == []
    )
    assert found("Ask PALS (Patient Advice and Liaison Service) for help.", "acronym") == []


def test_long_text_is_checked_as_one() -> None:
    # The check reads a long text a stretch of sentences at a time: an explanation
    # far back still counts, and a short form is flagged once in the whole text.
    filler = "We will pay for your bus ticket to the meeting. " * 3000  # 144,000 characters
    text = (
        "The Patient Advice and Liaison Service (PALS) can help. "
        + filler
        + "Ask PALS. Ask the DWP. "
        + filler
        + "Ask the DWP."
    )
    r = check(text)
    assert [f.text for f in r.findings if f.kind == "acronym"] == ["DWP"]
    assert [f.start for f in r.findings if f.kind == "acronym"] == [text.index("DWP")]
    assert all(text[f.start : f.end] == f.text for f in r.findings)
    assert r.sentences == 1 + 3000 + 2 + 3000 + 1


def test_common_acronyms_only_at_easy_read() -> None:
    text = "Ask your GP or the NHS about VAT."
    assert found(text, "acronym", "plain") == []
    # Easy read uses "GP" and "NHS" as words, but no other short form.
    assert found(text, "acronym", "easy_read") == ["VAT"]


def test_shouting_is_not_acronyms() -> None:
    assert found("PLEASE COME TO THE MEETING TODAY.", "acronym") == []


# --- Nominalisations and uncommon words ----------------------------------------------


def test_nominalisations() -> None:
    r = check("We made a decision to carry out an assessment of your needs.")
    noms = {f.text: f.suggestions for f in r.findings if f.kind == "nominalisation"}
    # The suggestion takes the form of the words it replaces: "We decided to ..."
    assert noms == {"made a decision": ["decided"], "carry out an assessment of": ["assess"]}
    assert found("The implementation of the plan starts soon.", "nominalisation") == [
        "The implementation of"
    ]
    assert found("We decided to assess your needs.", "nominalisation") == []


def test_word_score_in_a_sentence_is_the_full_model_score() -> None:
    # The check scores words with cached parts; the number must be the very same.
    from equalvoice.speakeasy.engine import complexity

    model = complexity.word_model()
    for word in ("signposted", "Reablement", "cat", "co-production", "x", "nhs.uk"):
        for sent_zipf, n in ((5.1, 20), (3.3, 90), (0.0, 1), (7.2, 4)):
            x = complexity.word_features(
                word, capital_inside=False, sent_zipf=sent_zipf, sent_length=n
            )
            assert model.score_in_sentence(word, sent_zipf, n) == model.scaled(x)
    assert model.scores_in_sentences(["cat", "signposted"], [5.1, 3.3], [20, 90]) == [
        model.score_in_sentence("cat", 5.1, 20),
        model.score_in_sentence("signposted", 3.3, 90),
    ]


def test_a_names_score_is_the_full_model_score_too() -> None:
    # Names (a capital letter inside the sentence) are scored with that feature set.
    from equalvoice.speakeasy.engine import complexity

    model = complexity.word_model()
    for word in ("Llandudno", "Okonkwo", "Sarah"):
        x = complexity.word_features(word, capital_inside=True, sent_zipf=4.8, sent_length=9)
        assert model.score_in_sentence(word, 4.8, 9, inside=True) == model.scaled(x)
        assert model.score_in_sentence(word, 4.8, 9) == model.scaled(
            complexity.word_features(word, capital_inside=False, sent_zipf=4.8, sent_length=9)
        )


def test_word_families_and_compounds_make_words_easier() -> None:
    from equalvoice.speakeasy.engine import complexity

    # A word made from a common one, or of two common ones, is as common as they are.
    assert complexity.family_zipf("competitiveness") >= complexity.zipf("competitive")
    assert complexity.family_zipf("travelling") >= complexity.zipf("travel")
    assert complexity.family_zipf("cat") == complexity.zipf("cat")
    windscreen = complexity.compound_zipf("windscreen")
    assert windscreen == min(complexity.zipf("wind"), complexity.zipf("screen"))
    assert complexity.compound_zipf("perspicacious") < 3.5
    assert complexity.compound_zipf("cat") == 0.0
    # Plurals find their lexicon rating; possessives their word's frequency.
    assert complexity.wcl_rating("sandwiches") == complexity.wcl_rating("sandwich") is not None
    assert complexity.zipf("round's") == complexity.zipf("round")
    assert word_complexity("windscreen") < word_complexity("perspicacious")


def test_uncommon_words() -> None:
    text = "The perspicacious chairperson spotted the obfuscation."
    assert {"perspicacious", "obfuscation"} <= set(found(text, "uncommon"))
    assert found("The kind chair saw the problem.", "uncommon") == []


def test_uncommon_skips_names() -> None:
    assert found("We met Ms Okonkwo in Llandudno.", "uncommon") == []


# --- Scores and the report ------------------------------------------------------------


def test_word_complexity_range_and_order() -> None:
    for w in ("cat", "perspicacious", "", "123", "NHS"):
        assert 0.0 <= word_complexity(w) <= 1.0
    assert word_complexity("house") < word_complexity("reablement")
    assert word_complexity("cat", "The cat sat on the mat.") < 0.3
    assert word_complexity("perspicacious") > 0.6


def test_sentence_difficulty_orders_sentences() -> None:
    easy = "We go to the park on Sunday."
    hard = "Notwithstanding these considerations, the commissioners promulgated regulations."
    assert 0.0 <= sentence_difficulty(easy) < sentence_difficulty(hard) <= 1.0
    assert sentence_difficulty("") == 0.0


def test_scores_match_the_formulas() -> None:
    r = check("The cat sat on the mat. The dog ran.")
    assert r.sentences == 2 and r.words == 9
    assert r.mean_sentence_length == 4.5
    assert r.flesch is not None and r.flesch > 90
    assert r.fk_grade is not None and r.fk_grade < 2
    assert r.ari is not None


def test_empty_input_gives_empty_report() -> None:
    for text in ("", "   \n\t ", "\u200b"):
        r = check(text)
        assert r.findings == [] and r.sentences == 0 and r.words == 0
        assert r.to_dict() == {
            "path": None,
            "sentences": 0,
            "words": 0,
            "scores": {"flesch": None, "fk_grade": None, "ari": None},
            "findings": [],
        }


def test_json_shape_is_exact() -> None:
    d = check("Service users can get help.", "plain").to_dict(path="a.txt")
    assert list(d) == ["path", "sentences", "words", "scores", "findings"]
    assert list(d["scores"]) == ["flesch", "fk_grade", "ari"]
    assert list(d["findings"][0]) == ["kind", "start", "end", "text", "message", "suggestions"]
    assert d["path"] == "a.txt"
    json.dumps(d)


def test_bad_level() -> None:
    with pytest.raises(ValueError):
        check("Hello.", "simple")
    assert isinstance(check("Hello.", "easy-read"), Report)


def test_sentence_spans() -> None:
    text = "Dr. Smith came. He left!\n\nNew part\n- one item\n- two items"
    got = [text[s:e] for s, e in sentence_spans(text)]
    assert got == ["Dr. Smith came.", "He left!", "New part", "- one item", "- two items"]


def test_abbreviations_remembered_by_their_tail_give_the_same_sentences() -> None:
    # The same few characters before a full stop, with different words further back:
    # "Dr." and an initial never end a sentence; a whole word does.
    texts = [
        "We met Dr. Jones. She was kind.",
        "Ask Dr. Patel. Then go home.",
        "Bring things, e.g. food. Then rest.",
        "Bring things, say e.g. food. Then rest.",
        "Bring things,e.g. food. Then rest.",
        "It was at 4 p.m. Then we left.",
        "Wait. Wait. Wait. Then we left.",
    ]
    expected = {
        texts[0]: ["We met Dr. Jones.", "She was kind."],
        texts[1]: ["Ask Dr. Patel.", "Then go home."],
        texts[5]: ["It was at 4 p.m.", "Then we left."],
        texts[6]: ["Wait.", "Wait.", "Wait.", "Then we left."],
    }
    for _ in range(2):  # the second time, from what was remembered
        for text in texts:
            got = [text[s:e] for s, e in sentence_spans(text)]
            if text in expected:
                assert got == expected[text]
            else:
                assert got == [text[: text.index("food.") + 5], "Then rest."]


# --- Offsets and determinism ----------------------------------------------------------


def _assert_offsets(text: str) -> None:
    r = check(text, "easy_read")
    for f in r.findings:
        assert text[f.start : f.end] == f.text
        assert 0 <= f.start < f.end <= len(text)
    assert check(text, "easy_read") == r


TRICKY = (
    "The Elderly\u200b suffer from loneliness. 👩🏽‍🦽 Service-users\r\nare signposted.\t"
    "Café co\u2011production; SAFEGUARDING. שלום the disabled. "
    + unicodedata.normalize("NFD", "Réablement and the élderly suffer from it.")
)


def test_offsets_on_tricky_text() -> None:
    _assert_offsets(TRICKY)
    _assert_offsets(unicodedata.normalize("NFD", TRICKY))
    _assert_offsets(unicodedata.normalize("NFC", TRICKY))


words = st.sampled_from(
    [
        "the disabled",
        "service user",
        "EHCP",
        "was sent",
        "make a decision",
        "and",
        "which",
        ".",
        "\r\n",
        "\n\n",
        "\t",
        "é",
        "e\u0301",
        "\u200b",
        "\u200d",
        "👍🏿",
        "שלום",
        "(",
        ")",
        "NHS",
        "co-production",
        "perspicacious",
        "Dr.",
        "İ",
        "ß",
    ]
)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.text())
def test_offsets_property_arbitrary_unicode(text: str) -> None:
    _assert_offsets(text)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(st.one_of(words, st.text(max_size=5)), max_size=40).map(" ".join))
def test_offsets_property_mixed(text: str) -> None:
    _assert_offsets(text)


# --- Size -----------------------------------------------------------------------------


def test_ten_megabytes_completes() -> None:
    para = (
        "Service users will be signposted to the reablement team going forward. "
        "We made a decision about your personal budget, which was sent to the NHS. "
        "You can come to the meeting and we will pay for your travel.\n\n"
    )
    text = para * (10_000_000 // len(para) + 1)
    assert len(text) >= 10_000_000
    t0 = time.perf_counter()
    r = check(text)
    took = time.perf_counter() - t0
    assert r.sentences == 3 * (10_000_000 // len(para) + 1)
    assert r.words > 1_500_000
    assert r.findings and r.findings[-1].end <= len(text)
    # Not a speed test; just a sanity bound so a quadratic slip would show.
    assert took < 120


def test_one_huge_sentence() -> None:
    text = "word " * 200_000
    r = check(text)
    assert r.sentences == 1
    assert [f.kind for f in r.findings] == ["long_sentence"]


# --- No Django ------------------------------------------------------------------------


def test_engine_imports_no_django() -> None:
    code = (
        "import sys; import equalvoice.speakeasy.engine; import equalvoice.speakeasy; "
        "equalvoice.speakeasy.check('Service users.'); "
        "bad = [m for m in sys.modules if m == 'django' or m.startswith('django.')]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stdout + out.stderr


def test_an_organisations_index_keeps_few_look_ups_and_still_matches_when_full():
    """Up to 64 organisations' indexes are kept at once, so each keeps at most
    ``EXTRA_CACHE_LIMIT`` look-ups of each kind; once full, its terms still match."""
    from equalvoice.speakeasy.engine import lexicon

    entries = lexicon.coerce_entries([("drop-in hub", ["centre"], None, "replace")])
    index = lexicon.extra_index(entries)
    assert index.cache_limit == lexicon.EXTRA_CACHE_LIMIT < lexicon.BASE_CACHE_LIMIT
    # Many different words, each a possible start of a bundled rule or not.
    words = " ".join(f"the officer{n} commence{n} drop-in hub{n}" for n in range(5_000))
    check(words + ". Come to the drop-in hub.", extra_words=entries)
    assert len(index._tries) == len(index._leads) == lexicon.EXTRA_CACHE_LIMIT
    # Only words that start one of its rules are kept among its tries.
    assert index._tries and all(index.lead(key) for key, _next in index._tries)
    r = check("Come to the drop-in hub.", extra_words=entries)
    assert [f.text for f in r.findings if f.kind == "jargon"] == ["drop-in hub"]


def test_a_very_long_string_is_not_tried_as_a_compound_word(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each split of a compound reads the whole string, so a string longer than two
    halves of a word can be (pasted nonsense, 100,000 letters) is not split at all;
    real compounds still are."""
    from equalvoice.speakeasy.engine import complexity

    calls: list[str] = []
    real = complexity.zipf

    def counted(key: str) -> float:
        calls.append(key)
        return real(key)

    monkeypatch.setattr(complexity, "zipf", counted)
    assert complexity.compound_zipf("a" * (2 * complexity.COMPOUND_PART_MAX + 1)) == 0.0
    assert calls == []
    assert complexity.compound_zipf("windscreen") > 0.0
    assert calls
