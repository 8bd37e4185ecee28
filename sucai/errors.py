"""One base error for everything sucai reports to a person or a client.

Each error carries an HTTP-like status so the CLI and the web can turn it into
an exit code or a response without knowing the concrete class.
"""

from __future__ import annotations


class SucaiError(Exception):
    status = 400

    def __init__(self, message: str, *, path: str | None = None) -> None:
        self.message = message
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)


class ParseError(SucaiError):
    """A file could not be read as what it claims to be."""

    status = 422


class UnsupportedFormat(SucaiError):
    status = 415


class NotFound(SucaiError):
    status = 404


class QueryError(SucaiError):
    status = 400


class AuthError(SucaiError):
    status = 401


class Forbidden(SucaiError):
    status = 403


class PaymentRequired(SucaiError):
    status = 402


class QuotaExceeded(SucaiError):
    status = 429


class TooManyRequests(QuotaExceeded):
    """Too many requests for now; `retry_after` seconds until one more is allowed (Retry-After)."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
