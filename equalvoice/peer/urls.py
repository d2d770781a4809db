from django.urls import URLPattern, URLResolver, path

from . import views

peer = "o/<slug:org>/peer/"
one = peer + "matches/<int:pk>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(peer, views.home, name="peer"),
    path(peer + "offer/", views.offer, name="peer-offer"),
    path(peer + "ask/", views.ask, name="peer-ask"),
    path(peer + "stop/<slug:kind>/", views.stop, name="peer-stop"),
    path(peer + "matching/", views.matching, name="peer-matching"),
    path(peer + "matching/<int:pk>/suggest/", views.suggest, name="peer-suggest"),
    path(one, views.match, name="peer-match"),
    path(one + "answer/", views.answer, name="peer-match-answer"),
    path(one + "end/", views.end, name="peer-match-end"),
    path(one + "meetings/new/", views.meeting_add, name="peer-meeting-add"),
]
