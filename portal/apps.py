from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from contacts import roles
from samhandling import readercache


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")
    # contacts.roles.grant_role_permissions gives these groups add/change/delete/view on the models.
    role_permissions = {roles.EDITOR: ["newsitem", "event", "eventattachment", "link", "page"]}

    def ready(self) -> None:
        # Imported here, not at the top: frontpage uses the models, which exist only once the
        # app registry is ready. The models do not import frontpage, so this hides no cycle.
        from agreements.models import Project
        from agreements.panels import project_sections
        from contacts.models import Organisation, Person, Region, Role
        from portal import frontpage
        from portal.models import Event, NewsItem, Page
        from portal.panels import project_news

        # Scheduled items appear, and events become past, without a save: kept reader pages end then.
        readercache.add_time_boundary(NewsItem.objects.next_publishing_time)
        readercache.add_time_boundary(Event.objects.next_publishing_time)
        readercache.add_time_boundary(Page.objects.next_publishing_time)
        readercache.add_time_boundary(Event.objects.next_ending_time)
        for model in (NewsItem, Event, Page):
            for signal in (post_save, post_delete):
                signal.connect(frontpage.invalidate_on_change, sender=model, dispatch_uid=f"frontpage.{model.__name__}")
        for contact_model in (Region, Organisation, Person, Role):
            for signal in (post_save, post_delete):
                signal.connect(
                    frontpage.invalidate_on_change,
                    sender=contact_model,
                    dispatch_uid=f"frontpage.coordinators.{contact_model.__name__}",
                )
        project_sections.connect(project_news, sender=Project, dispatch_uid="portal.project_news")
