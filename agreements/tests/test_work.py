"""The partnership's own work: the action plan, its measures, the pathways and the projects."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from agreements.models import Measure, Pathway, PathwayStep, Plan, ProgressNote, Project, Theme
from agreements.search import site_search, work_search
from agreements.tests.conftest import make_routine, make_service
from contacts.models import Body

DAY = datetime.timedelta(days=1)


def make_plan(slug="2025-2026", status=Plan.Status.ADOPTED, first_year=2025, last_year=2026):
    return Plan.objects.create(
        title=f"Handlingsplan {slug}", slug=slug, first_year=first_year, last_year=last_year, status=status
    )


def make_measure(plan, title="Felles rutine for barn som pårørende", theme_title="Barn og unge", **fields):
    theme, _ = Theme.objects.get_or_create(plan=plan, title=theme_title)
    return Measure.objects.create(theme=theme, title=title, **fields)


@pytest.fixture
def plan(db):
    return make_plan()


def test_the_plan_page_shows_each_theme_with_its_measures_and_their_status(client, plan):
    make_measure(plan, status=Measure.Status.IN_PROGRESS)
    make_measure(plan, "Digital hjemmeoppfølging", "Skrøpelige eldre", status=Measure.Status.DONE)
    page = client.get("/handlingsplan/2025-2026/").content.decode()
    assert "Barn og unge" in page and "Skrøpelige eldre" in page
    assert "Felles rutine for barn som pårørende" in page and "Pågår" in page and "Fullført" in page
    assert "1 pågår" in page and "1 fullført" in page


def test_handlingsplan_opens_the_plan_whose_period_covers_today(client, db):
    make_plan("2023-2024", first_year=2023, last_year=2024)
    year = timezone.localdate().year
    make_plan("i-aar", first_year=year, last_year=year + 1)
    response = client.get("/handlingsplan/")
    assert response.context["plan"].slug == "i-aar"


def test_a_draft_plan_and_its_measures_are_hidden_from_readers_but_not_from_coordinators(client, coordinator):
    draft = make_plan("2027-2028", status=Plan.Status.DRAFT, first_year=2027, last_year=2028)
    measure = make_measure(draft, "Nytt tiltak i utkastet")
    assert client.get("/handlingsplan/2027-2028/").status_code == 404
    assert client.get(measure.get_absolute_url()).status_code == 404
    assert work_search("utkastet", None) == []
    client.force_login(coordinator)
    assert client.get("/handlingsplan/2027-2028/").status_code == 200
    assert client.get(measure.get_absolute_url()).status_code == 200


def test_a_measure_page_shows_owner_deadline_notes_newest_first_and_its_links(client, plan):
    body = Body.objects.create(name="Faglig samarbeidsutvalg for barn og unge", kind=Body.Kind.FSU)
    routine = make_routine("Rutine for barn som pårørende")
    pathway = Pathway.objects.create(title="Samhandlingsforløpet")
    project = Project.objects.create(title="Kartlegging av barn som pårørende")
    measure = make_measure(plan, owner_body=body, deadline=datetime.date(2026, 6, 1))
    measure.routines.add(routine)
    measure.pathways.add(pathway)
    measure.projects.add(project)
    ProgressNote.objects.create(measure=measure, written_on=datetime.date(2026, 1, 10), text="Utkast sendt på høring.")
    ProgressNote.objects.create(measure=measure, written_on=datetime.date(2026, 3, 2), text="Høringen er oppsummert.")
    page = client.get(measure.get_absolute_url()).content.decode()
    assert body.name in page and "1. juni 2026" in page
    assert page.index("Høringen er oppsummert.") < page.index("Utkast sendt på høring.")
    for linked in (routine, pathway, project):
        assert linked.get_absolute_url() in page


def test_the_owning_body_page_lists_its_measures(client, plan):
    body = Body.objects.create(name="Faglig samarbeidsutvalg for akuttmedisinsk kjede", kind=Body.Kind.FSU)
    measure = make_measure(plan, "Felles opplæring i akuttmedisin", owner_body=body)
    assert measure.get_absolute_url() in client.get(body.get_absolute_url()).content.decode()


def test_only_coordinators_see_the_overdue_measures_and_only_open_ones_past_their_deadline(client, plan, coordinator):
    today = timezone.localdate()
    make_measure(plan, "Forsinket tiltak", deadline=today - DAY, status=Measure.Status.IN_PROGRESS)
    make_measure(plan, "Fullført tiltak", deadline=today - DAY, status=Measure.Status.DONE)
    make_measure(plan, "Tiltak i rute", deadline=today + DAY)
    assert client.get("/handlingsplan/over-frist/").status_code == 404
    client.force_login(coordinator)
    page = client.get("/handlingsplan/over-frist/").content.decode()
    assert "Forsinket tiltak" in page
    assert "Fullført tiltak" not in page and "Tiltak i rute" not in page
    assert "over frist" in client.get(plan.get_absolute_url()).content.decode()


def test_the_printable_plan_has_every_measure_with_its_description_and_latest_note(client, plan):
    measure = make_measure(plan, description="Én rutine for hele Telemark.")
    ProgressNote.objects.create(measure=measure, written_on=datetime.date(2026, 1, 10), text="Eldre notat.")
    ProgressNote.objects.create(measure=measure, written_on=datetime.date(2026, 3, 2), text="Nyeste notat.")
    page = client.get(plan.get_print_url()).content.decode()
    assert "Én rutine for hele Telemark." in page and "Nyeste notat." in page and "Eldre notat." not in page


def test_a_pathway_shows_its_steps_in_order_and_the_routines_and_agreements_link_back(client, db):
    routine = make_routine("Rutine for innleggelse i sykehus")
    agreement = make_service(3)
    pathway = Pathway.objects.create(title="Samhandlingsforløpet")
    admission = PathwayStep.objects.create(
        pathway=pathway, position=2, title="Innleggelse", documentation="PLO: Innleggelsesrapport"
    )
    PathwayStep.objects.create(pathway=pathway, position=1, title="Hjemme")
    admission.routines.add(routine)
    admission.agreements.add(agreement)
    page = client.get(pathway.get_absolute_url()).content.decode()
    assert page.index("1. Hjemme") < page.index("2. Innleggelse")
    assert "PLO: Innleggelsesrapport" in page and routine.get_absolute_url() in page
    assert pathway.get_absolute_url() in client.get(routine.get_absolute_url()).content.decode()
    assert pathway.get_absolute_url() in client.get(agreement.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("query", "url_part"),
    [("handlingsplan", "/handlingsplan/2025-2026/"), ("forløp", "/forlop/"), ("prosjekt", "/prosjekter/")],
)
def test_the_site_search_finds_the_plan_pathways_and_projects(db, query, url_part):
    make_measure(make_plan())
    Pathway.objects.create(title="Samhandlingsforløpet")
    Project.objects.create(title="Digital hjemmeoppfølging i Telemark")
    urls = [hit["url"] for hit in work_search(query, None) + site_search(query, None)]
    assert any(url.startswith(url_part) for url in urls), urls


def test_a_measure_refuses_an_identity_number_in_its_progress_note(plan):
    note = ProgressNote(measure=make_measure(plan), text="Gjelder pasient 30108299939")
    with pytest.raises(ValidationError):
        note.full_clean()


@pytest.mark.parametrize("count", [3, 300])
def test_the_work_pages_cost_the_same_number_of_queries_with_3_or_300_measures(
    client, db, count, django_assert_max_num_queries
):
    plan = make_plan()
    body = Body.objects.create(name="Faglig samarbeidsutvalg", kind=Body.Kind.FSU)
    pathway = Pathway.objects.create(title="Samhandlingsforløpet")
    Project.objects.create(title="Digital hjemmeoppfølging")
    themes = [Theme.objects.create(plan=plan, title=f"Tema {n}") for n in range(5)]
    Measure.objects.bulk_create(
        Measure(theme=themes[n % 5], title=f"Tiltak {n}", slug=f"tiltak-{n}", owner_body=body, deadline=None)
        for n in range(count)
    )
    for step in range(count // 10 + 1):
        PathwayStep.objects.create(pathway=pathway, position=step, title=f"Steg {step}")
    budgets = {
        # the plan, its themes, their measures with owners, the plan list
        "/handlingsplan/2025-2026/": 4,
        # the same, and the latest note per measure
        "/handlingsplan/2025-2026/utskrift/": 4,
        # the current plan (two tries), its themes, their measures, the plan list
        "/handlingsplan/": 5,
        # the measure, notes, routines, agreements, projects, pathways
        "/handlingsplan/2025-2026/tiltak/tiltak-1/": 6,
        "/forlop/": 1,
        # the pathway, steps, and per kind of link one query; the measures
        "/forlop/samhandlingsforlopet/": 7,
        "/prosjekter/": 1,
        # the project, documents, measures, news
        "/prosjekter/digital-hjemmeoppfolging/": 4,
        # the body's own page and panels, with its measures bounded
        body.get_absolute_url(): 12,
    }
    for path, budget in budgets.items():
        with django_assert_max_num_queries(budget, info=path):
            assert client.get(path).status_code == 200, path


def test_a_coordinator_writes_progress_and_sets_the_status_once_however_often_the_form_is_sent(
    client, plan, coordinator_not_staff, plain_user
):
    measure = make_measure(plan)
    data = {"written_on": "2026-03-02", "text": "Høringen er oppsummert.", "status": "in_progress"}
    client.force_login(plain_user)
    assert client.get(measure.get_progress_url()).status_code == 404
    assert client.post(measure.get_progress_url(), data).status_code == 404
    client.force_login(coordinator_not_staff)
    assert client.post(measure.get_progress_url(), data).status_code == 302
    assert client.post(measure.get_progress_url(), data).status_code == 302
    measure.refresh_from_db()
    assert measure.status == Measure.Status.IN_PROGRESS
    assert list(measure.notes.values_list("text", "created_by")) == [
        ("Høringen er oppsummert.", coordinator_not_staff.pk)
    ]
    assert [entry.action for entry in measure.logs()] == ["progress"]


def test_a_progress_note_with_an_identity_number_is_refused_with_the_text_kept(client, plan, coordinator):
    measure = make_measure(plan)
    client.force_login(coordinator)
    data = {"written_on": "2026-03-02", "text": "Gjelder pasient 30108299939 i Skien", "status": "done"}
    response = client.post(measure.get_progress_url(), data)
    assert response.status_code == 400
    assert "Gjelder pasient" in response.content.decode() and "error-summary" in response.content.decode()
    measure.refresh_from_db()
    assert measure.status == Measure.Status.NOT_STARTED and not measure.notes.exists()


@pytest.mark.parametrize("model", ["plan", "measure", "pathway", "project"])
def test_coordinators_maintain_plans_measures_pathways_and_projects_in_the_admin(client, coordinator, editor, model):
    client.force_login(coordinator)
    assert client.get(f"/admin/agreements/{model}/add/").status_code == 200
    editor.is_staff = True
    editor.save()
    client.force_login(editor)
    assert client.get(f"/admin/agreements/{model}/add/").status_code == 403


def test_a_plan_cannot_take_the_address_of_the_overdue_list(db):
    plan = Plan(title="Handlingsplan", slug="over-frist", first_year=2025, last_year=2026)
    with pytest.raises(ValidationError):
        plan.full_clean()
