# ruff: noqa: E501  (statements read best on one line each)
"""Built-in starting points, written for Equal Voice in our own words. A starter is
copied into a new standard and then edited freely; nothing here changes after copying.

The self-reflection follows the primer: the five practices of co-production (after the
Co-production Network for Wales) and SCIE's four principles, scored 1 to 5."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StarterStatement:
    plain: str
    easy_read: str


@dataclass(frozen=True)
class StarterTheme:
    title: str
    statements: tuple[StarterStatement, ...]


@dataclass(frozen=True)
class Starter:
    key: str
    title: str
    kind: str
    scale: str
    summary: str
    themes: tuple[StarterTheme, ...]

    @property
    def statement_count(self) -> int:
        return sum(len(t.statements) for t in self.themes)


def _s(plain: str, easy_read: str) -> StarterStatement:
    return StarterStatement(plain, easy_read)


SELF_REFLECTION = Starter(
    key="self-reflection",
    title="How are we doing at co-production?",
    kind="self_reflection",
    scale="five_point",
    summary=(
        "A self-reflection to fill in together, as a mixed group. "
        "Score each statement from 1 (we have not started) to 5 (it is how we always work). "
        "Then agree what to do next, and look again in six months."
    ),
    themes=(
        StarterTheme(
            "Value everyone and build on what people can do",
            (
                _s(
                    "We start from what people can do and what they know, not from what they cannot do.",
                    "We start from what people are good at.",
                ),
                _s(
                    "People who use services and carers are paid or thanked for their time, in the way they choose.",
                    "People get something back for their time. They choose what.",
                ),
                _s(
                    "Everyone's view counts the same, whoever they are.",
                    "Every voice counts the same.",
                ),
            ),
        ),
        StarterTheme(
            "Grow networks of people who support each other",
            (
                _s(
                    "People can meet and support each other, not only meet us.",
                    "People can meet and help each other.",
                ),
                _s(
                    "We reach out to people we do not usually hear from, so our group looks like the people we serve.",
                    "We ask people we do not often hear from.",
                ),
                _s(
                    "We work with local groups and places that people already trust.",
                    "We work with local groups that people trust.",
                ),
            ),
        ),
        StarterTheme(
            "Do what matters to people",
            (
                _s(
                    "People who use services help decide what we work on, from the start.",
                    "People help choose what we work on. They are there from the start.",
                ),
                _s(
                    "We tell people what changed because of what they said, and what did not change and why.",
                    "We tell people what changed because of them.",
                ),
                _s(
                    "Everyone can take part in the way that suits them: easy read, large print, BSL, online or in person.",
                    "Everyone can take part in a way that suits them.",
                ),
            ),
        ),
        StarterTheme(
            "Build trust and share power",
            (
                _s(
                    "Decisions are made together, and people with lived experience have a real say in them.",
                    "We make decisions together.",
                ),
                _s(
                    "We share all the information people need, in words everyone understands.",
                    "We share what we know. We use easy words.",
                ),
                _s(
                    "People can say no, or disagree, and we listen and change things.",
                    "People can say no. We listen to them.",
                ),
            ),
        ),
        StarterTheme(
            "Our organisation makes it possible",
            (
                _s(
                    "Our leaders make time and money for co-production, and it is part of how we plan.",
                    "Our leaders give time and money to working together.",
                ),
                _s(
                    "Staff have the time, training and support to work alongside people as equals.",
                    "Staff have time and help to work with people as equals.",
                ),
                _s(
                    "We check how well we are doing together, and we act on what we find.",
                    "We check how we are doing. Then we make things better.",
                ),
            ),
        ),
    ),
)

EXAMPLE_PLEDGE = Starter(
    key="pledge",
    title="Our pledge: what good looks like",
    kind="pledge",
    scale="easy_read_4",
    summary=(
        "An example pledge to change with the people who use your services. "
        "Ask teams and the people they support to rate each statement, "
        "then look again every few months to see progress."
    ),
    themes=(
        StarterTheme(
            "Listening to me",
            (
                _s("Staff listen to me and take what I say seriously.", "Staff listen to me."),
                _s(
                    "I am asked what I think before changes are made that affect me.",
                    "People ask me before they change things for me.",
                ),
            ),
        ),
        StarterTheme(
            "Information I understand",
            (
                _s(
                    "Letters and leaflets use words I understand, or come in easy read.",
                    "Letters use easy words.",
                ),
                _s(
                    "I know who to contact when I need help, and how.",
                    "I know who to ask for help.",
                ),
            ),
        ),
        StarterTheme(
            "Choice and control",
            (
                _s(
                    "I choose how I spend my day and who supports me.",
                    "I choose what I do each day.",
                ),
                _s(
                    "My support plan is mine: it says what matters to me, in my words.",
                    "My plan is about me. It uses my words.",
                ),
            ),
        ),
        StarterTheme(
            "Working together",
            (
                _s(
                    "People who use services help to check how well services work.",
                    "We help check if services are good.",
                ),
                _s(
                    "I am told what changed because of what people said.",
                    "I am told what changed.",
                ),
            ),
        ),
    ),
)

STARTERS: dict[str, Starter] = {s.key: s for s in (SELF_REFLECTION, EXAMPLE_PLEDGE)}
