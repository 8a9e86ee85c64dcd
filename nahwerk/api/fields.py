"""Query-parameter fields of the API's filters, read through ``nahwerk.queryparams``."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from nahwerk.queryparams import MAX_ID, InvalidParameter, parse_whole_number


class IdParameter(serializers.IntegerField):
    """An id (1 to 2**63 - 1); anything else is a 400 naming the parameter and the value."""

    def __init__(self, **kwargs: Any):
        super().__init__(min_value=1, max_value=MAX_ID, **kwargs)

    def to_internal_value(self, data: Any) -> int:
        try:
            return parse_whole_number(self.field_name, data)
        except InvalidParameter as error:
            raise serializers.ValidationError(error.message) from error


@extend_schema_field(OpenApiTypes.STR)
class IdOrSlugParameter(serializers.CharField):
    """An id when it consists of digits, else a slug; an id out of range is a 400."""

    def run_validation(self, data: Any = serializers.empty) -> Any:
        text = super().run_validation(data)  # the string, with its length checked
        if text.isdigit():  # also "²": parse_whole_number refuses what int() cannot read
            try:
                return parse_whole_number(self.field_name, text)
            except InvalidParameter as error:
                raise serializers.ValidationError(error.message) from error
        return text
