from django.core.paginator import Page
from django.db.models import QuerySet
from rest_framework.pagination import PageNumberPagination


class PageNumberWithSizePagination(PageNumberPagination):
    """`?page=2&page_size=200`; the size is capped so one call cannot fetch a whole table."""

    page_size_query_param = "page_size"
    max_page_size = 500


def rows_by_ids_first(page: Page) -> Page:
    """Loads an HTML list page in two steps: the ids of the page (sort and LIMIT on
    the bare table, by index), then those rows with their joins. In one step,
    PostgreSQL joins every matching row (users, areas...) before it sorts and cuts
    the page, so a page's cost grew with the history (benchmarks/RESULTS.md)."""
    qs = page.object_list
    if not isinstance(qs, QuerySet):
        return page
    # dict.fromkeys: with DISTINCT, ordering columns join the SELECT and may repeat an id.
    ids = list(dict.fromkeys(qs.values_list("pk", flat=True)))
    full = page.paginator.object_list
    by_id = {row.pk: row for row in full.filter(pk__in=ids).order_by()}
    page.object_list = [by_id[pk] for pk in ids if pk in by_id]
    return page
