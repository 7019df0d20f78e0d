from django.urls import path

from agreements import views

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
]
