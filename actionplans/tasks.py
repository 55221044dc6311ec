from celery import shared_task

from actionplans.reminders import unapproved_plan_reminders_send


@shared_task
def remind_unapproved_plans() -> int:
    return unapproved_plan_reminders_send()
