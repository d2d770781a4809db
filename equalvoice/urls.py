from django.urls import include, path

urlpatterns = [
    path("", include("equalvoice.core.urls")),
    path("", include("equalvoice.speakeasy.urls")),
    path("", include("equalvoice.community.urls")),
    path("", include("equalvoice.recognition.urls")),
    path("", include("equalvoice.record.urls")),
    path("", include("equalvoice.plans.urls")),
    path("", include("equalvoice.standards.urls")),
    path("", include("equalvoice.decisions.urls")),
    path("", include("equalvoice.meetings.urls")),
    path("", include("equalvoice.documents.urls")),
    path("", include("equalvoice.ideas.urls")),
    path("", include("equalvoice.opinions.urls")),
    path("", include("equalvoice.network.urls")),
    path("", include("equalvoice.peer.urls")),
    path("", include("equalvoice.opendata.urls")),
    path("", include("equalvoice.api.urls")),
]

handler400 = "equalvoice.core.views.errors.bad_request"
handler403 = "equalvoice.core.views.errors.forbidden"
handler404 = "equalvoice.core.views.errors.not_found"
handler500 = "equalvoice.core.views.errors.server_error"
