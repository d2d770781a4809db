from django.urls import URLPattern, URLResolver, path

from . import views

thanks = "o/<slug:org>/thanks/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(thanks, views.home, name="recognition"),
    path(thanks + "choice/", views.choice, name="recognition-choice"),
    path(thanks + "statement.pdf", views.statement, name="recognition-statement"),
    path(thanks + "thank-you.pdf", views.thanks_letter, name="recognition-thanks-letter"),
    path(thanks + "confirm/<slug:key>/", views.confirm, name="recognition-confirm"),
    path(thanks + "add/", views.add, name="recognition-add"),
    path(thanks + "policy/", views.policy, name="recognition-policy"),
    path(thanks + "policy/levels/new/", views.level_add, name="recognition-level-add"),
    path(thanks + "policy/levels/<int:pk>/rate/", views.rate, name="recognition-rate"),
    path(
        thanks + "policy/finance-people/", views.finance_people, name="recognition-finance-people"
    ),
    path(thanks + "finance/", views.finance, name="recognition-finance"),
    path(thanks + "finance/<int:pk>/", views.decide, name="recognition-decide"),
    path(thanks + "finance/payments.csv", views.export, name="recognition-export"),
    path(thanks + "groups/<slug:group>/", views.group_ways, name="recognition-group"),
    path(thanks + "claims/new/", views.claim_add, name="recognition-claim"),
    path(thanks + "claims/<int:pk>/receipt/", views.receipt, name="recognition-receipt"),
    path(thanks + "finance/claims/<int:pk>/", views.claim_decide, name="recognition-claim-decide"),
]
