from django.urls import path

from . import views

group = "o/<slug:org>/groups/<slug:group>/ideas/"
one = "o/<slug:org>/ideas/<int:pk>/"

urlpatterns = [
    path(group, views.group_ideas, name="group-ideas"),
    path(group + "new/", views.idea_create, name="idea-create"),
    path(group + "combine/", views.ideas_combine, name="ideas-combine"),
    path(one, views.idea, name="idea"),
    path(one + "picture/", views.idea_picture, name="idea-picture"),
    path(one + "support/", views.idea_support, name="idea-support"),
    path(one + "answer/", views.idea_respond, name="idea-respond"),
]
