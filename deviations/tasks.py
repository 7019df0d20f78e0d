from django.tasks import task

from deviations import notifications


@task
def send_notification(notification_id: int) -> bool:
    """Sends one outbox e-mail; a failure is recorded on the row for a later retry."""
    return notifications.deliver(notification_id)
