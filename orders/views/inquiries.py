"""Phone triage, advice requests and the inquiry pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import access
from core.errors import ApplicationError
from core.models import User
from core.services import access_log_record
from orders import rules, selectors, services
from orders.filters import InquiryFilter
from orders.forms import (
    AdviceRequestForm,
    InquiryForm,
    RespondForm,
)
from orders.models import Inquiry, Order

from .common import _access_log_url, _form_error, _page, _query_without_page, _user


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
