"""The order lifecycle through orders.services: every transition, role and rule."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from core.errors import ApplicationError
from orders import services
from orders.models import Billing, EventKind, OrderEvent, OrderStatus
from orders.tests import factories as f

pytestmark = pytest.mark.usefixtures("demo_data")

SCORES = {
    "help_received": 5,
    "work_adapted": 0,
    "impartial_role": 4,
    "competence": 5,
    "overall": 5,
}


def statuses(order) -> list[str]:
    return list(
        OrderEvent.objects.filter(order=order, kind=EventKind.STATUS)
        .order_by("at", "pk")
        .values_list("to_status", flat=True)
    )


def test_it_runs_the_whole_lifecycle(
    avdelingsleder, bhtleder, radgiver, django_capture_on_commit_callbacks
):
    order = f.draft()
    assert order.status == OrderStatus.DRAFT
    assert order.reference.startswith("B-")
    assert order.billing == Billing.EXTRA_SALE  # no plan item

    with django_capture_on_commit_callbacks(execute=True):
        order = services.order_submit(order=order, user=avdelingsleder)
    assert order.submitted_at is not None
    # The area's main contact (radgiver) hears of the new order.
    assert any(radgiver.email in m.to for m in mail.outbox)

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        order = services.order_accept(
            order=order,
            user=bhtleder,
            lead_advisor=f.advisor(),
            supporting_advisors=[f.advisor("bhtleder")],
            estimated_hours=Decimal("12"),
        )
    assert order.status == OrderStatus.ACCEPTED
    assert order.hourly_rate == Decimal("1150")
    assert order.estimated_cost == Decimal("13800")
    assert order.assignments.count() == 2
    recipients = {address for m in mail.outbox for address in m.to}
    assert avdelingsleder.email in recipients  # the orderer, on the decision
    assert radgiver.email in recipients  # the lead advisor, on assignment

    order = services.order_accept_cost(order=order, user=avdelingsleder)
    order = services.order_start(order=order, user=radgiver)
    order = services.order_deliver(order=order, user=radgiver)
    feedback = services.order_feedback_give(order=order, user=avdelingsleder, scores=SCORES)
    order = services.order_close(order=order, user=avdelingsleder)

    assert order.status == OrderStatus.CLOSED
    assert feedback.work_adapted == 0  # "Vet ikke"
    assert statuses(order) == ["submitted", "accepted", "in_progress", "delivered", "closed"]
    for stamp in ("accepted_at", "started_at", "delivered_at", "closed_at", "cost_accepted_at"):
        assert getattr(order, stamp) is not None, stamp


def test_it_refuses_to_start_an_extra_sale_before_the_cost_is_accepted(radgiver):
    order = f.accepted()

    with pytest.raises(ApplicationError, match="kostnaden"):
        services.order_start(order=order, user=radgiver)

    order.refresh_from_db()
    assert order.status == OrderStatus.ACCEPTED


def test_it_needs_estimated_hours_to_accept_an_extra_sale(bhtleder):
    order = f.submitted()

    with pytest.raises(ApplicationError) as error:
        services.order_accept(order=order, user=bhtleder, lead_advisor=f.advisor())

    assert error.value.field == "estimated_hours"
    order.refresh_from_db()
    assert order.status == OrderStatus.SUBMITTED
    assert not order.assignments.exists()  # nothing half-saved


def test_it_lets_the_area_director_accept_the_cost(kommunalsjef):
    order = f.accepted()

    order = services.order_accept_cost(order=order, user=kommunalsjef)

    assert order.cost_accepted_by == kommunalsjef


def test_it_forbids_the_advisor_to_accept_the_cost(radgiver):
    order = f.accepted()

    with pytest.raises(PermissionDenied):
        services.order_accept_cost(order=order, user=radgiver)


def test_it_declines_with_a_reason_the_orderer_sees(
    bhtleder, avdelingsleder, kommunalsjef, django_capture_on_commit_callbacks
):
    order = f.submitted()

    with django_capture_on_commit_callbacks(execute=True):
        order = services.order_decline(
            order=order, user=bhtleder, reason_code="capacity", reason="Ikke før januar."
        )

    assert order.status == OrderStatus.DECLINED
    assert (order.decline_reason_code, order.decline_reason) == ("capacity", "Ikke før januar.")
    recipients = {address for m in mail.outbox for address in m.to}
    assert {avdelingsleder.email, kommunalsjef.email} <= recipients
    assert any("Kapasitet" in m.body for m in mail.outbox)


@pytest.mark.parametrize(
    ("code", "reason", "field"),
    [("", "Tekst", "reason_code"), ("bogus", "Tekst", "reason_code"), ("capacity", " ", "reason")],
)
def test_it_refuses_a_decline_without_reason(bhtleder, code, reason, field):
    order = f.submitted()

    with pytest.raises(ApplicationError) as error:
        services.order_decline(order=order, user=bhtleder, reason_code=code, reason=reason)

    assert error.value.field == field


def test_the_main_contact_may_decide(radgiver):
    order = f.submitted()

    order = services.order_decline(
        order=order, user=radgiver, reason_code="refer_hr", reason="Personalsak."
    )

    assert order.status == OrderStatus.DECLINED


def test_an_advisor_may_not_decide_when_the_bht_turns_it_off(radgiver, settings):
    settings.ORDERS_ADVISORS_MAY_DECIDE = False
    order = f.submitted()

    with pytest.raises(PermissionDenied):
        services.order_accept(
            order=order, user=radgiver, lead_advisor=f.advisor(), estimated_hours=Decimal(2)
        )


@pytest.mark.parametrize("username", ["avdelingsleder", "kommunalsjef", "merkantil", "ansatt"])
def test_it_forbids_decisions_by_others(username, persona):
    order = f.submitted()
    user = persona(username)

    with pytest.raises(PermissionDenied):
        services.order_accept(
            order=order, user=user, lead_advisor=f.advisor(), estimated_hours=Decimal(2)
        )
    with pytest.raises(PermissionDenied):
        services.order_decline(order=order, user=user, reason_code="capacity", reason="x")


def test_it_forbids_an_advisor_elsewhere_to_submit(radgiver):
    order = f.draft()

    with pytest.raises(PermissionDenied):
        services.order_submit(order=order, user=radgiver)


def test_an_outsider_cannot_act_on_the_order(outsider):
    order = f.submitted()

    with pytest.raises(PermissionDenied):
        services.order_cancel(order=order, user=outsider)
    with pytest.raises(PermissionDenied):
        services.order_comment(order=order, user=outsider, text="Hei")


@pytest.mark.parametrize(
    ("state", "action"),
    [
        ("draft", "accept"),
        ("draft", "start"),
        ("draft", "deliver"),
        ("draft", "close"),
        ("submitted", "submit"),
        ("submitted", "start"),
        ("submitted", "close"),
        ("accepted", "accept"),
        ("accepted", "decline"),
        ("accepted", "deliver"),
        ("in_progress", "start"),
        ("in_progress", "close"),
        ("in_progress", "decline"),
        ("delivered", "cancel"),
        ("delivered", "deliver"),
    ],
)
def test_it_refuses_invalid_transitions_with_a_message(state, action, persona):
    order = {
        "draft": f.draft,
        "submitted": f.submitted,
        "accepted": f.accepted,
        "in_progress": f.in_progress,
        "delivered": f.delivered,
    }[state]()
    manager = persona("bhtleder")
    calls = {
        "submit": lambda: services.order_submit(order=order, user=order.ordered_by),
        "accept": lambda: services.order_accept(
            order=order, user=manager, lead_advisor=f.advisor(), estimated_hours=Decimal(1)
        ),
        "decline": lambda: services.order_decline(
            order=order, user=manager, reason_code="capacity", reason="x"
        ),
        "start": lambda: services.order_start(order=order, user=manager),
        "deliver": lambda: services.order_deliver(order=order, user=manager),
        "close": lambda: services.order_close(order=order, user=manager),
        "cancel": lambda: services.order_cancel(order=order, user=manager),
    }

    with pytest.raises(ApplicationError) as error:
        calls[action]()

    assert error.value.message
    order.refresh_from_db()
    assert order.status == state


def test_it_cancels_an_open_order(avdelingsleder):
    order = f.accepted()

    order = services.order_cancel(order=order, user=avdelingsleder)

    assert order.status == OrderStatus.CANCELLED
    assert order.cancelled_at is not None


def test_it_takes_one_feedback_per_order(avdelingsleder):
    order = f.delivered()
    services.order_feedback_give(order=order, user=avdelingsleder, scores=SCORES)

    with pytest.raises(ApplicationError):
        services.order_feedback_give(order=order, user=avdelingsleder, scores=SCORES)


def test_it_refuses_feedback_out_of_range(avdelingsleder):
    order = f.delivered()

    with pytest.raises(ApplicationError) as error:
        services.order_feedback_give(
            order=order, user=avdelingsleder, scores={**SCORES, "overall": 6}
        )

    assert error.value.field == "overall"


def test_it_only_lets_the_orderer_give_feedback(radgiver):
    order = f.delivered()

    with pytest.raises(PermissionDenied):
        services.order_feedback_give(order=order, user=radgiver, scores=SCORES)


def test_it_keeps_internal_notes_internal(radgiver, avdelingsleder):
    order = f.submitted()

    note = services.order_note_internal(order=order, user=radgiver, text="Ring verneombudet.")

    assert note.internal
    with pytest.raises(PermissionDenied):
        services.order_note_internal(order=order, user=avdelingsleder, text="Hei")


def test_it_refuses_an_order_for_a_department_the_leader_does_not_lead(avdelingsleder):
    with pytest.raises(ApplicationError) as error:
        f.draft(department=f.department("Rusteamet"))

    assert error.value.field == "department"


def test_it_forbids_employees_to_order(ansatt):
    with pytest.raises(PermissionDenied):
        f.draft(by=ansatt)


def test_it_needs_a_service_and_description_to_submit(avdelingsleder):
    order = f.draft(service=None)

    with pytest.raises(ApplicationError) as error:
        services.order_submit(order=order, user=avdelingsleder)

    assert error.value.field == "service"
