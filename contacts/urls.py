from django.urls import path

from contacts import views

app_name = "contacts"

urlpatterns = [
    path("kontakter/", views.directory, name="directory"),
    path("kontakter/personer/<int:pk>/", views.person_detail, name="person"),
    path("kontakter/personer/<int:pk>/vcard/", views.person_vcard, name="person_vcard"),
    path("kontakter/regioner/<slug:slug>/", views.region_detail, name="region"),
    # Not under organisasjoner/, where it would hide an organisation whose slug is "sok".
    path("kontakter/organisasjonssok/", views.organisation_search, name="organisation_search"),
    path("kontakter/organisasjoner/<slug:slug>/", views.organisation_detail, name="organisation"),
    # Not under enheter/, where it would hide a unit whose slug is "forslag".
    path("kontakter/enhetsforslag/", views.unit_suggestions, name="unit_suggestions"),
    path("kontakter/enheter/<slug:slug>/", views.unit_detail, name="unit"),
    path("kontakter/enheter/<slug:slug>/vcard/", views.unit_vcard, name="unit_vcard"),
    path("kontakter/plo-telefonliste/", views.plo_phone_list, name="plo_phone_list"),
    path("utvalg/", views.body_tree, name="bodies"),
    path("utvalg/<slug:slug>/", views.body_detail, name="body"),
    path("utvalg/<slug:slug>/moter.ics", views.body_calendar, name="body_calendar"),
    path("utvalg/<slug:slug>/referater/", views.body_minutes, name="body_minutes"),
    path("utvalg/<slug:slug>/moter/<int:pk>/referat/", views.meeting_minutes, name="meeting_minutes"),
    path("tjenester/", views.service_list, name="services"),
    path("tjenester/<slug:slug>/", views.service_detail, name="service"),
]
