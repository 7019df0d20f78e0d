"""Uploads in an S3-compatible object store (a real SeaweedFS), served only through the portal's views."""

import datetime
import urllib.error
import urllib.request

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.models import EventAttachment, NewsItem
from portal.tests.conftest import image_bytes, make_event, pdf_bytes, upload
from portal.tests.processes import ObjectStore, seaweedfs  # noqa: F401 (the fixture)


@pytest.fixture
def object_storage(settings, seaweedfs: ObjectStore) -> ObjectStore:  # noqa: F811
    settings.STORAGES = {**settings.STORAGES, "default": seaweedfs.storage_setting()}
    return seaweedfs


def create_news_with_image(client, editor, title: str) -> NewsItem:
    client.force_login(editor)
    picture = image_bytes("PNG", (64, 48))
    response = client.post(
        "/redaksjon/nyheter/ny/",
        {
            "title": title,
            "lead": "Ingress.",
            "body": "Tekst.",
            "image": SimpleUploadedFile("bilde.png", picture, content_type="image/png"),
            "image_alt": "Et rødt felt",
            "source_organisation": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return NewsItem.objects.get(title=title)


def test_an_uploaded_image_lands_in_the_bucket_and_not_on_local_disk(client, editor, object_storage, media_root):
    item = create_news_with_image(client, editor, "Bildet ligger i objektlageret")
    assert item.image.name in object_storage.keys()
    assert not media_root.exists() or not any(media_root.rglob("*.png"))


def test_readers_get_the_file_streamed_by_the_view_that_checks_access(client, editor, object_storage):
    item = create_news_with_image(client, editor, "Publisert med bilde")
    client.post(f"/redaksjon/nyheter/{item.pk}/publiser/")
    client.logout()
    response = client.get(f"/nyheter/{item.slug}/bilde/")
    assert response.status_code == 200
    stored = object_storage.client().get_object(Bucket=object_storage.bucket, Key=item.image.name)["Body"].read()
    assert b"".join(response.streaming_content) == stored
    assert response["Content-Type"] == "image/png"


def test_a_drafts_image_is_404_for_readers_and_the_bucket_refuses_strangers(client, editor, object_storage):
    item = create_news_with_image(client, editor, "Utkast med bilde")
    client.logout()
    assert client.get(f"/nyheter/{item.slug}/bilde/").status_code == 404
    # The object itself is private: no anonymous read, no read with a wrong secret.
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{object_storage.endpoint}/{object_storage.bucket}/{item.image.name}", timeout=10)
    assert refused.value.code == 403
    with pytest.raises(Exception, match="SignatureDoesNotMatch|AccessDenied|Forbidden"):
        object_storage.client(secret_key="wrong").get_object(Bucket=object_storage.bucket, Key=item.image.name)


def test_readiness_checks_the_object_store(client, db, settings, object_storage):
    assert client.get("/helse/klar/").status_code == 200
    assert not [key for key in object_storage.keys() if key.startswith("readiness/")]
    settings.STORAGES = {**settings.STORAGES, "default": object_storage.storage_setting(secret_key="wrong")}
    response = client.get("/helse/klar/")
    assert response.status_code == 503
    assert response.content == b"storage unavailable"


def test_a_presentation_is_downloaded_from_the_bucket_and_deleted_from_it_when_removed(
    client, editor, object_storage, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    event = make_event("Fagdag i objektlageret", "published", starts_in=-datetime.timedelta(days=3))
    client.post(
        f"/redaksjon/arrangementer/{event.pk}/presentasjoner/",
        {"attachment-title": "Lysark", "attachment-file": upload("lysark.pdf", pdf_bytes())},
    )
    attachment = EventAttachment.objects.get()
    assert attachment.file.name in object_storage.keys()
    client.logout()
    download = client.get(attachment.get_absolute_url())
    assert b"".join(download.streaming_content) == pdf_bytes()
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/redaksjon/arrangementer/{event.pk}/presentasjoner/{attachment.pk}/slett/")
    assert attachment.file.name not in object_storage.keys()
    # Asked for again, the link is a 404, not an error from the store.
    assert client.get(attachment.get_absolute_url()).status_code == 404


def test_an_image_and_a_presentation_lost_from_the_bucket_are_404_not_500(
    client, editor, object_storage, django_capture_on_commit_callbacks
):
    item = create_news_with_image(client, editor, "Bildet forsvant")
    client.post(f"/redaksjon/nyheter/{item.pk}/publiser/")
    event = make_event("Fagdag uten lysark", "published", starts_in=-datetime.timedelta(days=3))
    client.post(
        f"/redaksjon/arrangementer/{event.pk}/presentasjoner/",
        {"attachment-title": "Lysark", "attachment-file": upload("lysark.pdf", pdf_bytes())},
    )
    attachment = EventAttachment.objects.get()
    client.logout()
    store = object_storage.client()
    for name in (item.image.name, attachment.file.name):
        store.delete_object(Bucket=object_storage.bucket, Key=name)
    # Object storage opens lazily: without asking first, the error came while the answer streamed.
    assert client.get(f"/nyheter/{item.slug}/bilde/").status_code == 404
    assert client.get(attachment.get_absolute_url()).status_code == 404
