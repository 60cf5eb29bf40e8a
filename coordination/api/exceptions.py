"""API errors are JSON naming the field; a service's ValidationError becomes a 400, not a 500."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

from coordination.identity import IdentityNumberError


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        detail = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        detail = {("non_field_errors" if k == "__all__" else k): v for k, v in detail.items()}
        exc = exceptions.ValidationError(detail=detail)
    elif isinstance(exc, IdentityNumberError):
        # A number parsed outside a serializer field still gets its specific message.
        exc = exceptions.ValidationError(detail={"identity_number": [exc.message]})
    return drf_exception_handler(exc, context)
