from django.urls import path

from . import views

base = "o/<slug:org>/record/"
one = base + "<int:pk>/"

urlpatterns = [
    path(base, views.board, name="record-board"),
    path(base + "new/", views.initiative_form, name="initiative-create"),
    path(base + "record.csv", views.board_csv, name="record-csv"),
    path(base + "stages/", views.stages, name="record-stages"),
    path(base + "report.pdf", views.board_pdf, name="record-pdf"),
    path(one, views.initiative, name="initiative"),
    path(one + "edit/", views.initiative_form, name="initiative-edit"),
    path(one + "activities/new/", views.activity_form, name="activity-create"),
    path(one + "activities/<int:activity_pk>/", views.activity_form, name="activity-edit"),
    path(
        one + "activities/<int:activity_pk>/challenge/",
        views.challenge_claim,
        name="claim-challenge",
    ),
    path(one + "challenges/<int:challenge_pk>/reply/", views.challenge_reply, name="claim-reply"),
    path(one + "activities/<int:activity_pk>/evidence/", views.evidence_add, name="evidence-add"),
    path(one + "evidence/<int:evidence_pk>/", views.evidence_file, name="evidence-file"),
    path(one + "you-said-we-did/", views.you_said_edit, name="you-said-edit"),
    path("p/<slug:org>/you-said-we-did/<int:pk>/", views.you_said_public, name="you-said-public"),
]
