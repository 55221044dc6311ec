"""Maps the project's exceptions to API responses (DESIGN.md §8: 400 with a message per field)."""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import ApplicationError, EditConflict, HealthInfoFound


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, EditConflict):
        # The client sent an old lock_version: reload, then edit again.
        return Response({"lock_version": [exc.message]}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, HealthInfoFound):
        data: dict[str, list[str]] = {name: [message] for name, message in exc.errors.items()}
        if exc.confirmable:
            data["confirm_health_info"] = [
                _(
                    "Skriv om teksten, eller send på nytt med confirm_health_info: true "
                    "hvis teksten ikke handler om en persons helse."
                )
            ]
        return Response(data, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, ApplicationError):
        key = exc.field or "non_field_errors"
        return Response({key: [exc.message]}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        detail = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, list):
        # A ValidationError raised with a bare message (e.g. DRF's SearchFilter on a
        # NUL character) still answers with messages per field, as the schema says.
        response.data = {"non_field_errors": response.data}
    return response
