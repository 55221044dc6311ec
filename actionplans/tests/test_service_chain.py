"""The approval chain as services: each step with the right role and a wrong one."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from actionplans import selectors, services
from actionplans.models import ApprovalStage, PlanFeedback, PlanStatus
from actionplans.tests.factories import advance, draft, item_of, service, skole
from core.errors import ApplicationError
from core.models import ServiceUnit

pytestmark = pytest.mark.usefixtures("demo_data")
TODAY = timezone.localdate


def test_it_takes_a_plan_through_the_whole_chain(
    kommunalsjef, radgiver, amu, django_capture_on_commit_callbacks
):
    plan = draft(kommunalsjef)
    item = item_of(plan)

    with django_capture_on_commit_callbacks(execute=True):
        plan = services.plan_submit(plan=plan, user=kommunalsjef)
    assert plan.status == PlanStatus.BHT_REVIEW
    assert [m.to for m in mail.outbox] == [[radgiver.email]]

    plan = services.plan_feedback_give(
        plan=plan, user=radgiver, text="Bra plan.", item_texts={item.pk: "Start tidlig."}
    )
    assert plan.status == PlanStatus.CONSULTATION
    assert PlanFeedback.objects.filter(plan=plan, item=item).count() == 1

    plan = services.plan_consult(
        plan=plan, user=kommunalsjef, meeting_date=TODAY(), case_number="26/14", minutes="Ok."
    )
    plan = services.plan_sign(plan=plan, user=kommunalsjef)
    assert plan.status == PlanStatus.SIGNED

    plan = services.plan_approve(plan=plan, user=amu, meeting_date=TODAY(), case_number="26/99")
    assert plan.status == PlanStatus.APPROVED
    assert list(plan.approvals.values_list("stage", flat=True)) == [
        ApprovalStage.SUBMITTED,
        ApprovalStage.FEEDBACK,
        ApprovalStage.CONSULTATION,
        ApprovalStage.SIGNED,
        ApprovalStage.APPROVED,
    ]

    plan = services.plan_close(plan=plan, user=kommunalsjef)
    assert plan.status == PlanStatus.CLOSED


def test_it_lets_only_the_director_submit(tjenesteleder, radgiver, kommunalsjef):
    plan = draft(kommunalsjef)
    for user in (tjenesteleder, radgiver):
        with pytest.raises(PermissionDenied):
            services.plan_submit(plan=plan, user=user)


def test_it_refuses_to_submit_an_empty_draft(kommunalsjef):
    plan = draft(kommunalsjef, items=0)
    with pytest.raises(ApplicationError):
        services.plan_submit(plan=plan, user=kommunalsjef)


def test_it_lets_only_bht_give_feedback(kommunalsjef, radgiver, amu):
    plan = advance(
        draft(kommunalsjef), "bht_review", director=kommunalsjef, advisor=radgiver, amu=amu
    )
    with pytest.raises(PermissionDenied):
        services.plan_feedback_give(plan=plan, user=kommunalsjef, text="Selvskrytende.")


def test_it_refuses_empty_feedback(kommunalsjef, radgiver, amu):
    plan = advance(
        draft(kommunalsjef), "bht_review", director=kommunalsjef, advisor=radgiver, amu=amu
    )
    with pytest.raises(ApplicationError) as error:
        services.plan_feedback_give(plan=plan, user=radgiver, text="  ")
    assert error.value.field == "text"


def test_it_lets_only_the_director_record_the_consultation(kommunalsjef, radgiver, amu):
    plan = advance(
        draft(kommunalsjef), "consultation", director=kommunalsjef, advisor=radgiver, amu=amu
    )
    with pytest.raises(PermissionDenied):
        services.plan_consult(plan=plan, user=amu, meeting_date=TODAY(), case_number="1")


def test_it_requires_a_meeting_date_and_case_number(kommunalsjef, radgiver, amu):
    plan = advance(
        draft(kommunalsjef), "consultation", director=kommunalsjef, advisor=radgiver, amu=amu
    )
    with pytest.raises(ApplicationError) as error:
        services.plan_consult(plan=plan, user=kommunalsjef, meeting_date=TODAY(), case_number="")
    assert error.value.field == "case_number"


def test_it_refuses_to_sign_before_the_consultation(kommunalsjef, radgiver, amu):
    plan = advance(
        draft(kommunalsjef), "consultation", director=kommunalsjef, advisor=radgiver, amu=amu
    )
    with pytest.raises(ApplicationError):
        services.plan_sign(plan=plan, user=kommunalsjef)


def test_it_lets_only_the_director_sign(kommunalsjef, radgiver, amu, radmann):
    plan = advance(
        draft(kommunalsjef), "consulted", director=kommunalsjef, advisor=radgiver, amu=amu
    )
    with pytest.raises(PermissionDenied):
        services.plan_sign(plan=plan, user=radmann)


def test_it_lets_hoved_amu_or_the_bht_manager_approve(kommunalsjef, radgiver, amu, bhtleder):
    plan = advance(draft(kommunalsjef), "signed", director=kommunalsjef, advisor=radgiver, amu=amu)
    for user in (kommunalsjef, radgiver):
        with pytest.raises(PermissionDenied):
            services.plan_approve(plan=plan, user=user, meeting_date=TODAY(), case_number="1")
    plan = services.plan_approve(plan=plan, user=bhtleder, meeting_date=TODAY(), case_number="1")
    assert plan.status == PlanStatus.APPROVED


def test_it_refuses_to_approve_without_bht_feedback(kommunalsjef, radgiver, amu):
    plan = advance(draft(kommunalsjef), "signed", director=kommunalsjef, advisor=radgiver, amu=amu)
    PlanFeedback.objects.filter(plan=plan).delete()
    with pytest.raises(ApplicationError):
        services.plan_approve(plan=plan, user=amu, meeting_date=TODAY(), case_number="1")


def test_it_refuses_a_step_out_of_order(kommunalsjef, amu):
    plan = draft(kommunalsjef)
    with pytest.raises(ApplicationError):
        services.plan_sign(plan=plan, user=kommunalsjef)
    with pytest.raises(ApplicationError):
        services.plan_approve(plan=plan, user=amu, meeting_date=TODAY(), case_number="1")


def test_it_changes_nothing_in_a_plan_after_submission(kommunalsjef, radgiver, amu):
    plan = advance(draft(kommunalsjef), "signed", director=kommunalsjef, advisor=radgiver, amu=amu)
    with pytest.raises(ApplicationError):
        services.plan_item_update(item=item_of(plan), user=kommunalsjef, title="Nytt")
    with pytest.raises(ApplicationError):
        services.plan_item_create(
            plan=plan, user=kommunalsjef, service=item_of(plan).service, title="X", budget_hours=2
        )


def test_it_keeps_nothing_half_saved_when_a_step_fails(kommunalsjef, radgiver, amu):
    plan = advance(draft(kommunalsjef), "signed", director=kommunalsjef, advisor=radgiver, amu=amu)
    with pytest.raises(ApplicationError):
        services.plan_approve(plan=plan, user=amu, meeting_date=TODAY(), case_number=" ")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SIGNED
    assert not plan.approvals.filter(stage=ApprovalStage.APPROVED).exists()


def test_it_refuses_an_inactive_service_and_odd_hours(kommunalsjef):
    plan = draft(kommunalsjef, items=0)
    item_service = service()
    with pytest.raises(ApplicationError) as error:
        services.plan_item_create(
            plan=plan,
            user=kommunalsjef,
            service=item_service,
            title="X",
            budget_hours=Decimal("2.3"),
        )
    assert error.value.field == "budget_hours"
    item_service.is_active = False
    item_service.save()
    with pytest.raises(ApplicationError) as error:
        services.plan_item_create(
            plan=plan, user=kommunalsjef, service=item_service, title="X", budget_hours=2
        )
    assert error.value.field == "service"


def test_it_refuses_a_target_unit_of_another_area(kommunalsjef):
    plan = draft(kommunalsjef, items=0)
    other = ServiceUnit.objects.exclude(area=plan.area).first()
    with pytest.raises(ApplicationError) as error:
        services.plan_item_create(
            plan=plan, user=kommunalsjef, service=service(), title="X", budget_hours=2, unit=other
        )
    assert error.value.field == "unit"


def test_it_refuses_a_second_plan_for_the_same_area_and_period(kommunalsjef):
    draft(kommunalsjef)
    with pytest.raises(ApplicationError) as error:
        draft(kommunalsjef)
    assert error.value.field == "start_year"


def test_it_refuses_a_director_of_another_area(kommunalsjef):
    other_director = skole().director
    with pytest.raises(PermissionDenied):
        services.plan_create(
            user=other_director, area=draft(kommunalsjef).area, start_year=2029, budget_hours=10
        )


def test_it_notifies_the_director_and_main_contact_on_approval(
    kommunalsjef, radgiver, amu, django_capture_on_commit_callbacks
):
    plan = advance(draft(kommunalsjef), "signed", director=kommunalsjef, advisor=radgiver, amu=amu)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_approve(plan=plan, user=amu, meeting_date=TODAY(), case_number="26/9")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([kommunalsjef.email, radgiver.email])


def test_it_records_a_status_review_by_the_main_contact(kommunalsjef, radgiver, amu, ansatt):
    plan = advance(
        draft(kommunalsjef), "approved", director=kommunalsjef, advisor=radgiver, amu=amu
    )
    item = item_of(plan)
    with pytest.raises(PermissionDenied):
        services.status_review_record(plan=plan, user=ansatt, entries={item.pk: ("done", "")})
    review = services.status_review_record(
        plan=plan, user=radgiver, entries={item.pk: ("in_progress", "Godt i gang")}
    )
    item.refresh_from_db()
    assert (review.entries.get().status, item.status) == ("in_progress", "in_progress")


def test_it_keeps_an_audit_history_of_draft_edits(kommunalsjef):
    plan = draft(kommunalsjef, items=1)
    item = item_of(plan)
    services.plan_update(plan=plan, user=kommunalsjef, budget_hours=Decimal(90))
    services.plan_item_update(item=item, user=kommunalsjef, budget_hours=Decimal(20))
    services.plan_item_delete(item=item, user=kommunalsjef)
    log = [
        (row.action, row.subject, [(c.label, c.old, c.new) for c in row.changes], row.by)
        for row in reversed(selectors.plan_history(plan))
    ]
    assert log == [
        ("created", "Planen", [], kommunalsjef),
        ("created", "Tiltak 1", [], kommunalsjef),
        ("changed", "Planen", [("Timebudsjett", "100", "90")], kommunalsjef),
        ("changed", "Tiltak 1", [("Timer", "12,5", "20")], kommunalsjef),
        ("deleted", "Tiltak 1", [], kommunalsjef),
    ]
