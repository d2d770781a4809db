"""The API's HTTP machinery: the token check, rate limits, scopes, ETags and errors.

Every error is plain JSON: `{"detail": "..."}`, and for a 400 also
`{"errors": {"field": ["message"]}}`. Nothing here reads what a page would hide; that is
for the selectors the endpoints call."""

from __future__ import annotations

import hashlib
import logging
import math
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer

from . import actions, selectors
from .models import ApiToken

logger = logging.getLogger(__name__)


class Unauthorised(HttpError):
    def __init__(self, message: str) -> None:
        super().__init__(401, message)


class RateLimited(HttpError):
    def __init__(self, wait: int) -> None:
        self.wait = wait
        super().__init__(429, f"Too many requests for this token. Try again in {wait} seconds.")


def api_rate() -> int:
    """Calls a token may make each minute (`EQUALVOICE_API_RATE`)."""
    return max(1, int(getattr(settings, "EQUALVOICE_API_RATE", 120)))


def _count_call(token: ApiToken) -> None:
    """A fixed one-minute window per token, counted in Django's cache (shared through
    Redis when there is one)."""
    now = time.time()
    window = int(now // 60)
    key = f"api-rate:{token.pk}:{window}"
    cache.add(key, 0, timeout=61)
    try:
        calls = cache.incr(key)
    except ValueError:  # the key ran out between add and incr
        cache.set(key, 1, timeout=61)
        calls = 1
    if calls > api_rate():
        raise RateLimited(max(1, math.ceil((window + 1) * 60 - now)))


class TokenAuth(HttpBearer):
    """`Authorization: Bearer ev_…`. The token must be known, not revoked, not past its
    end date, and its maker still an admin of its organisation."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        found = selectors.token_presented(token.strip())
        if found is None:
            raise Unauthorised("The token is not right. Check it, or ask an admin for a new one.")
        if found.revoked_at is not None:
            raise Unauthorised("The token was revoked.")
        if found.expired():
            raise Unauthorised("The token has passed its end date.")
        if not selectors.maker_is_admin(found):
            raise Unauthorised(
                "The person who made the token is no longer an admin of the organisation."
            )
        _count_call(found)
        actions.token_used(token=found)
        return found


def token_of(request: HttpRequest) -> ApiToken:
    return request.auth  # type: ignore[attr-defined,no-any-return]


def need(request: HttpRequest, scope: str) -> ApiToken:
    """The token, if it has the scope; otherwise 403."""
    token = token_of(request)
    if scope not in token.scopes:
        raise PermissionDenied(f"This token does not have the scope {scope}.")
    return token


class EqualVoiceAPI(NinjaAPI):
    def create_response(
        self,
        request: HttpRequest,
        data: Any,
        *,
        status: int | None = None,
        temporal_response: HttpResponse | None = None,
    ) -> HttpResponse:
        """A strong ETag on every successful read (a hash of the body); a matching
        If-None-Match gives 304 with no body."""
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            tag = f'"{hashlib.sha256(response.content).hexdigest()}"'
            response["ETag"] = tag
            response["Cache-Control"] = "private, no-cache"
            asked = request.headers.get("If-None-Match", "")
            wanted = {t.strip().removeprefix("W/") for t in asked.split(",") if t.strip()}
            if tag in wanted or "*" in wanted:
                not_modified = HttpResponseNotModified()
                not_modified["ETag"] = tag
                not_modified["Cache-Control"] = "private, no-cache"
                return not_modified
        return response

    def get_openapi_operation_id(self, operation: Any) -> str:
        return str(operation.view_func.__name__)


def _field(loc: list[Any]) -> str:
    """A field's name from where pydantic found the problem: ("query", "limit") is
    "limit"; ("body", "payload", "what") is "what"."""
    parts = [str(p) for p in loc]
    if parts and parts[0] == "body":
        parts = parts[2:] if len(parts) > 2 else ["body"]
    elif parts and parts[0] in ("query", "path", "header", "cookie", "form", "file"):
        parts = parts[1:]
    return ".".join(parts) or "body"


def _plain(message: str) -> str:
    return message.removeprefix("Value error, ")


def field_errors(request: HttpRequest, errors: dict[str, list[str]], api: NinjaAPI) -> HttpResponse:
    return api.create_response(
        request, {"detail": "Some of what was sent is not right.", "errors": errors}, status=400
    )


def install_error_handlers(api: NinjaAPI) -> None:
    def validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors: dict[str, list[str]] = {}
        for error in exc.errors:
            errors.setdefault(_field(list(error.get("loc", []))), []).append(
                _plain(str(error.get("msg", "Not valid")))
            )
        return field_errors(request, errors, api)

    def django_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        if hasattr(exc, "error_dict"):
            errors = {
                ("body" if k == "__all__" else k): [str(m) for m in v]
                for k, v in exc.message_dict.items()
            }
        else:
            errors = {"body": [str(m) for m in exc.messages]}
        return field_errors(request, errors, api)

    def too_big(request: HttpRequest, exc: Exception) -> HttpResponse:
        return field_errors(request, {"body": ["What was sent is too big."]}, api)

    def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return api.create_response(request, {"detail": "Not found."}, status=404)

    def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
        detail = str(exc) if str(exc).startswith("This token") else "This token may not do that."
        return api.create_response(request, {"detail": detail}, status=403)

    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = api.create_response(
            request,
            {"detail": "Send a token: Authorization: Bearer <token>."},
            status=401,
        )
        response["WWW-Authenticate"] = 'Bearer realm="Equal Voice"'
        return response

    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400:  # a body that is not JSON, say
            return field_errors(request, {"body": [str(exc)]}, api)
        response = api.create_response(request, {"detail": str(exc)}, status=exc.status_code)
        if isinstance(exc, RateLimited):
            response["Retry-After"] = str(exc.wait)
        if exc.status_code == 401:
            response["WWW-Authenticate"] = 'Bearer realm="Equal Voice", error="invalid_token"'
        return response

    def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API error", exc_info=exc)
        return api.create_response(
            request, {"detail": "Something went wrong on our side."}, status=500
        )

    handlers: list[tuple[type[Exception], Any]] = [
        (NinjaValidationError, validation),
        (DjangoValidationError, django_validation),
        (RequestDataTooBig, too_big),
        (Http404, not_found),
        (PermissionDenied, forbidden),
        (AuthenticationError, unauthenticated),
        (HttpError, http_error),
        (Exception, unexpected),
    ]
    for exception, handler in handlers:
        api.add_exception_handler(exception, handler)
