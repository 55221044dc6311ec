"""The order form and the order page with its actions (each checked, confirmed where it
cannot be undone, and run through orders.services)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.confirm import confirm_page, confirmed
from core.errors import ApplicationError
from core.models import Service, User
from core.numbers import format_hours, format_kr
from core.services import access_log_record
from core.uploads import file_response
from orders import rules, selectors, services
from orders.forms import (
    AcceptForm,
    AttachForm,
    DeclineForm,
    FeedbackForm,
    OrderForm,
    TextForm,
)
from orders.models import FEEDBACK_SCALES, DeclineReason, Order, OrderStatus

from .common import _access_log_url, _form_error, _int_or_none, _order_or_404, _user


def _order_fields(form: OrderForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data.setdefault("plan_item", None)
    data.pop("lock_version", None)
    return data


@require_http_methods(["GET", "POST"])
@login_required
def order_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not rules.may_create_orders(user):
        raise PermissionDenied(_("Bare ledere kan sende bestillinger. Be om råd i stedet."))
    # "Bestill" on a catalogue card opens the form with its service chosen.
    service = Service.objects.active().filter(pk=_int_or_none(request.GET.get("tjeneste"))).first()
    initial = {"service": service.pk} if service is not None else {}
    form = OrderForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = _order_fields(form)
        try:
            # Save and send are one step: if sending fails, no stray draft is left.
            with transaction.atomic():
                order = services.order_create_draft(user=user, **fields)
                if request.POST.get("action") == "submit":
                    order = services.order_submit(order=order, user=user)
        except ApplicationError as error:
            _form_error(form, error)
        else:
            return _saved(request, order)
    status = 400 if request.method == "POST" else 200
    return _render_form(request, form, None, status)


def _saved(request: HttpRequest, order: Order) -> HttpResponse:
    if order.status == OrderStatus.SUBMITTED:
        messages.success(
            request,
            _("Bestillingen %(ref)s er sendt til BHT.") % {"ref": order.reference},
        )
    else:
        messages.success(request, _("Utkastet %(ref)s er lagret.") % {"ref": order.reference})
    return redirect("orders:detail", pk=order.pk)


@require_http_methods(["GET", "POST"])
@login_required
def order_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    order = _order_or_404(user, pk)
    if not rules.content_visible(user, order):
        raise PermissionDenied(_("Du kan ikke endre denne bestillingen."))
    try:
        rules.check_edit(user, order)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("orders:detail", pk=order.pk)
    initial = {
        "service": order.service_id,
        "category": order.category_id,
        "title": order.title,
        "description": order.description,
        "department": order.department_id,
        "desired_start": order.desired_start,
        "urgency": order.urgency,
        "plan_item": order.plan_item_id,
        "journal_reference": order.journal_reference,
        "confidential": order.confidential,
        "lock_version": order.lock_version,
    }
    form = OrderForm(request.POST or None, user=user, initial=initial, order=order)
    if (
        order.department_id
        and not form.fields["department"]
        .queryset.filter(  # type: ignore[attr-defined]
            pk=order.department_id
        )
        .exists()
    ):
        form.fields["department"].queryset = form.fields["department"].queryset | type(  # type: ignore[attr-defined]
            order.department
        ).objects.filter(pk=order.department_id)
    if order.confidential:
        access_log_record(user=user, obj=order, label=order.reference)
    if request.method == "POST" and form.is_valid():
        try:
            # Save and send are one step: if sending fails, the edit is not saved either,
            # so the form (and its lock_version) still matches the stored order.
            with transaction.atomic():
                order = services.order_update_draft(
                    order=order,
                    user=user,
                    lock_version=form.cleaned_data.get("lock_version"),
                    **_order_fields(form),
                )
                if request.POST.get("action") == "submit":
                    order = services.order_submit(order=order, user=user)
        except ApplicationError as error:
            _form_error(form, error)
        else:
            return _saved(request, order)
    status = 400 if request.method == "POST" else 200
    return _render_form(request, form, order, status)


def _render_form(
    request: HttpRequest, form: OrderForm, order: Order | None, status: int
) -> HttpResponse:
    descriptions = {
        str(pk): text for pk, text in Service.objects.active().values_list("pk", "description")
    }
    return render(
        request,
        "orders/order_form.html",
        {"form": form, "order": order, "service_descriptions": descriptions},
        status=status,
    )


def _render_detail(
    request: HttpRequest, order: Order, forms: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    user = _user(request)
    page = selectors.order_page(user=user, order=order)
    forms = forms or {}
    actions = page.actions
    context = {
        "p": page,
        "order": page.order,
        "accept_form": forms.get("accept")
        or (AcceptForm(order=order) if "accept" in actions else None),
        "decline_form": forms.get("decline") or (DeclineForm() if "decline" in actions else None),
        "comment_form": forms.get("comment") or (TextForm() if "comment" in actions else None),
        "note_form": forms.get("note")
        or (TextForm(label=_("Internt notat (bare BHT)")) if "note" in actions else None),
        "attach_form": forms.get("attach") or (AttachForm() if "attach" in actions else None),
        "feedback_form": forms.get("feedback")
        or (FeedbackForm() if "feedback" in actions else None),
        "feedback_scales": FEEDBACK_SCALES,
        "is_bht_professional": rules.is_bht_professional(user),
        "access_log_url": _access_log_url(user, order),
    }
    if context["attach_form"] is not None and not rules.is_bht_professional(user):
        context["attach_form"].fields.pop("internal", None)
    return render(request, "orders/order_detail.html", context, status=status)


@require_GET
@login_required
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    order = _order_or_404(_user(request), pk)
    return _render_detail(request, order)


SIMPLE_ACTIONS = {
    "send": (services.order_submit, _("Bestillingen er sendt til BHT.")),
    "godkjenn-kostnad": (services.order_accept_cost, _("Kostnaden er godkjent.")),
    "start": (services.order_start, _("Arbeidet er startet.")),
    "lever": (services.order_deliver, _("Bestillingen er levert.")),
    "lukk": (services.order_close, _("Bestillingen er lukket.")),
    "avbryt": (services.order_cancel, _("Bestillingen er avbrutt.")),
}


@require_POST
@login_required
def order_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = _user(request)
    order = _order_or_404(user, pk)
    try:
        if action == "godkjenn-kostnad" and not confirmed(request):
            rules.check_accept_cost(user, order)
            return _confirm_cost(request, order)
        if action in SIMPLE_ACTIONS:
            service, message = SIMPLE_ACTIONS[action]
            service(order=order, user=user)
            messages.success(request, str(message))
            return redirect("orders:detail", pk=order.pk)
        return _form_action(request, order, action)
    except ApplicationError as error:
        messages.error(request, error.message)
        return _render_detail(request, _order_or_404(user, pk), status=400)


def _form_action(request: HttpRequest, order: Order, action: str) -> HttpResponse:
    """The actions with a form: check the rule (403), validate (400 with the form on
    the order page), confirm where the step cannot be undone, then run the service."""
    handler = FORM_ACTIONS.get(action)
    if handler is None:
        raise Http404
    return handler(request, order, _user(request))


def _accept(request: HttpRequest, order: Order, user: User) -> HttpResponse:
    rules.check_accept(user, order)
    form = AcceptForm(request.POST, order=order)
    if not form.is_valid():
        return _render_detail(request, order, {"accept": form}, status=400)
    data = form.cleaned_data
    return _run(
        request,
        order,
        "accept",
        form,
        lambda: services.order_accept(
            order=order,
            user=user,
            lead_advisor=data["lead_advisor"],
            supporting_advisors=list(data["supporting_advisors"]),
            estimated_hours=data["estimated_hours"],
            text=data["text"],
        ),
        _("Bestillingen er godtatt og tildelt."),
    )


def _decline(request: HttpRequest, order: Order, user: User) -> HttpResponse:
    rules.check_decline(user, order)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, order, {"decline": form}, status=400)
    data = form.cleaned_data
    if not confirmed(request):
        return confirm_page(
            request,
            title=_("Avslå bestilling %(ref)s?") % {"ref": order.reference},
            consequence=_(
                "Bestillingen avsluttes som avslått, og BHT gjør ikke oppdraget. "
                "Bestilleren får beskjed og ser årsaken og begrunnelsen. "
                "Et avslag kan ikke angres; bestilleren må eventuelt sende en ny "
                "bestilling."
            ),
            button=_("Ja, avslå bestillingen"),
            cancel_url=reverse("orders:detail", args=[order.pk]),
            details=[
                (_("Årsak"), DeclineReason(data["reason_code"]).label),
                (_("Begrunnelse"), data["reason"]),
            ],
            danger=True,
        )
    return _run(
        request,
        order,
        "decline",
        form,
        lambda: services.order_decline(
            order=order, user=user, reason_code=data["reason_code"], reason=data["reason"]
        ),
        _("Bestillingen er avslått. Bestilleren ser årsaken."),
    )


def _text(kind: str) -> Any:
    def handle(request: HttpRequest, order: Order, user: User) -> HttpResponse:
        rules.CHECKS[kind](user, order)
        form = TextForm(request.POST)
        if not form.is_valid():
            return _render_detail(request, order, {kind: form}, status=400)
        text = form.cleaned_data["text"]
        if kind == "comment":
            call = lambda: services.order_comment(  # noqa: E731
                order=order, user=user, text=text, confirm_health_info=form.health_confirmed
            )
        else:
            call = lambda: services.order_note_internal(order=order, user=user, text=text)  # noqa: E731
        return _run(request, order, kind, form, call, _("Lagt til i tidslinjen."))

    return handle


def _attach(request: HttpRequest, order: Order, user: User) -> HttpResponse:
    rules.check_attach(user, order)
    form = AttachForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_detail(request, order, {"attach": form}, status=400)
    return _run(
        request,
        order,
        "attach",
        form,
        lambda: services.order_attach(
            order=order,
            user=user,
            file=form.cleaned_data["file"],
            text=form.cleaned_data["text"],
            internal=form.cleaned_data.get("internal", False),
            confirm_health_info=form.health_confirmed,
        ),
        _("Filen er lagt ved."),
    )


def _feedback(request: HttpRequest, order: Order, user: User) -> HttpResponse:
    rules.check_feedback(user, order)
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, order, {"feedback": form}, status=400)
    scores = {name: form.cleaned_data[name] for name, _label in FEEDBACK_SCALES}
    return _run(
        request,
        order,
        "feedback",
        form,
        lambda: services.order_feedback_give(
            order=order,
            user=user,
            scores=scores,
            text=form.cleaned_data["text"],
            confirm_health_info=form.health_confirmed,
        ),
        _("Takk for tilbakemeldingen!"),
    )


FORM_ACTIONS = {
    "godta": _accept,
    "avsla": _decline,
    "kommentar": _text("comment"),
    "notat": _text("note"),
    "vedlegg": _attach,
    "tilbakemelding": _feedback,
}


def _confirm_cost(request: HttpRequest, order: Order) -> HttpResponse:
    details = [
        (_("Estimerte timer"), format_hours(order.estimated_hours)),
        (_("Timepris"), format_kr(order.hourly_rate)),
        (_("Kostnad"), format_kr(order.estimated_cost)),
    ]
    return confirm_page(
        request,
        title=_("Godkjenne kostnaden for %(ref)s?") % {"ref": order.reference},
        consequence=_(
            "Du godkjenner at BHT fakturerer %(cost)s som mersalg (utenfor handlingsplanen) "
            "for denne bestillingen, og BHT kan starte arbeidet. Godkjenningen kan ikke "
            "trekkes tilbake her."
        )
        % {"cost": format_kr(order.estimated_cost)},
        button=_("Ja, godkjenn %(cost)s") % {"cost": format_kr(order.estimated_cost)},
        cancel_url=reverse("orders:detail", args=[order.pk]),
        details=details,
    )


def _run(
    request: HttpRequest, order: Order, key: str, form: Any, call: Any, message: str
) -> HttpResponse:
    try:
        call()
    except ApplicationError as error:
        _form_error(form, error)
        return _render_detail(request, order, {key: form}, status=400)
    messages.success(request, message)
    return redirect("orders:detail", pk=order.pk)


@require_GET
@login_required
def attachment_download(request: HttpRequest, pk: int, event_id: int) -> FileResponse:
    """An attachment, for those who may see it; reads of confidential files are logged."""
    user = _user(request)
    order = _order_or_404(user, pk)
    event = get_object_or_404(selectors.attachments_visible_to(user, order), pk=event_id)
    if order.confidential:
        access_log_record(user=user, obj=order, action="download", label=order.reference)
    return file_response(event.file.open("rb"), filename=event.file_name)
