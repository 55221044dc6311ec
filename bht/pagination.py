from rest_framework.pagination import PageNumberPagination


class PageNumberWithSizePagination(PageNumberPagination):
    """`?page=2&page_size=200`; the size is capped so one call cannot fetch a whole table."""

    page_size_query_param = "page_size"
    max_page_size = 500
