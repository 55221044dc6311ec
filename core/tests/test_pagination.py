"""rows_by_ids_first gives the same page as plain pagination, in two queries."""

from __future__ import annotations

import pytest
from django.core.paginator import Paginator

from core.models import Department
from core.pagination import rows_by_ids_first

pytestmark = pytest.mark.django_db


def _departments():
    return Department.objects.select_related("unit__area").order_by("-employees", "pk")


def test_it_gives_the_rows_of_plain_pagination_in_order(django_assert_num_queries):
    expected = list(Paginator(_departments(), 10).get_page(2).object_list)
    assert len(expected) == 10
    page = Paginator(_departments(), 10).get_page(2)
    with django_assert_num_queries(2):  # the ids, then the rows with their joins
        page = rows_by_ids_first(page)
        rows = list(page.object_list)
        areas = [row.unit.area.name for row in rows]
    assert rows == expected
    assert areas == [row.unit.area.name for row in expected]


def test_it_leaves_a_page_of_a_list_alone():
    page = Paginator(["a", "b", "c"], 2).get_page(1)
    assert rows_by_ids_first(page).object_list == ["a", "b"]
