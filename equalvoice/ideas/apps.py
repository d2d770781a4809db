from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:
    from equalvoice.core.models import User


class IdeasConfig(AppConfig):
    name = "equalvoice.ideas"
    label = "ideas"
    verbose_name = "Ideas"

    def personal_data(self, person: User) -> dict[str, object]:
        """The ideas a person is an author of (and who wrote each down for them), their
        comments, and the ideas they support."""
        from .models import Authorship, IdeaComment, Support

        return {
            "ideas": {
                "your_ideas": [
                    {
                        "idea": a.idea.title,
                        "text": a.idea.text,
                        "status": a.idea.get_status_display(),
                        "response": a.idea.response,
                        "written_down_for_you_by": a.entered_by.name if a.entered_by else None,
                        "added": a.added_at.isoformat(),
                    }
                    for a in Authorship.objects.filter(person=person).select_related(
                        "idea", "entered_by"
                    )
                ],
                "comments": [
                    {"idea": c.idea.title, "said": c.text, "at": c.created_at.isoformat()}
                    for c in IdeaComment.objects.filter(author=person).select_related("idea")
                ],
                "supported": [
                    s.idea.title
                    for s in Support.objects.filter(person=person).select_related("idea")
                ],
            }
        }

    def erase_person(self, person: User) -> None:
        """When an account is deleted: the ideas' histories say "Former member" where
        they named the person (as the one who acted, or as an author)."""
        from django.db.models import Q

        from equalvoice.core.erasure import rename_in

        from .models import IdeaEvent

        about = Q(actor=person) | Q(idea__authorships__person=person)
        rename_in(IdeaEvent.objects.filter(about), "text", person)
