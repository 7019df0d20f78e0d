from django.conf import settings
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from portal.forms import PageFeedbackForm
from samhandling import access

# The main navigation (README, pages), in order: (path, label, the paths it is current for).
NAVIGATION = [
    ("/nyheter/", _("Nyheter"), ("/nyheter/",)),
    ("/arrangementer/", _("Arrangementer"), ("/arrangementer/",)),
    ("/kontakter/", _("Kontakter"), ("/kontakter/",)),
    ("/tjenester/", _("Tjenester"), ("/tjenester/",)),
    ("/utvalg/", _("Utvalg"), ("/utvalg/",)),
    ("/avtaler/", _("Avtaler og rutiner"), ("/avtaler/", "/rutiner/")),
    # The editors' pages, the action plan, the pathways and the projects: who the partnership is and what it does.
    ("/sider/", _("Helsefellesskapet"), ("/sider/", "/handlingsplan/", "/forlop/", "/prosjekter/")),
    ("/avvik/meld/", _("Meld avvik"), ("/avvik/meld/", "/avvik/kvittering/")),
]


def capabilities(user: access.User | None) -> dict[str, bool]:
    """What the menu and the pages' tool links may offer, each flag asked of samhandling.access.

    Templates test these flags (`{% if may.open_inbox %}`), never a user's groups, so a
    link is shown exactly when its page answers the user with 200.
    """
    return {
        "open_inbox": access.may_open_inbox(user),
        "see_statistics": access.may_see_statistics(user),
        "see_reporter_details": access.may_see_reporter_details(user),
        "edit_news": access.may_edit_news(user),
        "edit_agreements": access.may_edit_agreements(user),
        "review_routines": access.may_review_routines(user),
        "edit_agreements_in_admin": access.may_edit_agreements_in_admin(user),
        "open_admin": access.may_open_admin(user),
        # The work list of people who signed in through a provider and wait for a role.
        "grant_roles": bool(settings.OIDC_PROVIDERS) and bool(access.grantable_roles(user)),
    }


def portal(request):
    feedback_form = PageFeedbackForm(initial={"path": request.get_full_path()}, auto_id="feedback_%s")
    return {
        "portal_name": settings.PORTAL_NAME,
        "navigation": [
            {"path": path, "label": label, "current": request.path.startswith(sections)}
            for path, label, sections in NAVIGATION
        ],
        "feedback_form": feedback_form,
        # Computed when a template first reads a flag: one query for the user's roles.
        "may": SimpleLazyObject(lambda: capabilities(getattr(request, "user", None))),
    }
