from django.urls import path

from . import views

group = "o/<slug:org>/groups/<slug:group>/documents/"
one = "o/<slug:org>/documents/<int:pk>/"
section = one + "sections/<int:section>/"
version = one + "versions/<int:version>/"

urlpatterns = [
    path(group, views.group_documents, name="group-documents"),
    path(group + "new/", views.document_start, name="document-start"),
    path(one, views.document, name="document"),
    path(one + "leads/", views.leads, name="document-leads"),
    path(one + "leads/<int:user_id>/remove/", views.lead_remove, name="document-lead-remove"),
    path(one + "sections/new/", views.section_add, name="section-add"),
    path(section + "change/", views.section_edit, name="section-edit"),
    path(section + "easy-read/", views.section_easy_read, name="section-easy-read"),
    path(section + "remove/", views.section_remove, name="section-remove"),
    path(section + "suggest/", views.suggestion_add, name="suggestion-add"),
    path(section + "comment/", views.comment_add, name="section-comment"),
    path(one + "suggestions/<int:suggestion>/", views.suggestion_answer, name="suggestion-answer"),
    path(one + "agree/", views.version_propose, name="version-propose"),
    path(one + "compare/", views.compare, name="document-compare"),
    path(version, views.version, name="document-version"),
    path(version + "how/", views.how, name="document-how"),
    path(version + "how.pdf", views.how_pdf, name="document-how-pdf"),
    path(one + "ask/", views.asking_create, name="asking-create"),
    path(one + "you-said/<int:comment>/", views.asked_answer, name="asked-answer"),
    path(one + "sessions/new/", views.session_add, name="session-add"),
    path(one + "sessions/<int:session>/feedback/", views.feedback_add, name="session-feedback"),
    path("o/<slug:org>/asked/<int:pk>/", views.asking, name="document-asking"),
    path("p/asked/<str:token>/", views.asked_by_link, name="document-asked"),
]
