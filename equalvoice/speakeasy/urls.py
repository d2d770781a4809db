from django.urls import path

from . import views

group = "o/<slug:org>/groups/<slug:group>/"

urlpatterns = [
    path("check/", views.check_writing, name="check-writing"),
    path("speakeasy/feedback/", views.feedback, name="speakeasy-feedback"),
    path("speakeasy/apply/", views.apply, name="speakeasy-apply"),
    path("o/<slug:org>/words/", views.words, name="words"),
    path("o/<slug:org>/words/challenge/", views.challenge, name="challenge"),
    path(
        "o/<slug:org>/words/challenges/<int:pk>/", views.challenge_answer, name="challenge-answer"
    ),
    path("o/<slug:org>/words/<int:pk>/picture/", views.word_picture, name="word-picture"),
    path("o/<slug:org>/words/<int:pk>/delete/", views.word_delete, name="word-delete"),
    path("o/<slug:org>/easy-read/picture/", views.sentence_picture, name="easy-read-picture"),
    path(group + "easy-read/", views.easy_read, name="easy-read-group"),
    path(group + "easy-read.pdf", views.easy_read_pdf, name="easy-read-group-pdf"),
    path(
        group + "contributions/<int:pk>/easy-read/",
        views.easy_read,
        {"item": "contribution"},
        name="easy-read-contribution",
    ),
    path(
        group + "contributions/<int:pk>/easy-read.pdf",
        views.easy_read_pdf,
        {"item": "contribution"},
        name="easy-read-contribution-pdf",
    ),
]
