"""Rows as the API gives them: plain data, with only what the pages show. No access
needs, no names of anonymous answers' authors or of voters, no breakdown of a group
smaller than the minimum (the selectors already leave those out; these never add them)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from equalvoice.core.models import Group
from equalvoice.decisions.models import Decision
from equalvoice.meetings.models import Meeting
from equalvoice.opinions.models import Conversation
from equalvoice.record.models import Initiative
from equalvoice.record.selectors import ActivityView
from equalvoice.standards import scoring
from equalvoice.standards.models import Round


def group(g: Group) -> dict[str, Any]:
    return {
        "slug": g.slug,
        "name": g.name,
        "kind": g.kind,
        "purpose": g.purpose,
        "terms_of_reference": g.terms_of_reference,
        "created_at": g.created_at,
    }


def groups(rows: Iterable[Group]) -> list[dict[str, Any]]:
    return [group(g) for g in rows]


def meeting(m: Meeting) -> dict[str, Any]:
    return {
        "id": m.pk,
        "group": m.group.slug,
        "title": m.title,
        "kind": m.kind,
        "starts_at": m.starts_at,
        "ends_at": m.ends_at,
        "place": m.place,
        "access_info": m.access_info,
        "online_link": m.online_link,
        "is_public": m.is_public,
    }


def meetings(rows: Iterable[Meeting]) -> list[dict[str, Any]]:
    return [meeting(m) for m in rows]


def initiative(i: Initiative) -> dict[str, Any]:
    return {
        "id": i.pk,
        "title": i.title,
        "kind": i.kind,
        "summary": i.summary,
        "group": i.group.slug if i.group else None,
        "created_at": i.created_at,
        "published": i.published_at is not None,
    }


def initiatives(rows: Iterable[Initiative]) -> list[dict[str, Any]]:
    return [initiative(i) for i in rows]


def activity(view: ActivityView) -> dict[str, Any]:
    a = view.activity
    return {
        "id": a.pk,
        "initiative": a.initiative_id,
        "stage": a.stage.name,
        "on": a.on,
        "status": a.status,
        "what": a.what,
        "rung_claimed": a.rung_claimed,
        "rung_evidenced": int(view.evidence.rung) if view.evidence.rung is not None else None,
        "shaped_design": a.shaped_design,
        "decisions": a.decisions,
        "effect": a.effect,
        "nothing_changed": a.nothing_changed,
        "status_reason": a.status_reason,
        "people_named": len(a.participants.all()),
        "lived_experience": view.lived_experience,
        "evidence": [
            {
                "id": e.pk,
                "note": e.note,
                "link": e.link,
                "has_file": bool(e.file),
                "added_at": e.added_at,
            }
            for e in a.evidence.all()
        ],
    }


def round_(r: Round) -> dict[str, Any]:
    return {
        "id": r.pk,
        "standard": r.standard.title,
        "standard_id": r.standard_id,
        "name": r.name,
        "version": r.version.number,
        "opens_on": r.opens_on,
        "closes_on": r.closes_on,
        "is_open": r.is_open(),
        "anonymous": r.anonymous,
        "scale": r.scale,
    }


def rounds(rows: Iterable[Round]) -> list[dict[str, Any]]:
    return [round_(r) for r in rows]


def spread(s: scoring.Spread | None) -> dict[str, Any] | None:
    if s is None:
        return None
    return {
        "counts": {str(k): v for k, v in s.counts.items()},
        "dont_know": s.dont_know,
        "no_answer": s.no_answer,
        "percent": None if s.percent is None else round(s.percent, 1),
    }


def round_results(results: Any) -> dict[str, Any]:
    """The results page's figures (standards.selectors.round_results): a group too small
    to show has no figures and no size, and nothing at all is shown below the minimum."""
    return {
        "round": results.round.pk,
        "minimum_group_size": results.minimum,
        "respondents": results.respondents if results.shown else 0,
        "shown": results.shown,
        "groups": [
            {
                "group": g.name,
                "people": g.size if g.shown else None,
                "shown": g.shown,
                "hidden_reason": g.hidden_reason,
            }
            for g in results.groups
        ]
        if results.shown
        else [],
        "statements": [
            {
                "statement": row.statement.plain,
                "theme": theme.title,
                "everyone": spread(row.spread),
                "breakdowns": [
                    {
                        "group": b.name,
                        "spread": spread(b.spread),
                        "hidden_reason": b.hidden_reason,
                    }
                    for b in row.breakdowns
                ],
                "comments": list(row.comments),
            }
            for theme, _spread, rows in results.themes
            for row in rows
        ],
    }


def decision(d: Decision) -> dict[str, Any]:
    return {
        "id": d.pk,
        "group": d.group.slug,
        "title": d.title,
        "proposal": d.proposal,
        "method": d.method,
        "secret": d.secret,
        "status": d.status,
        "outcome": d.outcome,
        "chosen": d.chosen,
        "reasons": d.reasons,
        "review_on": d.review_on,
        "decided_at": d.decided_at,
        "created_at": d.created_at,
    }


def decisions(rows: Iterable[Decision]) -> list[dict[str, Any]]:
    return [decision(d) for d in rows]


def conversation(c: Conversation) -> dict[str, Any]:
    return {
        "id": c.pk,
        "group": c.group.slug,
        "title": c.title,
        "question": c.question,
        "status": c.status,
        "created_at": c.created_at,
    }


def conversations(rows: Iterable[Conversation]) -> list[dict[str, Any]]:
    return [conversation(c) for c in rows]


def _line(line: Any) -> dict[str, Any]:
    return {
        "statement": line.text,
        "agree_percent": line.agree_percent,
        "disagree_percent": line.disagree_percent,
        "parts": dict(line.parts),
    }


def conversation_results(c: Conversation, results: Any) -> dict[str, Any]:
    """As the results page shows them (opinions.selectors.results_for): a group too
    small to show has no size and no views."""
    return {
        "conversation": c.pk,
        "ready": results.ready,
        "updated_at": results.updated_at,
        "participants": results.participants,
        "votes": results.votes,
        "minimum_group_size": results.small,
        "groups": [
            {
                "letter": g.letter,
                "people": g.size if g.shown else None,
                "shown": g.shown,
                "views": [
                    {
                        "statement": v.text,
                        "agrees": v.agrees,
                        "agree": v.agree,
                        "disagree": v.disagree,
                        "votes": v.votes,
                    }
                    for v in g.views
                ]
                if g.shown
                else [],
            }
            for g in results.groups
        ],
        "common_ground": [_line(x) for x in results.common_ground],
        "agreed": [_line(x) for x in results.agreed],
        "disagreed": [_line(x) for x in results.disagreed],
        "perspectives": dict(results.perspectives),
        "perspectives_left_out": results.left_out,
    }
