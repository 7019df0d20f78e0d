from django.urls import path, register_converter

from deviations import statistics_views, views


class ReferenceConverter:
    """SA-<year>-<number>: anything else is not a reference and never reaches the database."""

    regex = r"SA-[0-9]{4}-[0-9]{6,9}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ReferenceConverter, "reference")

app_name = "deviations"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("meld/", views.report, name="report"),
    path("kvittering/<str:token>/", views.receipt, name="receipt"),
    path("kvittering/<str:token>/vurdering/", views.reporter_reply, name="reporter_reply"),
    path("mine/", views.mine, name="mine"),
    path("laering/", views.learning_list, name="learning_list"),
    path("laering/<int:pk>/", views.learning_detail, name="learning_detail"),
    # Before <reference>/, although a reference never looks like these.
    path("statistikk/", statistics_views.statistics, name="statistics"),
    path("statistikk/arsrapport/", statistics_views.annual_report_index, name="annual_report_index"),
    path("statistikk/arsrapport/<int:year>/", statistics_views.annual_report, name="annual_report"),
    path("<reference:reference>/", views.detail, name="detail"),
    path("<reference:reference>/ta/", views.take, name="take"),
    path("<reference:reference>/kommentar/", views.comment, name="comment"),
    path("<reference:reference>/svar/", views.answer, name="answer"),
    path("<reference:reference>/videresend/", views.forward, name="forward"),
    path("<reference:reference>/lukk/", views.close, name="close"),
    path("<reference:reference>/gjenapne/", views.reopen, name="reopen"),
    path("<reference:reference>/klassifisering/", views.classify, name="classify"),
    path("<reference:reference>/utredning/", views.investigate, name="investigate"),
    path("<reference:reference>/tiltak/", views.add_measure, name="add_measure"),
    path("<reference:reference>/tiltak/<int:pk>/", views.change_measure, name="change_measure"),
    path("<reference:reference>/tildel/", views.assign, name="assign"),
    path("<reference:reference>/laering/", views.publish_learning, name="publish_learning"),
]
