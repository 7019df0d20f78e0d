"""Editors' pages: written, previewed and published as news are, in a tree, on the front page if chosen."""

import pytest
from django.contrib.contenttypes.models import ContentType

from agreements.models import Project
from portal.models import ChangeLogEntry, Page
from portal.tests.conftest import make_news, make_page


def test_an_editor_writes_a_draft_previews_it_and_publishes_it_with_a_change_log(client, editor):
    client.force_login(editor)
    response = client.post(
        "/redaksjon/sider/ny/", {"title": "For fastleger", "body": "## Samhandlingslegene", "position": 0}
    )
    page = Page.objects.get(title="For fastleger")
    assert response.status_code == 302 and page.status == Page.Status.DRAFT
    preview = client.get(page.get_absolute_url()).content.decode()
    assert "Forhåndsvisning." in preview and "<h2>Samhandlingslegene</h2>" in preview
    client.logout()
    assert client.get(page.get_absolute_url()).status_code == 404
    client.force_login(editor)
    client.post(f"/redaksjon/sider/{page.pk}/publiser/")
    client.logout()
    assert client.get(page.get_absolute_url()).status_code == 200
    actions = list(ChangeLogEntry.objects.for_object(page).values_list("action", flat=True))
    assert set(actions) == {"created", "published"}


def test_a_page_under_another_shows_the_path_to_it_and_is_listed_on_its_parent(client, db):
    parent = make_page("Om helsefellesskapet")
    child = make_page("Brukermedvirkning", parent=parent)
    make_page("Utkast under om", state="draft", parent=parent)
    parent_page = client.get(parent.get_absolute_url()).content.decode()
    assert child.get_absolute_url() in parent_page and "Utkast under om" not in parent_page
    child_page = client.get(child.get_absolute_url()).content.decode()
    assert f'<a href="{parent.get_absolute_url()}">Om helsefellesskapet</a>' in child_page
    assert child.get_absolute_url() in client.get("/sider/").content.decode()


def test_the_editor_chooses_which_pages_the_front_page_links(client, db):
    make_page("For fastleger", on_front_page=True)
    make_page("Slik er vi organisert")
    front = client.get("/").content.decode()
    assert "/sider/for-fastleger/" in front and "/sider/slik-er-vi-organisert/" not in front


def test_a_published_accessibility_page_becomes_the_accessibility_statement(client, db):
    builtin = client.get("/tilgjengelighet/").content.decode()
    page = make_page("Tilgjengelighetserklæring", body="Erklæringen ble sist oppdatert i november.")
    assert page.slug == Page.ACCESSIBILITY_SLUG and page.get_absolute_url() == "/tilgjengelighet/"
    statement = client.get("/tilgjengelighet/").content.decode()
    assert "Erklæringen ble sist oppdatert i november." in statement and statement != builtin
    assert client.get(f"/sider/{Page.ACCESSIBILITY_SLUG}/")["Location"] == "/tilgjengelighet/"


def test_a_page_refuses_an_identity_number_and_keeps_what_was_typed(client, editor):
    client.force_login(editor)
    response = client.post("/redaksjon/sider/ny/", {"title": "Om oss", "body": "Pasient 30108299939", "position": 0})
    assert response.status_code == 400 and "Om oss" in response.content.decode()
    assert not Page.objects.exists()


def test_a_page_cannot_be_put_under_its_own_child(client, editor):
    parent = make_page("Om helsefellesskapet")
    child = make_page("Brukermedvirkning", parent=parent)
    client.force_login(editor)
    response = client.post(
        f"/redaksjon/sider/{parent.pk}/",
        {"title": parent.title, "body": parent.body, "parent": child.pk, "position": 0},
    )
    assert response.status_code == 400
    parent.refresh_from_db()
    assert parent.parent_id is None


def test_a_project_page_shows_the_news_about_it_once_published(client, db):
    project = Project.objects.create(title="Digital hjemmeoppfølging i Telemark", status=Project.Status.ONGOING)
    make_news("Utkast om prosjektet", state="draft", project=project)
    make_news("Seks kommuner er i gang", project=project)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Seks kommuner er i gang" in page and "Utkast om prosjektet" not in page


@pytest.mark.parametrize("count", [3, 300])
def test_the_pages_cost_the_same_number_of_queries_with_3_or_300_pages(
    client, editor, count, django_assert_max_num_queries
):
    top = make_page("Om helsefellesskapet", on_front_page=True)
    Page.objects.bulk_create(
        Page(
            title=f"Side {n}",
            slug=f"side-{n}",
            parent=top if n % 2 else None,
            status="published",
            publish_at=top.publish_at,
        )
        for n in range(count)
    )
    child = Page.objects.get(slug="side-1")
    budgets = {
        # the top pages, their children, the plan in force (two tries), pathways, projects
        "/sider/": 6,
        # the page, the tree's skeleton for the path to it, its children
        child.get_absolute_url(): 3,
        top.get_absolute_url(): 3,
    }
    for path, budget in budgets.items():
        with django_assert_max_num_queries(budget, info=path):
            assert client.get(path).status_code == 200
    client.force_login(editor)
    # session, user, roles; count, page with the last editor
    with django_assert_max_num_queries(5, info="editors' list"):
        assert client.get("/redaksjon/sider/").status_code == 200
    # session, user, roles; the page, the content type of its history (counted from a cold cache, so
    # the budget holds whatever test ran before), its history, the pages to put it under
    ContentType.objects.clear_cache()
    with django_assert_max_num_queries(7, info="edit page"):
        assert client.get(f"/redaksjon/sider/{top.pk}/").status_code == 200


def test_a_page_published_for_the_front_page_shows_there_at_once(client, editor):
    page = make_page("For fastleger", state="draft", on_front_page=True)
    assert "/sider/for-fastleger/" not in client.get("/").content.decode()  # the front page is now cached
    client.force_login(editor)
    client.post(f"/redaksjon/sider/{page.pk}/publiser/")
    client.logout()
    assert "/sider/for-fastleger/" in client.get("/").content.decode()


def test_a_page_written_in_nynorsk_is_marked_lang_nn_and_keeps_it_on_an_edit_without_the_choice(client, editor):
    client.force_login(editor)
    client.post(
        "/redaksjon/sider/ny/",
        {
            "title": "Om oss på nynorsk",
            "lead": "Kven vi er.",
            "body": "Vi er eit fellesskap.",
            "language": "nn",
            "position": 0,
        },
    )
    page = Page.objects.get(title="Om oss på nynorsk")
    client.post(f"/redaksjon/sider/{page.pk}/publiser/")
    shown = client.get(page.get_absolute_url()).content.decode()
    assert '<h1 lang="nn">Om oss på nynorsk</h1>' in shown
    assert '<p class="lead" lang="nn">Kven vi er.</p>' in shown
    assert '<div class="rich-text" lang="nn">' in shown
    client.post(page.get_edit_url(), {"title": "Om oss på nynorsk", "lead": "Kven vi er no.", "position": 0})
    page.refresh_from_db()
    assert (page.lead, page.language) == ("Kven vi er no.", "nn")
