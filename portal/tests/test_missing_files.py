"""A stored file lost from storage (a restore without media, a deleted object) is a 404, never a 500."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from portal.models import EventAttachment
from portal.tests.conftest import image_bytes, make_event, make_news, pdf_bytes, upload


def test_an_image_and_a_presentation_lost_from_the_disk_are_404_not_500(client, editor):
    client.force_login(editor)
    item = make_news("Bildet forsvant fra disken")
    item.image = SimpleUploadedFile("bilde.png", image_bytes("PNG", (64, 48)), content_type="image/png")
    item.image_alt = "Et rødt felt"
    item.save()
    event = make_event("Fagdag uten lysark", "published", starts_in=-datetime.timedelta(days=3))
    client.post(
        f"/redaksjon/arrangementer/{event.pk}/presentasjoner/",
        {"attachment-title": "Lysark", "attachment-file": upload("lysark.pdf", pdf_bytes())},
    )
    attachment = EventAttachment.objects.get()
    client.logout()
    assert client.get(f"/nyheter/{item.slug}/bilde/").status_code == 200
    assert client.get(attachment.get_absolute_url()).status_code == 200
    item.image.storage.delete(item.image.name)
    attachment.file.storage.delete(attachment.file.name)
    assert client.get(f"/nyheter/{item.slug}/bilde/").status_code == 404
    assert client.get(attachment.get_absolute_url()).status_code == 404
