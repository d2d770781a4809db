"""Every change to standards, rounds, answers and action plans: permission, audit log,
one transaction. Split by area: `versions` (standards, drafting together, publishing),
`rounds` (rounds and answers, kept anonymous where the round is) and `plan` (the action
plan). Import from here: `from equalvoice.standards import actions`."""

from .plan import (
    plan_action_save,
)
from .rounds import (
    AlreadySent,
    NothingToSend,
    PaperAnswer,
    Respondent,
    RoundClosed,
    answer_save,
    has_answered,
    new_link_key,
    paper_response_save,
    perspective_save,
    response_find,
    response_submit,
    round_results_publish_due,
    round_save,
)
from .versions import (
    comment_add,
    comment_decide,
    draft_of,
    standard_from_starter,
    standard_save,
    statement_save,
    theme_save,
    version_publish,
    version_start,
)

__all__ = [
    "AlreadySent",
    "NothingToSend",
    "PaperAnswer",
    "Respondent",
    "RoundClosed",
    "answer_save",
    "comment_add",
    "comment_decide",
    "draft_of",
    "has_answered",
    "new_link_key",
    "paper_response_save",
    "perspective_save",
    "plan_action_save",
    "response_find",
    "response_submit",
    "round_results_publish_due",
    "round_save",
    "standard_from_starter",
    "standard_save",
    "statement_save",
    "theme_save",
    "version_publish",
    "version_start",
]
