"""Who may see, start, lead, suggest, comment on, agree, ask about and give feedback on
documents written together. The group of any document thing is its document's group, so
core's rules about groups read it as they are."""

from __future__ import annotations

from typing import Any

import rules

from equalvoice.core.models import User
from equalvoice.core.rules import is_group_facilitator, is_group_member, is_org_admin

from .models import Asked, Asking, Document, Lead, TrainingSession


def document_of(obj: Any) -> Document | None:
    """The document itself, or the document a section, version, asking or session is of."""
    if isinstance(obj, Document):
        return obj
    for attribute in ("document", "section", "asking"):
        inner = getattr(obj, attribute, None)
        if inner is not None:
            return document_of(inner)
    return None


@rules.predicate
def is_lead(user: User, obj: Any) -> bool:
    """A named lead of the document."""
    document = document_of(obj)
    if document is None or not user.is_authenticated:
        return False
    return Lead.objects.filter(document=document, person=user).exists()


@rules.predicate
def is_asked(user: User, obj: Any) -> bool:
    """Someone the leads asked for comments in this asking."""
    if not isinstance(obj, Asking) or not user.is_authenticated:
        return False
    return Asked.objects.filter(asking=obj, person=user).exists()


@rules.predicate
def attended(user: User, obj: Any) -> bool:
    """Someone who attended this training session."""
    if not isinstance(obj, TrainingSession) or not user.is_authenticated:
        return False
    return obj.attended.filter(pk=user.pk).exists()


is_admin_of = is_org_admin
is_member_of = is_group_member
facilitates = is_group_facilitator

rules.add_perm("documents.view", is_admin_of | is_member_of)
# Any member can start a document; they become its first lead.
rules.add_perm("documents.start", is_member_of)
# The leads write the draft, answer suggestions, ask others and put drafts to the group.
rules.add_perm("documents.lead", is_lead & is_member_of)
# Who leads can be changed by the leads and by those who run the group, so a document is
# never left with nobody to lead it.
rules.add_perm("documents.choose_leads", (is_lead & is_member_of) | facilitates | is_admin_of)
# Members suggest and comment for themselves: one person, one voice; those who run the
# group write it down for a member who agreed.
rules.add_perm("documents.suggest", is_member_of)
rules.add_perm("documents.suggest_for", is_admin_of | facilitates)
# The people asked read the version they were asked about and comment on it; the group
# reads what they said and the answers.
rules.add_perm("documents.view_asking", is_asked | is_admin_of | is_member_of)
rules.add_perm("documents.answer_asking", is_asked)
# Training: those who attended give feedback on the session.
rules.add_perm("documents.give_feedback", attended)
