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
    path("kontakter/plo-telefonliste/", views.plo_phone_list, name="plo_phone_list"),
    path("utvalg/", views.body_tree, name="bodies"),
    path("utvalg/<slug:slug>/", views.body_detail, name="body"),
]
