from django.urls import path

from agreements import views, work

app_name = "agreements"

urlpatterns = [
    path("avtaler/", views.agreement_list, name="list"),
    # Before <slug>: "til-revisjon" is reserved (RESERVED_AGREEMENT_SLUGS).
    path("avtaler/til-revisjon/", views.review_list, name="review"),
    path("avtaler/<slug:slug>/", views.agreement_detail, name="agreement"),
    path("avtaler/<slug:slug>/ny-versjon/", views.version_create, name="version_create"),
    path("avtaler/<slug:slug>/versjoner/<int:pk>/dokument/", views.version_document, name="version_document"),
    path("rutiner/", views.routine_list, name="routines"),
    path("rutiner/<slug:slug>/", views.routine_detail, name="routine"),
    path("rutiner/<slug:slug>/dokument/", views.routine_document, name="routine_document"),
    # The partnership's own work: the action plan, patient pathways, projects.
    path("handlingsplan/", work.plan_current, name="plan_current"),
    # Before <slug>: "over-frist" is not a plan period.
    path("handlingsplan/over-frist/", work.overdue_measures, name="overdue_measures"),
    path("handlingsplan/<slug:slug>/", work.plan_detail, name="plan"),
    path("handlingsplan/<slug:slug>/utskrift/", work.plan_print, name="plan_print"),
    path("handlingsplan/<slug:slug>/tiltak/<slug:measure_slug>/", work.measure_detail, name="measure"),
    path(
        "handlingsplan/<slug:slug>/tiltak/<slug:measure_slug>/framdrift/",
        work.measure_progress,
        name="measure_progress",
    ),
    path("forlop/", work.pathway_list, name="pathways"),
    path("forlop/<slug:slug>/", work.pathway_detail, name="pathway"),
    path("prosjekter/", work.project_list, name="projects"),
    path("prosjekter/<slug:slug>/", work.project_detail, name="project"),
    path("prosjekter/<slug:slug>/dokumenter/<int:pk>/", work.project_document, name="project_document"),
]
