from django.urls import path

from .views import answer, manage, rounds

base = "o/<slug:org>/standards/"
one = base + "<int:pk>/"
round_ = "o/<slug:org>/rounds/<int:pk>/"

urlpatterns = [
    path(base, manage.standards, name="standards"),
    path(base + "new/", manage.standard_form, name="standard-create"),
    path(base + "start/<slug:key>/", manage.standard_start, name="standard-start"),
    path(one, manage.standard, name="standard"),
    path(one + "edit/", manage.standard_form, name="standard-edit"),
    path(one + "publish/", manage.standard_publish, name="standard-publish"),
    path(one + "new-version/", manage.version_start, name="version-start"),
    path(one + "versions/<int:number>/", manage.version, name="version"),
    path(one + "themes/new/", manage.theme_form, name="theme-create"),
    path(one + "themes/<int:theme_pk>/", manage.theme_form, name="theme-edit"),
    path(one + "statements/new/", manage.statement_form, name="statement-create"),
    path(one + "statements/<int:statement_pk>/", manage.statement, name="statement"),
    path(one + "statements/<int:statement_pk>/edit/", manage.statement_form, name="statement-edit"),
    path(one + "comments/<int:comment_pk>/", manage.comment_decide, name="comment-decide"),
    path(one + "journey/", manage.journey, name="standard-journey"),
    path(one + "plan/", manage.plan, name="plan"),
    path(one + "plan/new/", manage.plan_action_form, name="plan-action-create"),
    path(one + "plan/<int:action_pk>/", manage.plan_action_form, name="plan-action-edit"),
    path(one + "easy-read.pdf", rounds.toolkit_pdf, name="standard-toolkit"),
    path(one + "rounds/new/", rounds.round_form, name="round-create"),
    path(round_, rounds.round_detail, name="round"),
    path(round_ + "edit/", rounds.round_edit, name="round-edit"),
    path(round_ + "poster/", rounds.round_poster, name="round-poster"),
    path(round_ + "paper/", rounds.round_paper, name="round-paper"),
    path(round_ + "questionnaire.pdf", rounds.questionnaire_pdf, name="round-questionnaire"),
    path(round_ + "results/", rounds.round_results, name="round-results"),
    path(round_ + "results.csv", rounds.round_csv, name="round-csv"),
    path(round_ + "results.pdf", rounds.round_pdf, name="round-pdf"),
    path(round_ + "appraisal/", rounds.round_appraisal, name="round-appraisal"),
    path(round_ + "answer/", answer.round_answer, name="round-answer"),
    path(
        round_ + "answer/<int:number>/",
        answer.round_answer_statement,
        name="round-answer-statement",
    ),
    path(round_ + "answer/check/", answer.round_answer_check, name="round-answer-check"),
    path("r/<str:key>/", answer.open_round, name="open-round"),
    path("r/<str:key>/<int:number>/", answer.open_round_statement, name="open-round-statement"),
    path("r/<str:key>/check/", answer.open_round_check, name="open-round-check"),
]
