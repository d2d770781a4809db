from django.urls import path

from . import views

group = "o/<slug:org>/groups/<slug:group>/conversations/"
one = "o/<slug:org>/conversations/<int:pk>/"

urlpatterns = [
    path(group, views.group_conversations, name="group-conversations"),
    path(group + "new/", views.conversation_create, name="conversation-create"),
    path(group + "import/", views.conversation_import, name="conversation-import"),
    path(one, views.conversation, name="conversation"),
    path(one + "vote/", views.vote, name="conversation-vote"),
    path(one + "vote-for/", views.vote_for, name="conversation-vote-for"),
    path(one + "your-votes/", views.your_votes, name="conversation-your-votes"),
    path(one + "add/", views.statement_add, name="statement-add"),
    path(one + "statements/<int:statement>/check/", views.statement_check, name="statement-check"),
    path(one + "status/", views.conversation_status, name="conversation-status"),
    path(one + "perspective/", views.perspective, name="conversation-perspective"),
    path(one + "results/", views.results, name="conversation-results"),
    path(one + "results/easy-read/", views.results_easy_read, name="conversation-easy-read"),
    path(
        one + "results/easy-read.pdf",
        views.results_easy_read_pdf,
        name="conversation-easy-read-pdf",
    ),
    path(one + "export.zip", views.export, name="conversation-export"),
]
