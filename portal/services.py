"""Editorial workflows: each saves the item and writes who did what to the audit trail."""

from django.db import transaction

from portal.models import ChangeLogEntry, EventAttachment
from samhandling.models import LoggedModel


def history(subject: LoggedModel):
    """The subject's change log, newest first, with the users (one query)."""
    return ChangeLogEntry.objects.for_object(subject).select_related("user")


@transaction.atomic
def save_item(form, user):
    """Saves a news item, event or link from its editor form and logs which fields changed."""
    item = form.instance
    created = item.pk is None
    if hasattr(item, "updated_by"):
        item.updated_by = user
        if created:
            item.created_by = user
    item = form.save()
    if created:
        item.log_action(ChangeLogEntry.Action.CREATED, user=user)
    elif form.changed_data:
        labels = [str(form.fields[name].label) for name in form.changed_data]
        item.log_action(ChangeLogEntry.Action.CHANGED, user=user, data={"fields": labels})
    return item


@transaction.atomic
def publish(item, user, at=None):
    """Publishes now, or schedules for `at`; the front page cache is dropped by the save."""
    item.publish(at)
    item.updated_by = user
    item.save(update_fields=["status", "publish_at", "first_published_at", "updated_by", "updated_at"])
    if at is None:
        item.log_action(ChangeLogEntry.Action.PUBLISHED, user=user)
    else:
        item.log_action(ChangeLogEntry.Action.SCHEDULED, user=user, data={"publish_at": at.isoformat()})
    return item


@transaction.atomic
def unpublish(item, user):
    item.unpublish()
    item.updated_by = user
    item.save(update_fields=["status", "updated_by", "updated_at"])
    item.log_action(ChangeLogEntry.Action.UNPUBLISHED, user=user)
    return item


@transaction.atomic
def add_attachment(event, form, user):
    attachment = form.save(commit=False)
    attachment.event = event
    attachment.uploaded_by = user
    attachment.save()
    event.log_action(
        ChangeLogEntry.Action.ATTACHMENT_ADDED, user=user, data={"title": attachment.title, "kind": attachment.kind}
    )
    return attachment


@transaction.atomic
def remove_attachment(attachment: EventAttachment, user):
    event, title = attachment.event, attachment.title
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    event.log_action(ChangeLogEntry.Action.ATTACHMENT_REMOVED, user=user, data={"title": title})
    # The file goes only once the row is surely gone.
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def delete_link(link, user):
    link.log_action(ChangeLogEntry.Action.DELETED, user=user, data={"url": link.url})
    link.delete()
