"""Database side of the load test (loadtest/run.py), on the DATABASE_URL database.

    python loadtest/fixtures.py prepare --advisors 20 --out fixtures.json
    python loadtest/fixtures.py verify --result result.json

`prepare` adds load advisors (`lasttest01`...: BHT advisors with an API token and
an empty timesheet) to a database that has the demo organisation, and picks for
each a target whose rules accept hours today: an order that is accepted or in
progress, or an internal activity, in a month that is not locked. The writes of the
load test are then all valid; a rejection is an error.

`verify` counts the load advisors' time entries in the database and compares them
with the writes the load test saw succeed (201): same ids, 0.25 h each. Exits 1 on
a lost or an unexpected write.

Only for a throwaway database (scripts/loadtest.sh makes one): it adds users.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "lasttest"
LEADERS = ["avdelingsleder", "tjenesteleder", "kommunalsjef"]
MANAGER = "bhtleder"


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bht.settings")
    import django

    django.setup()


def prepare(args: argparse.Namespace) -> int:
    from django.conf import settings
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from core.models import Advisor, Role, User
    from core.services import role_assign
    from orders.models import Order, OrderStatus
    from timetracking.models import Activity, InternalActivity, TimeEntry
    from timetracking.services import is_locked

    if not User.objects.filter(username=MANAGER).exists():
        sys.exit("no demo organisation in this database: run seed_demo first")
    today = timezone.localdate()
    # Up to five days of this month, newest first: each takes 95 writes of 0.25 h
    # per advisor before the 24-hour rule would refuse the next.
    dates = [today - datetime.timedelta(days=n) for n in range(5) if (today.day - n) >= 1]
    orders = list(
        Order.objects.filter(
            status__in=[OrderStatus.ACCEPTED, OrderStatus.IN_PROGRESS],
            accepted_at__date__lte=dates[-1],
        ).order_by("pk")
    )
    orders = [
        o
        for o in orders
        if not any(is_locked(day=d, organisation_id=o.organisation_id) for d in dates)
    ]
    internals = list(InternalActivity.objects.filter(is_active=True).order_by("pk"))
    if any(is_locked(day=d, organisation_id=None) for d in dates) or not internals:
        sys.exit(f"the days {dates} are locked or there is no internal activity")
    targets = [{"kind": "order", "id": o.pk, "activity": Activity.ADVICE} for o in orders[:10]]
    targets += [
        {"kind": "internal_activity", "id": a.pk, "activity": Activity.INTERNAL}
        for a in internals[:3]
    ]

    advisors = []
    for n in range(1, args.advisors + 1):
        user, created = User.objects.get_or_create(
            username=f"{PREFIX}{n:02}",
            defaults={"first_name": "Last", "last_name": f"Test {n:02}"},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            role_assign(user=user, role=Role.BHT_ADVISOR, scope=None, valid_from=dates[-1])
            Advisor.objects.create(user=user, profession="Lasttest")
        token, _ = Token.objects.get_or_create(user=user)
        # A database copied from an earlier run: start from an empty timesheet.
        TimeEntry.objects.filter(advisor__user=user).delete()
        advisors.append(
            {"username": user.username, "token": token.key, "target": targets[n % len(targets)]}
        )

    Path(args.out).write_text(
        json.dumps(
            {
                "password": settings.DEMO_PASSWORD,
                "leaders": LEADERS,
                "manager": MANAGER,
                "dates": [d.isoformat() for d in dates],
                "advisors": advisors,
            },
            indent=1,
        ),
        encoding="utf-8",
    )
    print(
        f"{len(advisors)} load advisors, {len(orders[:10])} orders and {len(internals[:3])} "
        f"internal activities as targets, dates {dates[-1]}..{dates[0]}"
    )
    return 0


def verify(args: argparse.Namespace) -> int:
    from timetracking.models import TimeEntry

    result = json.loads(Path(args.result).read_text(encoding="utf-8"))
    created = result["created"]
    rows = dict(
        TimeEntry.objects.filter(advisor__user__username__startswith=PREFIX).values_list(
            "pk", "hours"
        )
    )
    lost = set(created) - set(rows)
    unexpected = set(rows) - set(created)
    duplicates = len(created) - len(set(created))
    wrong = [pk for pk, hours in rows.items() if hours != Decimal("0.25")]
    print(
        f"writes: {len(created)} created (201) by the load, {len(rows)} time entries of the "
        f"load advisors in the database; lost {len(lost)}, unexpected {len(unexpected)}, "
        f"duplicate ids {duplicates}, wrong hours {len(wrong)}"
    )
    return 1 if (lost or unexpected or duplicates or wrong or not created) else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("--advisors", type=int, default=20)
    p.add_argument("--out", required=True)
    v = sub.add_parser("verify")
    v.add_argument("--result", required=True)
    args = parser.parse_args(argv)
    setup_django()
    return prepare(args) if args.command == "prepare" else verify(args)


if __name__ == "__main__":
    sys.exit(main())
