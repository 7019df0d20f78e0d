"""Editorial workflows: each saves the item and writes who did what to the change log."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from portal.models import ChangeLogEntry, EventAttachment


def log_action(subject, action, user, **data):
    ChangeLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        object_repr=str(subject)[:200],
        action=action,
        user=user,
        data=data,
    )


def history(subject):
    """The subject's change log, newest first, with the users (one query)."""
    return ChangeLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk
    ).select_related("user")


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
        log_action(item, ChangeLogEntry.Action.CREATED, user)
    elif form.changed_data:
        labels = [str(form.fields[name].label) for name in form.changed_data]
        log_action(item, ChangeLogEntry.Action.CHANGED, user, fields=labels)
    return item


@transaction.atomic
def publish(item, user, at=None):
    """Publishes now, or schedules for `at`; the front page cache is dropped by the save."""
    item.publish(at)
    item.updated_by = user
    item.save(update_fields=["status", "publish_at", "first_published_at", "updated_by", "updated_at"])
    if at is None:
        log_action(item, ChangeLogEntry.Action.PUBLISHED, user)
    else:
        log_action(item, ChangeLogEntry.Action.SCHEDULED, user, publish_at=at.isoformat())
    return item


@transaction.atomic
def unpublish(item, user):
    item.unpublish()
    item.updated_by = user
    item.save(update_fields=["status", "updated_by", "updated_at"])
    log_action(item, ChangeLogEntry.Action.UNPUBLISHED, user)
    return item


@transaction.atomic
def add_attachment(event, form, user):
    attachment = form.save(commit=False)
    attachment.event = event
    attachment.uploaded_by = user
    attachment.save()
    log_action(event, ChangeLogEntry.Action.ATTACHMENT_ADDED, user, title=attachment.title, kind=attachment.kind)
    return attachment


@transaction.atomic
def remove_attachment(attachment: EventAttachment, user):
    event, title = attachment.event, attachment.title
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    log_action(event, ChangeLogEntry.Action.ATTACHMENT_REMOVED, user, title=title)
    # The file goes only once the row is surely gone.
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def delete_link(link, user):
    log_action(link, ChangeLogEntry.Action.DELETED, user, url=link.url)
    link.delete()
