"""Sign-in with a one-time code, for people who have no email address."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import BaseBackend
from django.http import HttpRequest

from .models import User


class SignInCodeBackend(BaseBackend):
    def authenticate(  # type: ignore[override]
        self, request: HttpRequest | None, sign_in_code: str | None = None, **kwargs: Any
    ) -> User | None:
        if not sign_in_code:
            return None
        from .actions import sign_in_code_redeem

        return sign_in_code_redeem(code=sign_in_code)

    def get_user(self, user_id: int) -> User | None:
        return User.objects.filter(pk=user_id, is_active=True).first()
