"""Keeping a small secret (a two-step sign-in key) encrypted in the database, so a copy
of the database alone does not give away anyone's authenticator codes.

Built from the standard library only (no new dependency): HMAC-SHA256 as a keystream in
counter mode, then HMAC-SHA256 over the nonce and the ciphertext (encrypt, then sign).
The keys come from SECRET_KEY; secrets made under an older key still open while that key
is in SECRET_KEY_FALLBACKS."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from django.conf import settings

PREFIX = "v1$"


def _keys(secret_key: str) -> tuple[bytes, bytes]:
    base = hashlib.sha256(("equalvoice.secretbox:" + secret_key).encode()).digest()
    return (
        hmac.new(base, b"encrypt", hashlib.sha256).digest(),
        hmac.new(base, b"sign", hashlib.sha256).digest(),
    )


def _stream(key: bytes, nonce: bytes, length: int) -> bytes:
    out = b""
    counter = 0
    while len(out) < length:
        out += hmac.new(key, nonce + counter.to_bytes(8, "big"), hashlib.sha256).digest()
        counter += 1
    return out[:length]


def seal(text: str) -> str:
    """The text, encrypted and signed with the current SECRET_KEY."""
    enc, sign = _keys(settings.SECRET_KEY)
    nonce = secrets.token_bytes(16)
    plain = text.encode()
    body = bytes(a ^ b for a, b in zip(plain, _stream(enc, nonce, len(plain)), strict=True))
    tag = hmac.new(sign, nonce + body, hashlib.sha256).digest()
    return PREFIX + base64.urlsafe_b64encode(nonce + body + tag).decode()


def open_sealed(token: str) -> str:
    """The text `seal` was given. ValueError when the token was changed or made under a
    key we no longer have."""
    if not token.startswith(PREFIX):
        raise ValueError("Not a sealed value.")
    raw = base64.urlsafe_b64decode(token[len(PREFIX) :].encode())
    if len(raw) < 48:
        raise ValueError("Not a sealed value.")
    nonce, body, tag = raw[:16], raw[16:-32], raw[-32:]
    for secret_key in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]:
        enc, sign = _keys(secret_key)
        if hmac.compare_digest(tag, hmac.new(sign, nonce + body, hashlib.sha256).digest()):
            stream = _stream(enc, nonce, len(body))
            return bytes(a ^ b for a, b in zip(body, stream, strict=True)).decode()
    raise ValueError("The sealed value does not open with our keys.")
