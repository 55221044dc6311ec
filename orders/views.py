"""HTML pages of the orders app: triage, order form, order page, lists and queues.

Views are thin: read through `selectors`, write through `services`, render.
An order outside the user's scope is a 404 (never reveal that it exists); an
action the user's role does not allow is a 403; a broken business rule is shown
as a message on the page (400).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import access
from core import selectors as bht_selectors
from core.confirm import confirm_page, confirmed
from core.errors import ApplicationError
from core.forms import add_application_error
from core.models import Role, Service, User
from core.numbers import format_hours, format_kr
from core.pagination import rows_by_ids_first
from core.services import access_log_record
from core.uploads import file_response
from orders import rules, selectors, services
from orders.filters import InquiryFilter, OrderFilter
from orders.forms import (
    AcceptForm,
    AdviceRequestForm,
    AttachForm,
    DeclineForm,
    FeedbackForm,
    InquiryForm,
    OrderForm,
    RespondForm,
    TextForm,
)
from orders.models import FEEDBACK_SCALES, DeclineReason, Inquiry, Order, OrderStatus

PAGE_SIZE = 25


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _order_or_404(user: User, pk: int) -> Order:
    # Not .get(): its LIMIT 21 made PostgreSQL plan the joins for 6 ms, not 1.
    order = next(iter(selectors.order_detail_queryset(user).filter(pk=pk)), None)
    if order is None:
        raise Http404
    return order


def _page(request: HttpRequest, qs: Any) -> Any:
    paginator = Paginator(qs, PAGE_SIZE)
    return rows_by_ids_first(paginator.get_page(request.GET.get("page")))


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


def _form_error(form: Any, error: ApplicationError) -> None:
    add_application_error(form, error)


# --- lists ------------------------------------------------------------------------------


@require_GET
@login_required
def order_list(request: HttpRequest) -> HttpResponse:
    """Mine bestillinger: a leader's orders (an area director: all of the area);
    for BHT staff every order they serve. Filters, search and page numbers."""
    user = _user(request)
    base = selectors.order_list_queryset(selectors.orders_visible_to(user)).order_by(
        "-created_at", "-pk"
    )
    filterset = OrderFilter(request.GET or None, queryset=base, request=request)
    qs = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    page = _page(request, qs)
    selectors.decorate_rows(list(page.object_list), user=user)
    return render(
        request,
        "orders/order_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": _query_without_page(request),
            "is_bht": access.is_bht_staff(user),
            "is_director": access.has_role(user, Role.AREA_DIRECTOR),
            "may_order": selectors.is_leader(user),
        },
    )


QUEUE_TABS = ("new", "mine", "area", "inquiries")


@require_GET
@login_required
def work_queue(request: HttpRequest) -> HttpResponse:
    """Arbeidskø: new and unanswered (oldest first, SLA clock), mine, by area,
    and web requests waiting for an answer."""
    user = _user(request)
    if not access.is_bht_staff(user):
        raise PermissionDenied(_("Arbeidskøen er bare for BHT."))
    tab = request.GET.get("fane", "new")
    if tab not in QUEUE_TABS:
        tab = "new"
    context: dict[str, Any] = {"tab": tab, "query": _query_without_page(request)}
    if tab == "inquiries":
        page = _page(request, selectors.queue_inquiries(user))
        selectors.decorate_inquiries(list(page.object_list), user=user)
    else:
        if tab == "new":
            qs = selectors.queue_new(user)
        elif tab == "mine":
            qs = selectors.queue_mine(user)
        else:
            qs = selectors.order_list_queryset(
                selectors.orders_visible_to(user).exclude(status=OrderStatus.DRAFT)
            ).order_by("area__name", "-created_at")
            context["area_counts"] = selectors.queue_counts_by_area(user)
        params = request.GET.copy()
        params.pop("fane", None)
        params.pop("page", None)
        filterset = OrderFilter(params or None, queryset=qs, request=request)
        qs = filterset.qs if filterset.is_bound and filterset.is_valid() else qs
        context["filter"] = filterset
        context["hidden_tab"] = [("fane", tab)]
        page = _page(request, qs)
        selectors.decorate_rows(list(page.object_list), user=user)
    context["page"] = page
    context["counts"] = {
        "new": selectors.queue_new(user).count(),
        "inquiries": selectors.queue_inquiries(user).count(),
    }
    return render(request, "orders/work_queue.html", context)


# --- the order form ----------------------------------------------------------------------


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


# --- the order page -------------------------------------------------------------------------


def _access_log_url(user: User, obj: Order | Inquiry) -> str | None:
    """The BHT manager's link to who has read this case (bht's access log)."""
    if not bht_selectors.may_view_access_log(user):
        return None
    content_type = ContentType.objects.get_for_model(obj)
    return f"{reverse('access-log')}?{urlencode({'type': content_type.pk, 'id': obj.pk})}"


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
    user = _user(request)
    form: Any
    if action == "godta":
        rules.check_accept(user, order)
        form = AcceptForm(request.POST, order=order)
        if form.is_valid():
            return _run(
                request,
                order,
                "accept",
                form,
                lambda: services.order_accept(
                    order=order,
                    user=user,
                    lead_advisor=form.cleaned_data["lead_advisor"],
                    supporting_advisors=list(form.cleaned_data["supporting_advisors"]),
                    estimated_hours=form.cleaned_data["estimated_hours"],
                    text=form.cleaned_data["text"],
                ),
                _("Bestillingen er godtatt og tildelt."),
            )
        return _render_detail(request, order, {"accept": form}, status=400)
    if action == "avsla":
        rules.check_decline(user, order)
        form = DeclineForm(request.POST)
        if form.is_valid():
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
                        (_("Årsak"), DeclineReason(form.cleaned_data["reason_code"]).label),
                        (_("Begrunnelse"), form.cleaned_data["reason"]),
                    ],
                    danger=True,
                )
            return _run(
                request,
                order,
                "decline",
                form,
                lambda: services.order_decline(
                    order=order,
                    user=user,
                    reason_code=form.cleaned_data["reason_code"],
                    reason=form.cleaned_data["reason"],
                ),
                _("Bestillingen er avslått. Bestilleren ser årsaken."),
            )
        return _render_detail(request, order, {"decline": form}, status=400)
    if action in ("kommentar", "notat"):
        kind = "comment" if action == "kommentar" else "note"
        rules.CHECKS[kind](user, order)
        form = TextForm(request.POST)
        if form.is_valid():
            text = form.cleaned_data["text"]
            if kind == "comment":
                call = lambda: services.order_comment(  # noqa: E731
                    order=order, user=user, text=text, confirm_health_info=form.health_confirmed
                )
            else:
                call = lambda: services.order_note_internal(order=order, user=user, text=text)  # noqa: E731
            return _run(request, order, kind, form, call, _("Lagt til i tidslinjen."))
        return _render_detail(request, order, {kind: form}, status=400)
    if action == "vedlegg":
        rules.check_attach(user, order)
        form = AttachForm(request.POST, request.FILES)
        if form.is_valid():
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
        return _render_detail(request, order, {"attach": form}, status=400)
    if action == "tilbakemelding":
        rules.check_feedback(user, order)
        form = FeedbackForm(request.POST)
        if form.is_valid():
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
        return _render_detail(request, order, {"feedback": form}, status=400)
    raise Http404


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


# --- inquiries --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def inquiry_create(request: HttpRequest) -> HttpResponse:
    """Registrer henvendelse (BHT)."""
    user = _user(request)
    if not selectors.may_record_inquiry(user):
        raise PermissionDenied(_("Bare BHT registrerer henvendelser."))
    form = InquiryForm(request.POST or None, user=user)
    caller = None
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                inquiry = services.inquiry_record(user=user, **data)
            except ApplicationError as error:
                _form_error(form, error)
            else:
                order = Order.objects.filter(inquiry=inquiry).first()
                if order is not None:
                    _draft_sent_message(request, order)
                else:
                    messages.success(request, _("Henvendelsen er lagret."))
                return redirect("orders:inquiry-create")
        caller = form.cleaned_data.get("caller") if hasattr(form, "cleaned_data") else None
    return render(
        request,
        "orders/inquiry_form.html",
        {"form": form, "selected_caller": caller},
        status=400 if request.method == "POST" else 200,
    )


def _draft_sent_message(request: HttpRequest, order: Order) -> None:
    """The triage's success message, with a link to the draft the leader got."""
    messages.success(
        request,
        format_html(
            '{} <a class="ds-link" href="{}">{}</a>',
            _("Henvendelsen er lagret. Utkastet %(ref)s er sendt til %(leader)s for utfylling.")
            % {"ref": order.reference, "leader": order.ordered_by},
            reverse("orders:detail", kwargs={"pk": order.pk}),
            _("Åpne utkastet %(ref)s") % {"ref": order.reference},
        ),
    )


@require_GET
@login_required
def inquiry_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not access.is_bht_staff(user):
        raise PermissionDenied(_("Henvendelser er bare for BHT."))
    base = (
        selectors.inquiries_visible_to(user)
        .select_related("organisation", "area", "department", "category", "received_by")
        .order_by("-received_at", "-pk")
    )
    filterset = InquiryFilter(request.GET or None, queryset=base, request=request)
    qs = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    page = _page(request, qs)
    selectors.decorate_inquiries(list(page.object_list), user=user)
    return render(
        request,
        "orders/inquiry_list.html",
        {"page": page, "query": _query_without_page(request), "filter": filterset},
    )


def _inquiry_or_404(user: User, pk: int) -> Inquiry:
    return get_object_or_404(
        selectors.inquiries_visible_to(user).select_related(
            "organisation", "area", "unit", "department", "category", "caller", "received_by"
        ),
        pk=pk,
    )


@require_GET
@login_required
def inquiry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    inquiry = _inquiry_or_404(user, pk)
    return _render_inquiry(request, inquiry, RespondForm())


def _render_inquiry(
    request: HttpRequest, inquiry: Inquiry, form: RespondForm, status: int = 200
) -> HttpResponse:
    user = _user(request)
    visible = selectors.inquiry_content_visible(user, inquiry)
    if inquiry.confidential and visible:
        access_log_record(user=user, obj=inquiry, label=f"Henvendelse {inquiry.pk}")
    order = Order.objects.filter(inquiry=inquiry).first()
    return render(
        request,
        "orders/inquiry_detail.html",
        {
            "inquiry": inquiry,
            "content_visible": visible,
            "thread": list(inquiry.messages.all()) if visible else [],
            "order": order,
            "may_answer": rules.is_bht_professional(user) and order is None,
            "access_log_url": _access_log_url(user, inquiry),
            "form": form,
        },
        status=status,
    )


@require_POST
@login_required
def inquiry_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = _user(request)
    inquiry = _inquiry_or_404(user, pk)
    form = RespondForm(request.POST)
    form.is_valid()
    advice = form.cleaned_data.get("advice_given", "")
    try:
        if action == "svar":
            services.inquiry_respond(inquiry=inquiry, user=user, advice_given=advice)
            messages.success(request, _("Henvendelsen er besvart."))
        elif action == "send-videre":
            order = services.inquiry_escalate(
                inquiry=inquiry,
                user=user,
                advice_given=advice,
                service=form.cleaned_data.get("service"),
                title=form.cleaned_data.get("title", ""),
                consent=form.cleaned_data.get("consent", False),
            )
            _draft_sent_message(request, order)
        else:
            raise Http404
    except ApplicationError as error:
        _form_error(form, error)
        return _render_inquiry(request, inquiry, form, status=400)
    return redirect("orders:inquiry-detail", pk=inquiry.pk)


@require_http_methods(["GET", "POST"])
@login_required
def advice_request(request: HttpRequest) -> HttpResponse:
    """Be om råd: the low-threshold, confidential door for employees and representatives."""
    user = _user(request)
    if access.is_bht_staff(user):
        return redirect("orders:inquiry-create")
    if not selectors.may_request_advice(user):
        raise PermissionDenied(_("Du må være ansatt i virksomheten for å be om råd."))
    form = AdviceRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.inquiry_request_advice(user=user, **form.cleaned_data)
        except ApplicationError as error:
            _form_error(form, error)
        else:
            messages.success(
                request,
                _("Takk! Henvendelsen er sendt fortrolig til BHT, som tar kontakt med deg."),
            )
            return redirect("orders:advice")
    mine = selectors.inquiries_written_by(user)[:20]
    return render(
        request,
        "orders/advice_form.html",
        {"form": form, "mine": mine},
        status=400 if request.method == "POST" else 200,
    )


# --- type-ahead (htmx) ---------------------------------------------------------------------------


@require_GET
@login_required
def search_people(request: HttpRequest) -> HttpResponse:
    """Options for the triage form's caller select (htmx swaps them in)."""
    user = _user(request)
    if not selectors.may_record_inquiry(user):
        raise PermissionDenied
    people = selectors.users_matching(user, request.GET.get("q", ""))
    return render(request, "orders/includes/people_options.html", {"people": people})


@require_GET
@login_required
def search_departments(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    departments = selectors.departments_matching(user, request.GET.get("q", ""), limit=200)
    return render(request, "orders/includes/department_options.html", {"departments": departments})
