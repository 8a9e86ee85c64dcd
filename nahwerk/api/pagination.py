"""The API's pages: a page number that is no number is a 400 naming it, as other parameters."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from rest_framework import pagination, serializers
from rest_framework.request import Request

from nahwerk.queryparams import InvalidParameter, page_number


class PageNumberPagination(pagination.PageNumberPagination):
    """DRF's page numbers read through ``nahwerk.queryparams``.

    ``?page=abc``, ``?page=0`` or ``?page=²`` answer 400 ``{"page": [reason]}`` (DRF
    answers 404 "Invalid page."); a page after the last stays a 404, as in DRF, and
    ``?page=last`` still gives the last page.
    """

    def get_page_number(self, request: Request, paginator: Paginator) -> Any:
        if request.query_params.get(self.page_query_param) in self.last_page_strings:
            return paginator.num_pages
        try:
            return page_number(request.query_params, self.page_query_param) or 1
        except InvalidParameter as error:
            raise serializers.ValidationError({self.page_query_param: [error.message]}) from error

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {**parameter["schema"], "minimum": 1}
        return parameters
