"""HTML pages: board, plan page and the steps of the chain from the browser's side."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from actionplans import selectors
from actionplans.models import ActionPlan, PlanItem, PlanStatus
from actionplans.tests.factories import (
    CURRENT_PERIOD,
    FREE_PERIOD,
    advance,
    draft,
    helse,
    item_of,
    service,
)
from core.tests.factories import OrganisationFactory, ServiceAreaFactory

pytestmark = pytest.mark.usefixtures("demo_data")


def current_helse_plan() -> ActionPlan:
    return ActionPlan.objects.get(area=helse(), start_year=CURRENT_PERIOD)


def test_it_shows_the_board(client, radmann):
    client.force_login(radmann)
    response = client.get(reverse("actionplans:board"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Oversikt over handlingsplaner" in html
    assert "Mangler" in html
    assert "Godkjent" in html


def test_it_shows_the_board_in_few_queries(client, radmann, django_assert_max_num_queries):
    client.force_login(radmann)
    with django_assert_max_num_queries(10):
        client.get(reverse("actionplans:board"))


def test_it_shows_the_plan_page(client, verneombud):
    client.force_login(verneombud)
    plan = current_helse_plan()
    response = client.get(reverse("actionplans:plan", args=[plan.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert item_of(plan).title in html
    assert "Faglig tilbakemelding fra BHT" in html
    # A safety representative reads the plan but gets no buttons.
    assert "Revider" not in html


def test_it_shows_a_budget_bar_per_item_and_for_the_plan(client, radgiver):
    # Hours come from time tracking, the app above; a test may reach up to it.
    from django.db.models import Q

    from timetracking.models import TimeEntry
    from timetracking.tests.factories import approved_item, log

    item = approved_item()
    TimeEntry.objects.filter(Q(plan_item=item) | Q(order__plan_item=item)).delete()
    PlanItem.objects.filter(pk=item.pk).update(budget_hours=Decimal(5))
    log(radgiver, hours="4", plan_item=item, activity="advice")
    client.force_login(radgiver)
    response = client.get(reverse("actionplans:plan", args=[item.plan_id]))
    assert response.status_code == 200
    html = response.content.decode()
    # 4 of 5 hours: 80 %, the warning state, said in words as well as colour.
    assert 'aria-label="80 % av budsjettet brukt (4 av 5 timer)"' in html
    assert '<span class="plan-bar" data-state="warning">' in html
    assert 'style="width: 80%"' in html
    assert "Over 80 % brukt" in html
    # The plan total has its own bar.
    assert html.count('class="plan-bar__track" role="img"') == (
        1 + sum(1 for i in item.plan.items.all() if i.budget_hours)
    )


def test_the_budget_bar_is_capped_and_danger_over_budget(client, radgiver):
    from django.db.models import Q

    from timetracking.models import TimeEntry
    from timetracking.tests.factories import approved_item, log

    item = approved_item()
    TimeEntry.objects.filter(Q(plan_item=item) | Q(order__plan_item=item)).delete()
    PlanItem.objects.filter(pk=item.pk).update(budget_hours=Decimal(2))
    log(radgiver, hours="3", plan_item=item, activity="advice")
    client.force_login(radgiver)
    html = client.get(reverse("actionplans:plan", args=[item.plan_id])).content.decode()
    assert 'aria-label="150 % av budsjettet brukt (3 av 2 timer)"' in html
    assert '<span class="plan-bar" data-state="danger">' in html
    assert "Over budsjettet" in html
    assert 'style="width: 150%"' not in html


def test_it_shows_the_plan_page_in_few_queries(client, kommunalsjef, django_assert_max_num_queries):
    client.force_login(kommunalsjef)
    plan = current_helse_plan()
    # 15 + 2 for the audit history (the plan's and its items', docs/audit.md).
    with django_assert_max_num_queries(17):
        response = client.get(reverse("actionplans:plan", args=[plan.pk]))
    assert "Revider" in response.content.decode()


def test_it_hides_a_plan_outside_scope(client, outsider):
    client.force_login(outsider)
    assert (
        client.get(reverse("actionplans:plan", args=[current_helse_plan().pk])).status_code == 404
    )


def test_it_submits_from_the_plan_page(client, kommunalsjef):
    plan = draft(kommunalsjef)
    client.force_login(kommunalsjef)
    response = client.post(reverse("actionplans:submit", args=[plan.pk]))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.BHT_REVIEW


def test_it_forbids_a_step_to_the_wrong_role(client, tjenesteleder, kommunalsjef):
    plan = draft(kommunalsjef)
    client.force_login(tjenesteleder)
    assert client.post(reverse("actionplans:submit", args=[plan.pk])).status_code == 403
    assert client.get(reverse("actionplans:feedback", args=[plan.pk])).status_code == 403


def test_it_refuses_get_on_a_post_step(client, kommunalsjef):
    plan = draft(kommunalsjef)
    client.force_login(kommunalsjef)
    assert client.get(reverse("actionplans:submit", args=[plan.pk])).status_code == 405


def test_it_records_feedback_from_the_form(client, kommunalsjef, radgiver, amu):
    plan = advance(
        draft(kommunalsjef), "bht_review", director=kommunalsjef, advisor=radgiver, amu=amu
    )
    item = item_of(plan)
    client.force_login(radgiver)
    url = reverse("actionplans:feedback", args=[plan.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"text": "Bra.", f"item_{item.pk}": "Start tidlig."})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CONSULTATION
    assert plan.feedback.count() == 2


def test_it_answers_400_for_bad_meeting_input(client, kommunalsjef, radgiver, amu):
    plan = advance(
        draft(kommunalsjef), "consultation", director=kommunalsjef, advisor=radgiver, amu=amu
    )
    client.force_login(kommunalsjef)
    response = client.post(reverse("actionplans:consult", args=[plan.pk]), {"case_number": ""})
    assert response.status_code == 400
    assert "Oppgi møtedato." in response.content.decode()


def test_it_approves_from_the_form(client, kommunalsjef, radgiver, amu):
    plan = advance(draft(kommunalsjef), "signed", director=kommunalsjef, advisor=radgiver, amu=amu)
    client.force_login(amu)
    response = client.post(
        reverse("actionplans:approve", args=[plan.pk]),
        {"meeting_date": timezone.localdate().isoformat(), "case_number": "26/5"},
    )
    assert response.status_code == 200  # the confirm step
    assert "Godkjenningen kan ikke trekkes tilbake" in response.content.decode()
    assert "26/5" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SIGNED
    response = client.post(
        reverse("actionplans:approve", args=[plan.pk]),
        {
            "meeting_date": timezone.localdate().isoformat(),
            "case_number": "26/5",
            "bekreft": "ja",
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED


def test_it_creates_a_draft_and_adds_an_item(client, kommunalsjef):
    client.force_login(kommunalsjef)
    response = client.post(
        reverse("actionplans:plan-create"),
        {"area": helse().pk, "start_year": FREE_PERIOD, "budget_hours": "100"},
    )
    assert response.status_code == 302
    plan = ActionPlan.objects.get(area=helse(), start_year=FREE_PERIOD)
    response = client.post(
        reverse("actionplans:item-create", args=[plan.pk]),
        {"service": service().pk, "title": "Kartlegging", "budget_hours": "10", "priority": 1},
    )
    assert response.status_code == 302
    assert plan.items.get().title == "Kartlegging"


def test_it_answers_400_for_a_bad_item(client, kommunalsjef):
    plan = draft(kommunalsjef, items=0)
    client.force_login(kommunalsjef)
    response = client.post(
        reverse("actionplans:item-create", args=[plan.pk]),
        {"service": service().pk, "title": "X", "budget_hours": "1.3", "priority": 1},
    )
    assert response.status_code == 400


def test_it_forbids_creating_a_plan_to_others(client, tjenesteleder):
    client.force_login(tjenesteleder)
    assert client.get(reverse("actionplans:plan-create")).status_code == 403


def test_it_records_a_status_review(client, kommunalsjef):
    plan = current_helse_plan()
    reviews = plan.status_reviews.count()
    item = item_of(plan)
    client.force_login(kommunalsjef)
    url = reverse("actionplans:status-review", args=[plan.pk])
    assert client.get(url).status_code == 200
    data = {"held_at": timezone.localdate().isoformat(), "summary": "Ok"}
    for other in plan.items.all():
        data[f"status_{other.pk}"] = other.status
    data[f"status_{item.pk}"] = "done"
    assert client.post(url, data).status_code == 302
    item.refresh_from_db()
    assert item.status == "done"
    assert plan.status_reviews.count() == reviews + 1


def test_it_changes_the_budget_of_a_draft(client, kommunalsjef):
    plan = draft(kommunalsjef)
    client.force_login(kommunalsjef)
    response = client.post(reverse("actionplans:budget", args=[plan.pk]), {"budget_hours": "60.5"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.budget_hours == 60.5


def test_it_forbids_budget_changes_to_others(client, kommunalsjef, radgiver):
    plan = draft(kommunalsjef)
    client.force_login(radgiver)
    response = client.post(reverse("actionplans:budget", args=[plan.pk]), {"budget_hours": "5"})
    assert response.status_code == 403


def test_it_shows_the_differences_of_a_revision(client, kommunalsjef):
    client.force_login(kommunalsjef)
    response = client.post(
        reverse("actionplans:revise", args=[current_helse_plan().pk]), {"bekreft": "ja"}
    )
    revision = ActionPlan.objects.get(area=helse(), start_year=CURRENT_PERIOD, version=2)
    assert response["Location"] == reverse("actionplans:plan", args=[revision.pk])
    html = client.get(response["Location"]).content.decode()
    assert "Endringer fra versjon 1 til 2" in html
    assert "Uendret" in html


def test_it_lets_the_main_contact_hold_a_status_review(client, radgiver):
    client.force_login(radgiver)
    html = client.get(reverse("actionplans:plan", args=[current_helse_plan().pk])).content.decode()
    assert "Statusgjennomgang" in html
    assert "Revider" not in html


def test_it_forbids_a_status_review_to_a_safety_rep(client, verneombud):
    client.force_login(verneombud)
    url = reverse("actionplans:status-review", args=[current_helse_plan().pk])
    assert client.get(url).status_code == 403


def test_it_edits_and_removes_an_item_of_a_draft(client, kommunalsjef):
    plan = draft(kommunalsjef)
    item = item_of(plan)
    client.force_login(kommunalsjef)
    url = reverse("actionplans:item-edit", args=[item.pk])
    assert client.get(url).status_code == 200
    data = {"service": item.service_id, "title": "Nytt navn", "budget_hours": "4", "priority": 2}
    assert client.post(url, data).status_code == 302
    item.refresh_from_db()
    assert item.title == "Nytt navn"
    assert client.post(url, {"delete": "1"}).status_code == 302
    assert not plan.items.filter(pk=item.pk).exists()


def test_it_hides_an_item_from_outsiders(client, kommunalsjef, outsider):
    item = item_of(draft(kommunalsjef))
    client.force_login(outsider)
    assert client.get(reverse("actionplans:item-edit", args=[item.pk])).status_code == 404


def test_bht_staff_pick_one_organisation_on_the_board(client, bhtleder):
    other = OrganisationFactory(name="Nabokommunen")
    ServiceAreaFactory(organisation=other, name="Nabo oppvekst")
    client.force_login(bhtleder)

    everything = client.get(reverse("actionplans:board")).content.decode()
    assert 'name="organisation"' in everything and "Alle organisasjoner" in everything
    assert "Nabo oppvekst" in everything and "Helse og sosial" in everything

    one = client.get(reverse("actionplans:board"), {"organisation": other.pk}).content.decode()
    assert "Nabo oppvekst" in one and "Helse og sosial" not in one
    assert '<span class="plan-summary__number">1</span>' in one  # one area


def test_an_unknown_organisation_is_a_field_error_and_the_whole_board(client, bhtleder):
    OrganisationFactory(name="Nabokommunen")
    client.force_login(bhtleder)
    response = client.get(reverse("actionplans:board"), {"organisation": "999999"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert "Helse og sosial" in html


def test_leaders_of_one_organisation_get_no_organisation_filter(client, radmann):
    client.force_login(radmann)
    assert 'name="organisation"' not in client.get(reverse("actionplans:board")).content.decode()


def test_the_board_pages_its_areas_and_counts_them_all(client, radmann, monkeypatch):
    monkeypatch.setattr(selectors.board, "BOARD_PAGE_SIZE", 2)
    client.force_login(radmann)
    board = selectors.plan_board(radmann, page=1)
    total = board.area_count
    assert total > 2 and len(board.rows) == 2
    assert sum(board.counts.values()) == total
    seen = set()
    for number in range(1, board.page.paginator.num_pages + 1):
        html = client.get(reverse("actionplans:board"), {"page": number}).content.decode()
        assert f'<span class="plan-summary__number">{total}</span>' in html
        seen |= {r.area.pk for r in selectors.plan_board(radmann, page=number).rows}
    assert len(seen) == total
    assert 'aria-label="Sidenummer"' in html


def test_an_item_takes_hours_with_a_decimal_comma(client, kommunalsjef):
    # Chromium's type=number input stored "7,5" as 75; the field is text now.
    plan = draft(kommunalsjef, items=0)
    client.force_login(kommunalsjef)
    page = client.get(reverse("actionplans:plan", args=[plan.pk])).content.decode()
    assert 'name="budget_hours"' in page
    assert 'type="number"' not in page
    response = client.post(
        reverse("actionplans:item-create", args=[plan.pk]),
        {"service": service().pk, "title": "Kartlegging", "budget_hours": "7,5", "priority": 1},
    )
    assert response.status_code == 302
    assert plan.items.get().budget_hours == Decimal("7.5")


def test_an_item_with_garbage_hours_is_a_field_error_and_nothing_saved(client, kommunalsjef):
    plan = draft(kommunalsjef, items=0)
    client.force_login(kommunalsjef)
    response = client.post(
        reverse("actionplans:item-create", args=[plan.pk]),
        {"service": service().pk, "title": "Kartlegging", "budget_hours": "sju", "priority": 1},
    )
    assert response.status_code == 400
    assert "Skriv et tall, for eksempel 7,5." in response.content.decode()
    assert not plan.items.exists()


@pytest.mark.parametrize(
    ("url_name", "status", "says"),
    [
        ("actionplans:sign", "consulted", "går til godkjenning i hoved-AMU"),
        ("actionplans:revise", "approved", "ny versjon av planen som utkast"),
        ("actionplans:close", "approved", "Det kan ikke angres"),
    ],
)
def test_it_asks_before_an_irreversible_step(
    client, kommunalsjef, radgiver, amu, url_name, status, says
):
    plan = advance(draft(kommunalsjef), status, director=kommunalsjef, advisor=radgiver, amu=amu)
    before = plan.status
    client.force_login(kommunalsjef)

    response = client.post(reverse(url_name, args=[plan.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert says in html
    assert 'name="bekreft" value="ja"' in html
    plan.refresh_from_db()
    assert plan.status == before

    response = client.post(reverse(url_name, args=[plan.pk]), {"bekreft": "ja"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status != before or url_name == "actionplans:revise"


def test_it_says_why_instead_of_asking_when_the_step_is_not_possible(client, kommunalsjef):
    plan = draft(kommunalsjef)
    client.force_login(kommunalsjef)

    response = client.post(reverse("actionplans:sign", args=[plan.pk]))

    assert response.status_code == 302  # back to the plan with the reason, no confirm page


def test_the_error_summary_names_each_field(client, kommunalsjef, radgiver, amu):
    plan = advance(draft(kommunalsjef), "signed", director=kommunalsjef, advisor=radgiver, amu=amu)
    client.force_login(amu)

    response = client.post(reverse("actionplans:approve", args=[plan.pk]), {})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Møtedato: Oppgi møtedato." in html
    assert "Saksnummer: Oppgi saksnummer." in html


def test_the_plan_page_explains_the_figures_and_marks_only_items_over_budget(client, radgiver):
    from timetracking.models import TimeEntry
    from timetracking.tests.factories import approved_item, log

    item = approved_item()
    TimeEntry.objects.filter(plan_item__plan=item.plan).delete()
    TimeEntry.objects.filter(order__plan_item__plan=item.plan).delete()
    others = item.plan.items.exclude(pk=item.pk)
    PlanItem.objects.filter(pk=item.pk).update(budget_hours=Decimal(2))
    log(radgiver, hours="3", plan_item=item, activity="advice")
    exactly = others.filter(budget_hours__gt=0).first()
    if exactly is not None:
        PlanItem.objects.filter(pk=exactly.pk).update(budget_hours=Decimal(1))
        log(radgiver, hours="1", plan_item=exactly, activity="advice")
    client.force_login(radgiver)

    html = client.get(reverse("actionplans:plan", args=[item.plan_id])).content.decode()

    assert "Slik henger tallene sammen" in html
    assert html.count('class="plan-items__row--over"') == 1
    if exactly is not None:
        # Exactly at the budget is not over: no red.
        assert "Budsjettet er brukt" in html
    assert html.count('data-state="danger"') == 1


def test_the_board_counts_one_area_in_the_singular(client, avdelingsleder):
    client.force_login(avdelingsleder)

    html = client.get(reverse("actionplans:board")).content.decode()

    assert '<span class="plan-summary__number">1</span> område</li>' in html
