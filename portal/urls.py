from django.urls import path

from portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("tilgjengelighet/", views.accessibility_statement, name="accessibility"),
    path("tilbakemelding/", views.page_feedback, name="feedback"),
    path("helse/", views.health, name="health"),
]
