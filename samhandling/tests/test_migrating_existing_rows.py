"""The timeline, the editors' change log and the e-mails written before the audit trail and the outbox
existed are moved into them, none lost."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("deviations", "0004_spell_organisation"), ("portal", "0003_guard_free_text")]
AFTER = [
    ("deviations", "0005_timeline_and_mail_into_audit_trail_and_outbox"),
    ("portal", "0004_change_log_into_audit_trail"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_timelines_change_logs_and_emails_are_moved_into_the_trail_and_the_outbox():
    old = migrate(BEFORE)
    try:
        ContentType = old.get_model("contenttypes", "ContentType")
        Region = old.get_model("contacts", "Region")
        Organisation = old.get_model("contacts", "Organisation")
        User = old.get_model("contacts", "User")
        region = Region.objects.create(name="Grenland", slug="grenland")
        hospital = Organisation.objects.create(
            name="Sykehuset Telemark HF", slug="sthf", kind="hospital_trust", region=region
        )
        skien = Organisation.objects.create(name="Skien kommune", slug="skien", kind="municipality", region=region)
        handler = User.objects.create(username="behandler")
        now = timezone.now()
        deviation = old.get_model("deviations", "Deviation").objects.create(
            reference="SA-2026-000001",
            reporter_name="Kari",
            reporter_email="kari@example.org",
            reporter_organisation=skien,
            concerned_organisation=skien,
            category="discharge",
            occurred_on=now.date(),
            description="Hendelsen.",
            received_at=now,
            respond_by=now.date() + datetime.timedelta(days=28),
            submission_key_hash="a" * 64,
            tracking_token_hash="b" * 64,
        )
        Event = old.get_model("deviations", "DeviationEvent")
        Event.objects.create(
            deviation=deviation,
            kind="created",
            by_reporter=True,
            visible_to_reporter=True,
            to_status="received",
            created_at=now,
        )
        Event.objects.create(deviation=deviation, kind="comment", author=handler, text="Intern.", created_at=now)
        Event.objects.create(
            deviation=deviation,
            kind="forwarded",
            author=handler,
            visible_to_reporter=True,
            text="Grunnen.",
            from_organisation=skien,
            to_organisation=hospital,
            from_status="received",
            to_status="received",
            created_at=now,
        )
        old.get_model("deviations", "Notification").objects.create(
            deviation=deviation,
            kind="arrival",
            recipient="avvik@example.org",
            status="pending",
            attempts=3,
            last_error="SMTP",
        )
        Reminder = old.get_model("deviations", "OverdueReminder")
        Reminder.objects.create(
            organisation=skien,
            day=now.date(),
            recipient="avvik@example.org",
            deviation_count=2,
            status="sent",
            sent_at=now,
        )
        Reminder.objects.create(organisation=hospital, day=now.date(), recipient="avvik@example.org", deviation_count=1)
        news_type, _ = ContentType.objects.get_or_create(app_label="portal", model="newsitem")
        old.get_model("portal", "ChangeLogEntry").objects.create(
            content_type=news_type,
            object_id=7,
            object_repr="Nyhet",
            action="changed",
            user=handler,
            data={"fields": ["Tittel"]},
            at=now,
        )

        new = migrate(AFTER)
        LogEntry = new.get_model("samhandling", "LogEntry")
        timeline = LogEntry.objects.filter(object_id=deviation.pk, content_type__model="deviation").order_by("pk")
        assert [(e.action, e.visible_to_reporter, e.user_id, e.object_repr) for e in timeline] == [
            ("created", True, None, "SA-2026-000001"),
            ("comment", False, handler.pk, "SA-2026-000001"),
            ("forwarded", True, handler.pk, "SA-2026-000001"),
        ]
        assert timeline[0].data == {"by_reporter": True, "to_status": "received"}
        assert timeline[2].data == {
            "text": "Grunnen.",
            "from_status": "received",
            "to_status": "received",
            "from_organisation": {"id": skien.pk, "name": "Skien kommune"},
            "to_organisation": {"id": hospital.pk, "name": "Sykehuset Telemark HF"},
        }
        change = LogEntry.objects.get(content_type=news_type.pk)
        assert (change.action, change.user_id, change.data, change.created_at) == (
            "changed",
            handler.pk,
            {"fields": ["Tittel"]},
            now,
        )

        Outbox = new.get_model("samhandling", "OutboxEmail")
        assert list(
            Outbox.objects.values_list("kind", "object_id", "status", "attempts", "last_error").order_by("kind")
        ) == [
            ("deviations.arrival", deviation.pk, "pending", 3, "SMTP"),
            ("deviations.overdue_digest", skien.pk, "sent", 0, ""),
        ]
        # The sent digest still counts as today's; the pending one is queued again by the next run.
        assert Outbox.objects.get(status="sent").key == f"deviations.overdue_digest:{skien.pk}:{now.date().isoformat()}"
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
