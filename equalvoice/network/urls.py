from django.urls import path

from . import views

group = "o/<slug:org>/groups/<slug:group>/network/"
one = "o/<slug:org>/network-posts/<int:pk>/"

urlpatterns = [
    path(group, views.network, name="network"),
    path(group + "settings/", views.network_settings, name="network-settings"),
    path(group + "posts/new/", views.post_create, name="network-post-create"),
    path(group + "posts/you-said-we-did/", views.post_from_record, name="network-post-you-said"),
    path(group + "how-i-hear/", views.hearing, name="network-hearing"),
    path(
        group + "newsletter/<int:year>/<int:month>.pdf",
        views.newsletter,
        name="network-newsletter",
    ),
    path(group + "mailing-list.csv", views.mailing_list_download, name="network-mailing-list"),
    path(one, views.post, name="network-post"),
    path(one + "change/", views.post_edit, name="network-post-edit"),
    path(one + "easy-read/", views.post_easy_read, name="network-post-easy-read"),
    path(one + "easy-read.pdf", views.post_easy_read_pdf, name="network-post-easy-read-pdf"),
    path("n/<slug:org>/<slug:group>/join/", views.join, name="network-join"),
    path("n/confirm/<str:token>/", views.confirm, name="network-confirm"),
    path("n/unsubscribe/<str:token>/", views.unsubscribe, name="network-unsubscribe"),
    path(
        "n/unsubscribe/<str:token>/one-click/",
        views.unsubscribe_one_click,
        name="network-unsubscribe-one-click",
    ),
]
