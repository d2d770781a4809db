"""The rules around a tally, pure like the tally itself (no Django): the lived-experience
quorum ("nothing about us without us"), who is in the minority, and what a result means
in words."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from .tally import ConsentChoice, Method


def _as_is(text: str) -> str:
    return text


@dataclass(frozen=True)
class Quorum:
    """Whether enough of the voters hold a lived-experience perspective."""

    voters: int
    lived_experience: int
    percent: int

    @property
    def met(self) -> bool:
        """Met when at least `percent` per cent of voters have lived experience. With
        nobody voting it is not met."""
        return self.voters > 0 and self.lived_experience * 100 >= self.percent * self.voters

    @property
    def needed(self) -> int:
        """The smallest number of lived-experience voters that would meet it now."""
        return -(-self.percent * self.voters // 100)

    def sentence(self, translate: Callable[[str], str] = _as_is) -> str:
        """The quorum in plain words, including why it blocks an agreement. `translate`
        turns the words into the reader's language (they stay English without it)."""
        _ = translate
        if self.voters == 0:
            return _("Nobody has voted yet.")
        ask = _("Nothing about us without us: ask more people with lived experience to vote.")
        if self.voters == 1:
            if self.met:
                return _(
                    "The one person who voted has lived experience. "
                    "That is enough to agree a decision."
                )
            return (
                _(
                    "The one person who voted does not have lived experience. "
                    "At least %(percent)s in 100 need to, so this cannot be agreed yet."
                )
                % {"percent": self.percent}
                + " "
                + ask
            )
        figures = {
            "lived": self.lived_experience,
            "voters": self.voters,
            "percent": self.percent,
            "needed": self.needed,
        }
        if self.met:
            return (
                _(
                    "%(lived)s of the %(voters)s people who voted have lived experience. "
                    "That is enough to agree a decision."
                )
                % figures
            )
        return (
            _(
                "Only %(lived)s of the %(voters)s people who voted have lived experience. "
                "At least %(percent)s in 100 need to (%(needed)s of these %(voters)s), "
                "so this cannot be agreed yet."
            )
            % figures
            + " "
            + ask
        )


def is_agreement(outcome: str) -> bool:
    """An outcome that says yes to the proposal, or chose an option."""
    return outcome in ("agreed", "agreed_with_concerns", "chosen")


def dissents(
    method: str,
    ballot: Mapping[str, object],
    winners: Sequence[int],
) -> bool:
    """Whether one ballot is in the minority: for consent, anything but a plain agree;
    otherwise, a ballot whose first choice (highest score, first rank, the option chosen)
    is not among the winners."""
    if method == Method.CONSENT:
        return ballot.get("choice") != ConsentChoice.AGREE
    if not winners:
        return False
    if method == Method.MAJORITY:
        return ballot.get("option") not in winners
    if method == Method.SCORE:
        scores = ballot.get("scores") or {}
        assert isinstance(scores, Mapping)
        if not scores:
            return True
        best = max(scores.values())
        favourites = {int(k) for k, v in scores.items() if v == best}
        return not favourites & set(winners)
    if method == Method.RANKED:
        ranking = ballot.get("ranking") or []
        assert isinstance(ranking, list)
        return not ranking or not set(ranking[0]) & set(winners)
    raise ValueError(f"Unknown method {method}")
