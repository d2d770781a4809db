# ruff: noqa: E501  (statements read best on one line each)
"""Built-in starting points, written for Equal Voice in our own words. A starter is
copied into a new standard, in the language of the person who starts it, and then edited
freely; nothing here changes after copying. Its words are marked for the catalogue here
and translated where they are shown and copied.

The self-reflection follows the primer: the five practices of co-production (after the
Co-production Network for Wales) and SCIE's four principles, scored 1 to 5."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_noop


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
    title=gettext_noop("How are we doing at co-production?"),
    kind="self_reflection",
    scale="five_point",
    summary=gettext_noop(
        "A self-reflection to fill in together, as a mixed group. "
        "Score each statement from 1 (we have not started) to 5 (it is how we always work). "
        "Then agree what to do next, and look again in six months."
    ),
    themes=(
        StarterTheme(
            gettext_noop("Value everyone and build on what people can do"),
            (
                _s(
                    gettext_noop(
                        "We start from what people can do and what they know, not from what they cannot do."
                    ),
                    gettext_noop("We start from what people are good at."),
                ),
                _s(
                    gettext_noop(
                        "People who use services and carers are paid or thanked for their time, in the way they choose."
                    ),
                    gettext_noop("People get something back for their time. They choose what."),
                ),
                _s(
                    gettext_noop("Everyone's view counts the same, whoever they are."),
                    gettext_noop("Every voice counts the same."),
                ),
            ),
        ),
        StarterTheme(
            gettext_noop("Grow networks of people who support each other"),
            (
                _s(
                    gettext_noop("People can meet and support each other, not only meet us."),
                    gettext_noop("People can meet and help each other."),
                ),
                _s(
                    gettext_noop(
                        "We reach out to people we do not usually hear from, so our group looks like the people we serve."
                    ),
                    gettext_noop("We ask people we do not often hear from."),
                ),
                _s(
                    gettext_noop("We work with local groups and places that people already trust."),
                    gettext_noop("We work with local groups that people trust."),
                ),
            ),
        ),
        StarterTheme(
            gettext_noop("Do what matters to people"),
            (
                _s(
                    gettext_noop(
                        "People who use services help decide what we work on, from the start."
                    ),
                    gettext_noop(
                        "People help choose what we work on. They are there from the start."
                    ),
                ),
                _s(
                    gettext_noop(
                        "We tell people what changed because of what they said, and what did not change and why."
                    ),
                    gettext_noop("We tell people what changed because of them."),
                ),
                _s(
                    gettext_noop(
                        "Everyone can take part in the way that suits them: easy read, large print, BSL, online or in person."
                    ),
                    gettext_noop("Everyone can take part in a way that suits them."),
                ),
            ),
        ),
        StarterTheme(
            gettext_noop("Build trust and share power"),
            (
                _s(
                    gettext_noop(
                        "Decisions are made together, and people with lived experience have a real say in them."
                    ),
                    gettext_noop("We make decisions together."),
                ),
                _s(
                    gettext_noop(
                        "We share all the information people need, in words everyone understands."
                    ),
                    gettext_noop("We share what we know. We use easy words."),
                ),
                _s(
                    gettext_noop(
                        "People can say no, or disagree, and we listen and change things."
                    ),
                    gettext_noop("People can say no. We listen to them."),
                ),
            ),
        ),
        StarterTheme(
            gettext_noop("Our organisation makes it possible"),
            (
                _s(
                    gettext_noop(
                        "Our leaders make time and money for co-production, and it is part of how we plan."
                    ),
                    gettext_noop("Our leaders give time and money to working together."),
                ),
                _s(
                    gettext_noop(
                        "Staff have the time, training and support to work alongside people as equals."
                    ),
                    gettext_noop("Staff have time and help to work with people as equals."),
                ),
                _s(
                    gettext_noop(
                        "We check how well we are doing together, and we act on what we find."
                    ),
                    gettext_noop("We check how we are doing. Then we make things better."),
                ),
            ),
        ),
    ),
)

EXAMPLE_PLEDGE = Starter(
    key="pledge",
    title=gettext_noop("Our pledge: what good looks like"),
    kind="pledge",
    scale="easy_read_4",
    summary=gettext_noop(
        "An example pledge to change with the people who use your services. "
        "Ask teams and the people they support to rate each statement, "
        "then look again every few months to see progress."
    ),
    themes=(
        StarterTheme(
            gettext_noop("Listening to me"),
            (
                _s(
                    gettext_noop("Staff listen to me and take what I say seriously."),
                    gettext_noop("Staff listen to me."),
                ),
                _s(
                    gettext_noop("I am asked what I think before changes are made that affect me."),
                    gettext_noop("People ask me before they change things for me."),
                ),
            ),
        ),
        StarterTheme(
            gettext_noop("Information I understand"),
            (
                _s(
                    gettext_noop(
                        "Letters and leaflets use words I understand, or come in easy read."
                    ),
                    gettext_noop("Letters use easy words."),
                ),
                _s(
                    gettext_noop("I know who to contact when I need help, and how."),
                    gettext_noop("I know who to ask for help."),
                ),
            ),
        ),
        StarterTheme(
            gettext_noop("Choice and control"),
            (
                _s(
                    gettext_noop("I choose how I spend my day and who supports me."),
                    gettext_noop("I choose what I do each day."),
                ),
                _s(
                    gettext_noop(
                        "My support plan is mine: it says what matters to me, in my words."
                    ),
                    gettext_noop("My plan is about me. It uses my words."),
                ),
            ),
        ),
        StarterTheme(
            gettext_noop("Working together"),
            (
                _s(
                    gettext_noop("People who use services help to check how well services work."),
                    gettext_noop("We help check if services are good."),
                ),
                _s(
                    gettext_noop("I am told what changed because of what people said."),
                    gettext_noop("I am told what changed."),
                ),
            ),
        ),
    ),
)

STARTERS: dict[str, Starter] = {s.key: s for s in (SELF_REFLECTION, EXAMPLE_PLEDGE)}
