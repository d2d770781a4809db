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
    path(one + "reviews/new/", views.review_add, name="my-plan-review-add"),
    path(one + "reviews/<int:review>/", views.review, name="my-plan-review"),
    path(one + "easy-read/", views.plan_easy_read, name="my-plan-easy-read"),
    path(one + "easy-read.pdf", views.plan_easy_read_pdf, name="my-plan-easy-read-pdf"),
    path(one + "plan.pdf", views.plan_pdf, name="my-plan-pdf"),
    path(one + "profile.pdf", views.profile_pdf, name="my-plan-profile-pdf"),
    path(one + "next-review/", views.next_review, name="my-plan-next-review"),
    path(one + "places/", views.places, name="my-plan-places"),
    path(one + "places/<int:link>/remove/", views.place_remove, name="my-plan-place-remove"),
    path(plans + "figures/", views.figures, name="plans-figures"),
    path(own, views.section_templates, name="org-plan-sections"),
    path(own + "<int:pk>/", views.section_template, name="org-plan-section"),
    path(own + "<int:pk>/move/", views.section_template_move, name="org-plan-section-move"),
    path(own + "<int:pk>/stop/", views.section_template_retire, name="org-plan-section-retire"),
]

section = one + "sections/<slug:key>/"
urlpatterns += [
    path(section + "history/", views.section_history, name="my-plan-section-history"),
    path(
        section + "history/<int:version>/put-back/",
        views.section_restore,
        name="my-plan-section-restore",
    ),
    path(one + "goals/<int:goal>/", views.goal_change, name="my-plan-goal-change"),
    path(one + "goals/<int:goal>/remove/", views.goal_remove, name="my-plan-goal-remove"),
    path(one + "goals/<int:goal>/history/", views.goal_history, name="my-plan-goal-history"),
    path(one + "goals/<int:goal>/steps/new/", views.step_add, name="my-plan-step-add"),
    path(one + "steps/<int:step>/change/", views.step_change, name="my-plan-step-change"),
    path(one + "steps/<int:step>/remove/", views.step_remove, name="my-plan-step-remove"),
    path(one + "circle/<int:member>/role/", views.circle_role, name="my-plan-circle-role"),
]
