"""The API's paging: the same rules as the list pages (:mod:`gonghui.core.paging`).

``count`` is exact up to the cap (``count_exact: true``); past it ``count`` is PostgreSQL's estimate, or the cap on
SQLite (``count_exact: false``). Page numbers go as far as the cap; ``next`` then carries a cursor (``after=``)
and every following page is read by keyset, as fast on the last page as on the first.
"""

from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from gonghui.core import paging
from gonghui.core.tables import stable_order


class StandardPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 1000
    django_paginator_class = paging.CappedPaginator
    cursor_query_param = paging.CURSOR_PARAM

    def paginate_queryset(self, queryset, request, view=None):
        self.keyset, self.ordering = False, None
        if hasattr(queryset, "query"):
            queryset = stable_order(queryset)
            self.ordering = paging.keyset_ordering(queryset)
            token = request.query_params.get(self.cursor_query_param)
            values = paging.read_cursor(token, self.ordering) if token and self.ordering else None
            if values is not None:
                queryset, self.keyset = paging.after(queryset, self.ordering, values), True
        self.queryset = queryset
        return super().paginate_queryset(queryset, request, view)

    def get_page_number(self, request, paginator):
        return 1 if self.keyset else super().get_page_number(request, paginator)

    def get_next_link(self):
        paginator, page = self.page.paginator, self.page
        last_numbered = getattr(paginator, "capped", False) and page.number == paginator.num_pages
        more = (self.keyset and paginator.count > paginator.per_page) or last_numbered
        if more and self.ordering:
            rows = list(page.object_list)
            cursor = paging.make_cursor(self.queryset, self.ordering, rows[-1].pk) if rows else None
            if cursor:
                url = remove_query_param(self.request.build_absolute_uri(), self.page_query_param)
                return replace_query_param(url, self.cursor_query_param, cursor)
        if self.keyset:
            return None
        return super().get_next_link()

    def get_previous_link(self):
        if self.keyset:  # keyset pages go forward; the first page is the way back
            return remove_query_param(self.request.build_absolute_uri(), self.cursor_query_param)
        return super().get_previous_link()

    def get_paginated_response(self, data):
        paginator = self.page.paginator
        capped = getattr(paginator, "capped", False)
        return Response({
            "count": (paginator.estimate or paginator.count) if capped else paginator.count,
            "count_exact": not capped,
            "next": self.get_next_link(),
            "previous": self.get_previous_link(),
            "results": data,
        })

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count_exact"] = {
            "type": "boolean", "example": True,
            "description": "false: more rows than the count cap; count is then an estimate (PostgreSQL) or the cap",
        }
        response["required"] = [*response.get("required", []), "count_exact"]
        return response
