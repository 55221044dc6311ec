"""Two people editing the same order, plan or plan item: the second save does not
silently overwrite the first. Each edit form carries the object's lock_version;
a save from an older version is refused with a message and saves nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from actionplans import services as plan_services
from actionplans.models import ActionPlan, PlanItem
from actionplans.tests import factories as plan_factories
from core.errors import EditConflict
from orders import services as order_services
from orders.models import Order
from orders.tests import factories as order_factories

pytestmark = pytest.mark.usefixtures("demo_data")

ORDER_CONFLICT = "Noen andre har endret bestillingen mens du redigerte"


def _order_form(order: Order, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "service": order.service_id or "",
        "title": order.title,
        "description": order.description,
        "department": order.department_id,
        "urgency": order.urgency,
        "lock_version": order.lock_version,
    }
    data.update(changes)
    return data


# --- services ----------------------------------------------------------------------------


def test_it_refuses_an_order_edit_from_an_older_version(avdelingsleder):
    order = order_factories.draft()
    loaded = order.lock_version

    order_services.order_update_draft(
        order=order, user=avdelingsleder, lock_version=loaded, title="Første"
    )
    with pytest.raises(EditConflict) as error:
        order_services.order_update_draft(
            order=order, user=avdelingsleder, lock_version=loaded, title="Andre"
        )

    assert ORDER_CONFLICT in error.value.message
    order.refresh_from_db()
    assert order.title == "Første"
    assert order.lock_version == loaded + 1


def test_it_accepts_consecutive_edits_that_each_start_from_the_latest_version(avdelingsleder):
    order = order_factories.draft()

    first = order_services.order_update_draft(
        order=order, user=avdelingsleder, lock_version=order.lock_version, title="Første"
    )
    second = order_services.order_update_draft(
        order=order, user=avdelingsleder, lock_version=first.lock_version, title="Andre"
    )

    assert second.lock_version == first.lock_version + 1
    assert Order.objects.get(pk=order.pk).title == "Andre"


def test_an_edit_without_a_version_still_moves_the_version_on(avdelingsleder):
    order = order_factories.draft()
    loaded = order.lock_version

    order_services.order_update_draft(order=order, user=avdelingsleder, title="Uten versjon")

    with pytest.raises(EditConflict):
        order_services.order_update_draft(
            order=order, user=avdelingsleder, lock_version=loaded, title="Gammel"
        )


def test_it_refuses_a_plan_budget_edit_from_an_older_version(kommunalsjef):
    plan = plan_factories.draft(kommunalsjef)
    loaded = plan.lock_version

    plan_services.plan_update(
        plan=plan, user=kommunalsjef, budget_hours=Decimal(120), lock_version=loaded
    )
    with pytest.raises(EditConflict, match="endret handlingsplanen"):
        plan_services.plan_update(
            plan=plan, user=kommunalsjef, budget_hours=Decimal(80), lock_version=loaded
        )

    assert ActionPlan.objects.get(pk=plan.pk).budget_hours == Decimal(120)


def test_it_refuses_a_plan_item_edit_from_an_older_version(kommunalsjef):
    item = plan_factories.item_of(plan_factories.draft(kommunalsjef))
    loaded = item.lock_version

    plan_services.plan_item_update(
        item=item, user=kommunalsjef, title="Endret av den ene", lock_version=loaded
    )
    with pytest.raises(EditConflict, match="endret tiltaket"):
        plan_services.plan_item_update(
            item=item, user=kommunalsjef, title="Endret av den andre", lock_version=loaded
        )

    assert PlanItem.objects.get(pk=item.pk).title == "Endret av den ene"


# --- pages -------------------------------------------------------------------------------


def test_the_order_form_carries_the_version_it_was_loaded_with(client, avdelingsleder):
    order = order_factories.draft()
    client.force_login(avdelingsleder)

    response = client.get(f"/bestillinger/{order.pk}/endre/")

    assert response.status_code == 200
    assert (
        f'<input type="hidden" name="lock_version" value="{order.lock_version}"'
        in response.content.decode()
    )


def test_the_second_of_two_order_forms_is_refused_with_a_message(client, avdelingsleder):
    order = order_factories.draft()
    client.force_login(avdelingsleder)
    url = f"/bestillinger/{order.pk}/endre/"
    # Two tabs open the form at the same version; the first one saves.
    first = client.post(url, _order_form(order, title="Fra fane 1"))
    assert first.status_code == 302

    second = client.post(url, _order_form(order, title="Fra fane 2"))

    assert second.status_code == 400
    assert ORDER_CONFLICT in second.content.decode()
    order.refresh_from_db()
    assert order.title == "Fra fane 1"


def test_the_plan_item_form_refuses_a_stale_save(client, kommunalsjef):
    item = plan_factories.item_of(plan_factories.draft(kommunalsjef))
    client.force_login(kommunalsjef)
    url = f"/handlingsplaner/tiltak/{item.pk}/"
    page = client.get(url)
    assert f'name="lock_version" value="{item.lock_version}"' in page.content.decode()
    form = {
        "service": item.service_id,
        "title": "Fra fane 1",
        "budget_hours": "12.5",
        "priority": item.priority,
        "lock_version": item.lock_version,
    }
    assert client.post(url, form).status_code == 302

    response = client.post(url, {**form, "title": "Fra fane 2"})

    assert response.status_code == 400
    assert "Noen andre har endret tiltaket" in response.content.decode()
    assert PlanItem.objects.get(pk=item.pk).title == "Fra fane 1"


def test_the_plan_item_form_does_not_remove_an_item_changed_meanwhile(client, kommunalsjef):
    item = plan_factories.item_of(plan_factories.draft(kommunalsjef))
    loaded = item.lock_version
    plan_services.plan_item_update(item=item, user=kommunalsjef, title="Endret i en annen fane")
    client.force_login(kommunalsjef)

    response = client.post(
        f"/handlingsplaner/tiltak/{item.pk}/",
        {"delete": "1", "lock_version": loaded},
        follow=True,
    )

    assert "Noen andre har endret tiltaket" in response.content.decode()
    assert PlanItem.objects.filter(pk=item.pk).exists()


def test_the_budget_form_refuses_a_stale_save(client, kommunalsjef):
    plan = plan_factories.draft(kommunalsjef)
    client.force_login(kommunalsjef)
    page = client.get(f"/handlingsplaner/{plan.pk}/")
    assert f'name="lock_version" value="{plan.lock_version}"' in page.content.decode()
    url = f"/handlingsplaner/{plan.pk}/budsjett/"
    client.post(url, {"budget_hours": "150", "lock_version": plan.lock_version})

    response = client.post(
        url, {"budget_hours": "90", "lock_version": plan.lock_version}, follow=True
    )

    assert "Noen andre har endret handlingsplanen" in response.content.decode()
    assert ActionPlan.objects.get(pk=plan.pk).budget_hours == Decimal(150)


# --- API ---------------------------------------------------------------------------------


def test_the_order_api_answers_409_to_a_stale_patch(api, avdelingsleder):
    order = order_factories.draft()
    api.force_authenticate(avdelingsleder)
    read = api.get(f"/api/v1/orders/{order.pk}/").json()["lock_version"]
    assert (
        api.patch(
            f"/api/v1/orders/{order.pk}/",
            {"title": "Klient 1", "lock_version": read},
            format="json",
        ).status_code
        == 200
    )

    response = api.patch(
        f"/api/v1/orders/{order.pk}/", {"title": "Klient 2", "lock_version": read}, format="json"
    )

    assert response.status_code == 409
    assert ORDER_CONFLICT in response.json()["lock_version"][0]
    assert Order.objects.get(pk=order.pk).title == "Klient 1"


def test_the_plan_item_api_answers_409_to_a_stale_patch(api, kommunalsjef):
    item = plan_factories.item_of(plan_factories.draft(kommunalsjef))
    api.force_authenticate(kommunalsjef)
    url = f"/api/v1/plan-items/{item.pk}/"
    read = api.get(url).json()["lock_version"]
    assert (
        api.patch(url, {"title": "Klient 1", "lock_version": read}, format="json").status_code
        == 200
    )

    response = api.patch(url, {"title": "Klient 2", "lock_version": read}, format="json")

    assert response.status_code == 409
    assert PlanItem.objects.get(pk=item.pk).title == "Klient 1"
