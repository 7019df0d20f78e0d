from django.conf import settings
from django.utils.translation import gettext_lazy as _

from portal.forms import PageFeedbackForm

# The main navigation of DESIGN.md, in order: (path, label).
NAVIGATION = [
    ("/nyheter/", _("Nyheter")),
    ("/arrangementer/", _("Arrangementer")),
    ("/kontakter/", _("Kontakter")),
    ("/utvalg/", _("Utvalg")),
    ("/avtaler/", _("Avtaler og rutiner")),
    ("/avvik/meld/", _("Meld avvik")),
]


def portal(request):
    feedback_form = PageFeedbackForm(initial={"path": request.get_full_path()}, auto_id="feedback_%s")
    return {
        "portal_name": settings.PORTAL_NAME,
        "navigation": [
            {"path": path, "label": label, "current": request.path.startswith(path)}
            for path, label in NAVIGATION
        ],
        "feedback_form": feedback_form,
    }
