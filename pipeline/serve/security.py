"""What a state-changing request must carry, and the reviewer's name.

- A **session cookie** (random, ``HttpOnly``, ``SameSite=Strict``, ``Secure`` when served over HTTPS
  through a proxy) is set on the first page view.
- Every form carries a **CSRF token**: an HMAC of that session with a secret made when the server
  starts (so a token is worthless to another browser, and all tokens die with the server).
- A POST is accepted only with that token **and** an ``Origin`` header equal to the server's own
  origin (a browser always sends ``Origin`` on a cross-site or same-site POST; a missing one is refused).
- The reviewer's name is entered once and kept in a cookie; it is plain text, never markup.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import urllib.parse

from starlette.requests import Request
from starlette.responses import Response

SESSION_COOKIE = "pipeline_session"
REVIEWER_COOKIE = "pipeline_reviewer"
MAX_NAME = 80
YEAR = 365 * 24 * 3600


class Guard:
    def __init__(self, secret: bytes | None = None):
        self.secret = secret or secrets.token_bytes(32)

    def session(self, request: Request) -> str | None:
        s = request.cookies.get(SESSION_COOKIE, "")
        return s if 20 <= len(s) <= 100 and s.replace("-", "").replace("_", "").isalnum() else None

    def new_session(self) -> str:
        return secrets.token_urlsafe(32)

    def token(self, session: str) -> str:
        return hmac.new(self.secret, session.encode(), hashlib.sha256).hexdigest()

    def set_session(self, response: Response, session: str, *, secure: bool = False) -> None:
        response.set_cookie(SESSION_COOKIE, session, httponly=True, samesite="strict", path="/", secure=secure)

    def check(self, request: Request, form: dict[str, str]) -> str | None:
        """None when the request may change state, else why not (for a 403 page)."""
        if not same_origin(request):
            return "this request did not come from this server's own pages (Origin header missing or different)"
        session = self.session(request)
        sent = form.get("csrf", "")
        if not session or not sent or not hmac.compare_digest(sent, self.token(session)):
            return "the form's security token is missing or out of date; reload the page and try again"
        return None


def own_origin(request: Request) -> str:
    url = request.url
    default = {"http": 80, "https": 443}.get(url.scheme)
    port = f":{url.port}" if url.port and url.port != default else ""
    return f"{url.scheme}://{url.hostname}{port}"


def same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    return bool(origin) and origin != "null" and origin.rstrip("/").lower() == own_origin(request).lower()


def reviewer(request: Request) -> str:
    return clean_name(urllib.parse.unquote(request.cookies.get(REVIEWER_COOKIE, "")))


def clean_name(name: str) -> str:
    """A reviewer name as stored: printable, single-line, trimmed, at most 80 characters."""
    return " ".join("".join(ch for ch in name if ch.isprintable()).split())[:MAX_NAME]


def set_reviewer(response: Response, name: str, *, secure: bool = False) -> None:
    response.set_cookie(REVIEWER_COOKIE, urllib.parse.quote(name), max_age=YEAR, httponly=True,
                        samesite="strict", path="/", secure=secure)
