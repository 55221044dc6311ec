"""Pages of the GDPR duties: the privacy page for everyone, and the BHT manager's
person search, export downloads and erasure (with confirmation)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.errors import ApplicationError
from core.models import User
from privacy import conf, selectors, services
from privacy import render as export_render
from privacy.export import person_export
from privacy.selectors import Person


def _manager(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    if not selectors.may_manage_privacy(user):
        raise PermissionDenied(_("Bare leder av BHT kan hente ut eller slette personopplysninger."))
    return user


def _person(request: HttpRequest, username: str | None) -> Person:
    if username is not None:
        return selectors.person_for_user(get_object_or_404(User, username=username))
    person = selectors.person_for_name(request.GET.get("navn", "") or request.POST.get("navn", ""))
    if not person.full_name:
        raise BadRequest(_("Navnet mangler."))
    return person


def _person_url(person: Person, name: str = "privacy:person") -> str:
    if person.user is not None:
        return reverse(name, kwargs={"username": person.user.username})
    return (
        reverse(name.replace("person", "named"), kwargs={})
        + "?"
        + urlencode({"navn": person.full_name})
    )


@require_GET
def privacy_page(request: HttpRequest) -> HttpResponse:
    """Personvern: what is stored, why, how long, who sees it, and the user's rights.
    Public: also for someone who is not logged in (or cannot, any longer)."""
    retention = [
        {
            "label": conf.RECORD_TYPES[key],
            "years": conf.retention_years(key),
            "starts": conf.RETENTION_STARTS[key],
        }
        for key in conf.RECORD_TYPES
    ]
    return render(
        request,
        "privacy/privacy_page.html",
        {
            "retention": retention,
            "contact_email": settings.PRIVACY_CONTACT_EMAIL,
            "officer_email": settings.PRIVACY_OFFICER_EMAIL,
            "may_manage": selectors.may_manage_privacy(request.user),  # type: ignore[arg-type]
        },
    )


@require_GET
@login_required
def person_search(request: HttpRequest) -> HttpResponse:
    _manager(request)
    query = request.GET.get("q", "").strip()
    users, names = selectors.person_search(query) if query else ([], [])
    return render(
        request,
        "privacy/person_search.html",
        {"query": query, "users": users, "names": names},
    )


def _summary(person: Person) -> list[tuple[str, int]]:
    export = person_export(person)
    return [(section.title, len(section.rows)) for section in export.sections]


@require_GET
@login_required
def person_detail(request: HttpRequest, username: str | None = None) -> HttpResponse:
    by = _manager(request)
    person = _person(request, username)
    # Counts only: the content is read through the logged downloads.
    return render(
        request,
        "privacy/person_detail.html",
        {
            "person": person,
            "summary": _summary(person),
            "plan": selectors.erasure_plan(person, by=by),
            "block_messages": services.BLOCK_MESSAGES,
            "url_json": _person_url(person, "privacy:person-json"),
            "url_pdf": _person_url(person, "privacy:person-pdf"),
            "url_erase": _person_url(person, "privacy:person-erase"),
        },
    )


def _filename(person: Person, extension: str) -> str:
    stem = person.user.username if person.user is not None else "-".join(person.full_name.split())
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in stem.lower())
    return f"personvern-{safe}-{timezone.localdate():%Y%m%d}.{extension}"


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@login_required
def person_json(request: HttpRequest, username: str | None = None) -> HttpResponse:
    by = _manager(request)
    person = _person(request, username)
    export = services.person_export_read(person=person, by=by)
    return _download(export_render.to_json(export), "application/json", _filename(person, "json"))


@require_GET
@login_required
def person_pdf(request: HttpRequest, username: str | None = None) -> HttpResponse:
    by = _manager(request)
    person = _person(request, username)
    export = services.person_export_read(person=person, by=by)
    return _download(
        export_render.to_pdf_bytes(export), "application/pdf", _filename(person, "pdf")
    )


@require_http_methods(["GET", "POST"])
@login_required
def person_erase(request: HttpRequest, username: str | None = None) -> HttpResponse:
    by = _manager(request)
    person = _person(request, username)
    plan = selectors.erasure_plan(person, by=by)
    error = ""
    if request.method == "POST":
        if request.POST.get("bekreft") != "ja":
            error = _("Kryss av for at du har kontrollert hva som blir slettet.")
        else:
            try:
                result = services.person_erase(person=person, by=by)
            except ApplicationError as exc:
                error = exc.message
            else:
                if result.account_pseudonymised:
                    messages.success(
                        request,
                        _(
                            "Personen er pseudonymisert: %(cases)s fortrolige saker er slettet, "
                            "navnet er erstattet i %(mentions)s registreringer og kontoen er "
                            "deaktivert."
                        )
                        % {"cases": result.cases_erased, "mentions": result.mentions_replaced},
                    )
                    return redirect("privacy:person", username=person.user.username)  # type: ignore[union-attr]
                messages.success(
                    request,
                    _("%(cases)s fortrolige saker er slettet.") % {"cases": result.cases_erased}
                    if plan.blocked
                    else _(
                        "Navnet er erstattet i %(mentions)s registreringer, og %(cases)s "
                        "fortrolige saker er slettet."
                    )
                    % {"cases": result.cases_erased, "mentions": result.mentions_replaced},
                )
                if person.user is not None:
                    return redirect("privacy:person", username=person.user.username)
                return redirect("privacy:search")
    return render(
        request,
        "privacy/person_erase.html",
        {
            "person": person,
            "plan": plan,
            "error": error,
            "block_messages": services.BLOCK_MESSAGES,
            "url_person": _person_url(person),
        },
        status=400 if error else 200,
    )
