"""Hand-written aggregate SQL for the figures of `amu_annual` and `hours_by_area`:
the floor the reports' own computation is compared with (PostgreSQL only).

It computes the same figures the report kinds compute (counts, sums and the raw
answer times the working-day calculation needs) in as few statements as a person
writing SQL by hand would use, and fetches the rows, but builds no document.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connection

ENTRIES = """
FROM timetracking_timeentry e
JOIN bht_servicearea a ON a.id = e.area_id
LEFT JOIN orders_order o ON o.id = e.order_id
LEFT JOIN actionplans_planitem pi ON pi.id = e.plan_item_id
LEFT JOIN bht_service s ON s.id = COALESCE(o.service_id, pi.service_id)
WHERE a.organisation_id = %(org)s AND e.date BETWEEN %(start)s AND %(end)s
  AND e.billing <> 'internal'
"""

AMU_ANNUAL = [
    # Key figures.
    """SELECT
         (SELECT count(*) FROM orders_order
           WHERE organisation_id = %(org)s AND submitted_at >= %(t0)s AND submitted_at < %(t1)s),
         (SELECT count(*) FROM orders_inquiry
           WHERE organisation_id = %(org)s AND received_at >= %(t0)s AND received_at < %(t1)s)""",
    # Hours per area: fixed price / extra sale, statutory / additional.
    f"""SELECT e.area_id, e.billing, s.statutory_code <> 'extra', sum(e.hours) {ENTRIES}
        GROUP BY 1, 2, 3""",
    # Hours per § 13-2 letter.
    f"SELECT s.statutory_code, sum(e.hours) {ENTRIES} GROUP BY 1",
    # Hours per competence area.
    f"""SELECT sc.competencearea_id, sum(e.hours) {
        ENTRIES.replace(
            "WHERE", "JOIN bht_service_competence_areas sc ON sc.service_id = s.id WHERE"
        )
    }
        GROUP BY 1""",
    # Plan items planned vs done and budgets, per area's plan covering the year.
    """SELECT p.area_id, p.id, count(i.id), count(i.id) FILTER (WHERE i.status = 'done'),
              sum(i.budget_hours)
       FROM actionplans_actionplan p
       JOIN bht_servicearea a ON a.id = p.area_id
       LEFT JOIN actionplans_planitem i ON i.plan_id = p.id
       WHERE a.organisation_id = %(org)s AND p.status IN ('approved', 'closed')
         AND p.superseded_at IS NULL AND p.start_year <= %(year)s AND p.end_year >= %(year)s
       GROUP BY 1, 2""",
    # Hours used per plan (directly on items or on orders linked to items).
    """SELECT COALESCE(pi.plan_id, opi.plan_id), sum(e.hours)
       FROM timetracking_timeentry e
       JOIN bht_servicearea a ON a.id = e.area_id
       LEFT JOIN actionplans_planitem pi ON pi.id = e.plan_item_id
       LEFT JOIN orders_order o ON o.id = e.order_id
       LEFT JOIN actionplans_planitem opi ON opi.id = o.plan_item_id
       WHERE a.organisation_id = %(org)s AND e.date BETWEEN %(start)s AND %(end)s
       GROUP BY 1""",
    # Orders and inquiries per category and area.
    """SELECT area_id, category_id, count(*) FROM orders_order
       WHERE organisation_id = %(org)s AND submitted_at >= %(t0)s AND submitted_at < %(t1)s
       GROUP BY 1, 2""",
    """SELECT COALESCE(i.area_id, u.area_id, du.area_id), i.category_id, count(*)
       FROM orders_inquiry i
       LEFT JOIN bht_serviceunit u ON u.id = i.unit_id
       LEFT JOIN bht_department d ON d.id = i.department_id
       LEFT JOIN bht_serviceunit du ON du.id = d.unit_id
       WHERE i.organisation_id = %(org)s AND i.received_at >= %(t0)s AND i.received_at < %(t1)s
       GROUP BY 1, 2""",
    # Declined orders with reasons.
    """SELECT decline_reason_code, count(*) FROM orders_order
       WHERE organisation_id = %(org)s AND submitted_at >= %(t0)s AND submitted_at < %(t1)s
         AND status = 'declined'
       GROUP BY 1""",
    # Response times: the raw pairs (working days need the holiday calendar).
    """SELECT submitted_at, COALESCE(accepted_at, declined_at) FROM orders_order
       WHERE organisation_id = %(org)s AND submitted_at >= %(t0)s AND submitted_at < %(t1)s
         AND (accepted_at IS NOT NULL OR declined_at IS NOT NULL)""",
    """SELECT received_at, responded_at FROM orders_inquiry
       WHERE organisation_id = %(org)s AND received_at >= %(t0)s AND received_at < %(t1)s
         AND responded_at IS NOT NULL""",
    # Satisfaction: answers per scale.
    """SELECT v.scale, v.answer, count(*)
       FROM orders_orderfeedback f
       JOIN orders_order o ON o.id = f.order_id
       CROSS JOIN LATERAL (VALUES ('help_received', f.help_received),
         ('work_adapted', f.work_adapted), ('impartial_role', f.impartial_role),
         ('competence', f.competence), ('overall', f.overall)) AS v(scale, answer)
       WHERE o.organisation_id = %(org)s AND o.submitted_at >= %(t0)s AND o.submitted_at < %(t1)s
       GROUP BY 1, 2""",
    # Headcounts of the year (use per 100 employees).
    """SELECT h.organisation_id, h.area_id, h.employees FROM bht_headcount h
       LEFT JOIN bht_servicearea a ON a.id = h.area_id
       WHERE h.year = %(year)s AND (h.organisation_id = %(org)s OR a.organisation_id = %(org)s)""",
    # Sick leave per area.
    """SELECT u.area_id, sum(s.agreed_workdays), sum(s.lost_self_certified),
              sum(s.lost_doctor_certified)
       FROM reports_sickleavestat s JOIN bht_serviceunit u ON u.id = s.unit_id
       WHERE s.organisation_id = %(org)s AND s.period_start >= %(start)s
         AND s.period_end <= %(end)s
       GROUP BY 1""",
    # Costs: extra-sale hours at the orders' rates.
    f"""SELECT sum(e.hours * o.hourly_rate) {ENTRIES} AND e.billing = 'extra_sale'""",
]

HOURS_BY_AREA = """
SELECT a.name, date_trunc('month', e.date) AS month,
       sum(e.hours),
       sum(e.hours) FILTER (WHERE e.billing = 'fixed_price'),
       sum(e.hours) FILTER (WHERE e.billing = 'extra_sale'),
       sum(e.hours) FILTER (WHERE e.billing = 'internal')
FROM timetracking_timeentry e JOIN bht_servicearea a ON a.id = e.area_id
WHERE a.organisation_id = %(org)s AND e.date BETWEEN %(start)s AND %(end)s
GROUP BY 1, 2 ORDER BY 1, 2
"""


def _params(org: int, year: int) -> dict[str, Any]:
    from django.utils import timezone

    tz = timezone.get_current_timezone()
    return {
        "org": org,
        "year": year,
        "start": datetime.date(year, 1, 1),
        "end": datetime.date(year, 12, 31),
        "t0": datetime.datetime(year, 1, 1, tzinfo=tz),
        "t1": datetime.datetime(year + 1, 1, 1, tzinfo=tz),
    }


def amu_annual(org: int, year: int) -> list[list[Any]]:
    params = _params(org, year)
    out = []
    with connection.cursor() as cursor:
        for sql in AMU_ANNUAL:
            cursor.execute(sql, params)
            out.append(cursor.fetchall())
    return out


def hours_by_area(org: int, year: int) -> list[Any]:
    with connection.cursor() as cursor:
        cursor.execute(HOURS_BY_AREA, _params(org, year))
        return cursor.fetchall()
