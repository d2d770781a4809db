from django.urls import path

from . import views

plans = "o/<slug:org>/plans/"
one = plans + "<int:pk>/"
# The sections the organisation adds to its plans (its admins). In a plan, one of them is
# the section "own-<id>": sections/own-12/.
own = plans + "sections/"

urlpatterns = [
    path(plans, views.plans, name="my-plans"),
    path(plans + "new/", views.plan_create, name="my-plan-create"),
    path(one, views.plan, name="my-plan"),
    path(one + "sections/<slug:key>/", views.section, name="my-plan-section"),
    path(one + "sections/<slug:key>/goals/new/", views.goal_add, name="my-plan-goal-add"),
    path(one + "circle/", views.circle, name="my-plan-circle"),
    path(one + "circle/<int:member>/remove/", views.circle_remove, name="my-plan-circle-remove"),
    path(one + "steps/<int:step>/", views.step_done, name="my-plan-step"),
    path(one + "looked/", views.looks, name="my-plan-looks"),
    path(own, views.section_templates, name="org-plan-sections"),
    path(own + "<int:pk>/", views.section_template, name="org-plan-section"),
    path(own + "<int:pk>/move/", views.section_template_move, name="org-plan-section-move"),
    path(own + "<int:pk>/stop/", views.section_template_retire, name="org-plan-section-retire"),
]
