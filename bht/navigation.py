"""The main menu: one home for which entries each person sees, built from their roles.

Every entry is a page the user may open (no 403 dead ends), and exactly the entry
for the current page is marked (`aria-current="page"`). The rules for who may open
what stay in the apps (orders.rules, orders.selectors, reports.selectors); this module
only asks them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import ResolverMatch, reverse
from django.utils.translation import gettext as _

from core import access
from core.models import Role, User
from orders import rules as order_rules
from orders import selectors as order_selectors
from reports.selectors import may_see_reports

# Roles that follow orders in "Mine bestillinger": those who place them, and those who
# follow every order of what they lead. AMU members and employees see none there.
ORDER_LIST_ROLES = (
    Role.DEPARTMENT_LEADER,
    Role.UNIT_LEADER,
    Role.AREA_DIRECTOR,
    Role.EXECUTIVE,
)

# Pages of the orders app that belong to the BHT's work queue (for BHT staff) or to
# the customer's order list (for everyone else), and pages that are the main button.
ORDER_FORM_PAGES = frozenset({"create"})
INQUIRY_FORM_PAGES = frozenset({"inquiry-create"})
ADVICE_PAGES = frozenset({"advice"})


@dataclass(frozen=True)
class Entry:
    key: str
    label: str
    url: str
    current: bool = False
    # The call to action at the end of the menu (a button, not a link).
    primary: bool = False


Matcher = Callable[[str, str], bool]
# key, label, url, which pages mark it current, whether it is the main button
Spec = tuple[str, str, str, Matcher, bool]


def _names(*names: str) -> Matcher:
    return lambda namespace, name: not namespace and name in names


def _namespace(ns: str, *, except_names: frozenset[str] = frozenset()) -> Matcher:
    return lambda namespace, name: namespace == ns and name not in except_names


def _in(ns: str, names: frozenset[str]) -> Matcher:
    return lambda namespace, name: namespace == ns and name in names


def entries_for(user: User, match: ResolverMatch | None = None) -> list[Entry]:
    """The menu of `user`, with the entry of the page `match` resolves to marked."""
    if not user.is_authenticated:
        return []
    namespace = match.namespace if match is not None else ""
    name = match.url_name or "" if match is not None else ""
    is_bht = access.is_bht_staff(user)
    scope = access.scope_for(user)
    specs: list[Spec] = [
        ("home", _("Start"), reverse("home"), _names("home"), False),
        (
            "catalogue",
            _("Hva kan BHT hjelpe med?"),
            reverse("catalogue"),
            _names("catalogue"),
            False,
        ),
        (
            "organisation",
            _("Organisasjon"),
            reverse("organisation-list"),
            _names("organisation-list", "organisation-detail", "area-detail", "area-main-contact"),
            False,
        ),
        (
            "actionplans",
            _("Handlingsplaner"),
            reverse("actionplans:board"),
            _namespace("actionplans"),
            False,
        ),
    ]
    specs += _work_entries(user, is_bht=is_bht, scope=scope)
    if may_see_reports(user):
        specs.append(
            ("reports", _("Rapporter"), reverse("reports:index"), _namespace("reports"), False)
        )
    if user.is_superuser:
        specs.append(("admin", _("Admin"), reverse("admin:index"), _namespace("admin"), False))
    specs.append(_main_button(user, is_bht=is_bht))
    return [
        Entry(key, label, url, current=matches(namespace, name), primary=primary)
        for key, label, url, matches, primary in specs
    ]


def _work_entries(user: User, *, is_bht: bool, scope: access.Scope) -> list[Spec]:
    """The BHT works from its queue and timesheet; an orderer follows their orders."""
    if is_bht:
        return [
            (
                "queue",
                _("Arbeidskø"),
                reverse("orders:queue"),
                _namespace("orders", except_names=INQUIRY_FORM_PAGES),
                False,
            ),
            (
                "timesheet",
                _("Timeliste"),
                reverse("timetracking:timesheet"),
                _namespace("timetracking"),
                False,
            ),
            ("bht-profile", _("BHT-profil"), reverse("bht-profile"), _names("bht-profile"), False),
        ]
    if user.is_superuser or scope.has_role(*ORDER_LIST_ROLES):
        return [
            (
                "orders",
                _("Mine bestillinger"),
                reverse("orders:list"),
                _namespace("orders", except_names=ORDER_FORM_PAGES | ADVICE_PAGES),
                False,
            )
        ]
    return []


def _main_button(user: User, *, is_bht: bool) -> Spec:
    """BHT staff record an inquiry; leaders order; employees and representatives ask
    for advice; everyone else gets "Bestill bistand", which explains the way in."""
    if is_bht:
        return (
            "inquiry",
            _("Registrer henvendelse"),
            reverse("orders:inquiry-create"),
            _in("orders", INQUIRY_FORM_PAGES),
            True,
        )
    if order_rules.may_create_orders(user):
        return (
            "order",
            _("Bestill bistand"),
            reverse("order-start"),
            lambda ns, name: (
                (not ns and name == "order-start") or (ns == "orders" and name in ORDER_FORM_PAGES)
            ),
            True,
        )
    if order_selectors.may_request_advice(user):
        return (
            "advice",
            _("Be om råd"),
            reverse("orders:advice"),
            lambda ns, name: (
                (not ns and name == "order-start") or (ns == "orders" and name in ADVICE_PAGES)
            ),
            True,
        )
    return ("order", _("Bestill bistand"), reverse("order-start"), _names("order-start"), True)
