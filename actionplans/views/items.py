"""Adding and editing a plan's items."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from actionplans import forms, selectors, services
from core.errors import ApplicationError
from core.parsing import small_number

from .common import _form_error, _plan_or_404, _user
from .plans import _guard


@require_POST
@login_required
def item_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    plan = _plan_or_404(user, pk)
    _guard(user, plan, "edit")
    form = forms.PlanItemForm(request.POST, plan=plan)
    if form.is_valid():
        try:
            services.plan_item_create(plan=plan, user=user, **form.cleaned_data)
        except ApplicationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Tiltaket er lagt til."))
            return redirect("actionplans:plan", pk=plan.pk)
    page = selectors.plan_page(user=user, plan=plan)
    return render(
        request,
        "actionplans/plan_detail.html",
        {"page": page, "plan": plan, "item_form": form},
        status=400,
    )


@require_http_methods(["GET", "POST"])
@login_required
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    item = get_object_or_404(selectors.plan_items_visible_to(user), pk=pk)
    plan = item.plan
    _guard(user, plan, "edit")
    if request.method == "POST" and "delete" in request.POST:
        try:
            loaded = request.POST.get("lock_version", "")
            services.plan_item_delete(
                item=item, user=user, lock_version=small_number(loaded, digits=9)
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Tiltaket er fjernet."))
        return redirect("actionplans:plan", pk=plan.pk)
    if request.method == "POST":
        form = forms.PlanItemEditForm(request.POST, plan=plan)
        if form.is_valid():
            try:
                services.plan_item_update(item=item, user=user, **form.cleaned_data)
            except ApplicationError as error:
                _form_error(form, error)
            else:
                messages.success(request, _("Tiltaket er endret."))
                return redirect("actionplans:plan", pk=plan.pk)
        status = 400
    else:
        form = forms.PlanItemEditForm(initial=forms.PlanItemEditForm.initial_for(item), plan=plan)
        status = 200
    return render(
        request,
        "actionplans/item_edit.html",
        {
            "plan": plan,
            "item": item,
            "form": form,
            "history": selectors.plan_item_history(item),
        },
        status=status,
    )
