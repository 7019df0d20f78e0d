from django.conf import settings
from django.utils.translation import gettext_lazy as _

from portal.forms import PageFeedbackForm

# The main navigation of DESIGN.md, in order: (path, label, the paths it is current for).
NAVIGATION = [
    ("/nyheter/", _("Nyheter"), ("/nyheter/",)),
    ("/arrangementer/", _("Arrangementer"), ("/arrangementer/",)),
    ("/kontakter/", _("Kontakter"), ("/kontakter/",)),
    ("/utvalg/", _("Utvalg"), ("/utvalg/",)),
    ("/avtaler/", _("Avtaler og rutiner"), ("/avtaler/", "/rutiner/")),
    ("/avvik/meld/", _("Meld avvik"), ("/avvik/meld/", "/avvik/kvittering/")),
]


def portal(request):
    feedback_form = PageFeedbackForm(initial={"path": request.get_full_path()}, auto_id="feedback_%s")
    return {
        "portal_name": settings.PORTAL_NAME,
        "navigation": [
            {"path": path, "label": label, "current": request.path.startswith(sections)}
            for path, label, sections in NAVIGATION
        ],
        "feedback_form": feedback_form,
    }
