"""Request safety: signed double-submit CSRF tokens, the login gate, and security headers.

- CSRF: a random value lives in an HttpOnly cookie; pages carry its signed form (hidden
  `csrf_token` field, and `X-CSRF-Token` on every htmx request through `hx-headers` on
  <body>). A write is accepted only when the token unsigns to the cookie's value, so a
  foreign site can neither read nor forge the pair. API writes must be JSON (a cross-site
  form cannot send that without a CORS preflight, which this app never grants).
- Login: once an account exists, every page and API call needs the signed login cookie,
  HTTP Basic (user name and password) or a Bearer API token (web/identity.py). With no
  account but BAKETRACKER_PASSWORD set, the cookie or HTTP Basic carrying that password.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from typing import Any

from fastapi import HTTPException, Request
from itsdangerous import BadSignature, URLSafeSerializer, URLSafeTimedSerializer
from starlette.datastructures import MutableHeaders
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from baketracker.services.permissions import current_actor
from baketracker.web.identity import SESSION_COOKIE, Identity, Refusal, identify

CSRF_COOKIE = "bt_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SESSION_MAX_AGE = 30 * 24 * 3600
FLASH_COOKIE_NAME = "bt_flash"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
PUBLIC_PATHS = ("/login", "/static/")
SHEET_ASSETS = ("/sheets/sheet.css", "/sheets/phone.css", "/sheets/print.js")
# Swagger UI's page boots with an inline script; every other page runs only our own files.
# 'wasm-unsafe-eval' lets the purchase page's barcode reader (our own ZXing .wasm) compile;
# it allows WebAssembly only, never eval() of script text.
PAGE_CSP = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; frame-ancestors 'none'"
)


@dataclass
class Guard:
    """Signs and checks tokens with the app's secret; knows the password, if any."""

    secret: str
    password: str | None = None
    _csrf: URLSafeSerializer = field(init=False, repr=False)
    _session: URLSafeTimedSerializer = field(init=False, repr=False)
    _flash: URLSafeSerializer = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._csrf = URLSafeSerializer(self.secret, salt="baketracker.csrf")
        self._session = URLSafeTimedSerializer(self.secret, salt="baketracker.login")
        self._flash = URLSafeSerializer(self.secret, salt="baketracker.flash")

    # --- CSRF --------------------------------------------------------------------------

    def csrf_token(self, raw: str) -> str:
        return self._csrf.dumps(raw)

    def csrf_ok(self, raw: str | None, token: object) -> bool:
        if not raw or not isinstance(token, str) or not token:
            return False
        try:
            value = self._csrf.loads(token)
        except BadSignature:
            return False
        return isinstance(value, str) and hmac.compare_digest(value, raw)

    # --- login -------------------------------------------------------------------------

    @property
    def login_required(self) -> bool:
        return bool(self.password)

    def _password_tag(self) -> str:
        # Sessions name the password they were opened with: changing it logs everyone out.
        key = self.secret.encode()
        return hmac.new(key, (self.password or "").encode(), hashlib.sha256).hexdigest()[:16]

    def password_ok(self, given: str) -> bool:
        if not self.password:
            return False
        want = hashlib.sha256(self.password.encode()).digest()
        return hmac.compare_digest(hashlib.sha256(given.encode()).digest(), want)

    def session_cookie(self) -> str:
        return self._session.dumps({"pw": self._password_tag()})

    def account_cookie(self, stamp: str) -> str:
        """The login cookie of an account (`stamp` from users.session_of)."""
        return self._session.dumps({"u": stamp})

    def account_stamp(self, value: str | None) -> str | None:
        if not value:
            return None
        try:
            data = self._session.loads(value, max_age=SESSION_MAX_AGE)
        except BadSignature:
            return None
        stamp = data.get("u") if isinstance(data, dict) else None
        return stamp if isinstance(stamp, str) else None

    def session_ok(self, value: str | None) -> bool:
        if not value:
            return False
        try:
            data = self._session.loads(value, max_age=SESSION_MAX_AGE)
        except BadSignature:
            return False
        return isinstance(data, dict) and hmac.compare_digest(
            str(data.get("pw", "")), self._password_tag()
        )

    def basic_ok(self, header: str | None) -> bool:
        """HTTP Basic with any user name and the configured password."""
        if not header or not header.lower().startswith("basic "):
            return False
        try:
            decoded = base64.b64decode(header[6:].strip(), validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return False
        _, _, password = decoded.partition(":")
        return self.password_ok(password)

    def authenticated_by(self, request: Request) -> str | None:
        if self.basic_ok(request.headers.get("authorization")):
            return "basic"
        if self.session_ok(request.cookies.get(SESSION_COOKIE)):
            return "session"
        return None

    # --- flash messages (shown once after a redirect) -----------------------------------

    def flash_value(self, message: str) -> str:
        return self._flash.dumps(message)

    def flash_message(self, value: str | None) -> str | None:
        if not value:
            return None
        try:
            message = self._flash.loads(value)
        except BadSignature:
            return None
        return message if isinstance(message, str) else None


def cookie_header(
    name: str, value: str, *, max_age: int | None = None, secure: bool = False
) -> str:
    """A Set-Cookie header value: HttpOnly, SameSite=Lax, whole site (Secure over HTTPS)."""
    response = Response()
    response.set_cookie(name, value, max_age=max_age, httponly=True, samesite="lax", path="/",
                        secure=secure)
    return response.headers["set-cookie"]


def _is_public(path: str) -> bool:
    # The service worker script and the sheets' stylesheets and print script hold no data
    # (the worker asks for pages with the user's cookie).
    return path in ("/login", "/sw.js", *SHEET_ASSETS) or any(
        path.startswith(p) for p in PUBLIC_PATHS if p.endswith("/")
    )


def safe_next(target: str | None) -> str:
    """Where to go after logging in: a path on this site only (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


def _login_required_response(
    request: Request, message: str = "Log in: send the password (HTTP Basic)"
) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse(
            {"error": "login_required", "message": message},
            status_code=401,
            headers={"WWW-Authenticate": 'Basic realm="Bake Tracker"'},
        )
    if request.headers.get("hx-request"):
        return Response(status_code=401, headers={"HX-Redirect": "/login"})
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    login = "/login" if target == "/" else f"/login?next={_quote(target)}"
    return RedirectResponse(login, status_code=303)


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="/")


class GuardMiddleware:
    """Issues the CSRF cookie, enforces the login, and adds security headers."""

    def __init__(self, app: ASGIApp, guard: Guard) -> None:
        self.app = app
        self.guard = guard

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        raw = request.cookies.get(CSRF_COOKIE)
        new_raw: str | None = None
        if not raw or len(raw) < 32:
            raw = new_raw = secrets.token_urlsafe(32)
        state: dict[str, Any] = scope.setdefault("state", {})
        state["csrf_raw"] = raw
        state["csrf_token"] = self.guard.csrf_token(raw)
        state["auth"] = state["user"] = None
        if not _is_public(request.url.path):
            found = await self._identify(request)
            if isinstance(found, Refusal):
                await _login_required_response(request, found.message)(scope, receive, send)
                return
            state["auth"], state["user"] = found.auth, found.actor
        path = request.url.path

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if new_raw is not None:
                    headers.append("set-cookie", cookie_header(CSRF_COOKIE, new_raw))
                headers.setdefault("x-content-type-options", "nosniff")
                headers.setdefault("referrer-policy", "same-origin")
                headers.setdefault("x-frame-options", "DENY")
                headers.setdefault("content-security-policy",
                                   DOCS_CSP if path == "/docs" else PAGE_CSP)
            await send(message)

        token = current_actor.set(state["user"])
        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            current_actor.reset(token)

    async def _identify(self, request: Request) -> Identity | Refusal:
        stamp = self.guard.account_stamp(request.cookies.get(SESSION_COOKIE))
        found = await identify(request, stamp)
        if isinstance(found, Identity) and found.auth == "open" and self.guard.login_required:
            # No account yet, but BAKETRACKER_PASSWORD set: that password opens everything.
            auth = self.guard.authenticated_by(request)
            return Identity(auth, None) if auth else Refusal(
                "Log in: send the password (HTTP Basic)")
        return found


class CsrfRefused(HTTPException):
    def __init__(self, detail: str) -> None:
        super().__init__(status_code=403, detail=detail)


async def verify_csrf(request: Request) -> None:
    """A FastAPI dependency on every route: refuse writes without a valid CSRF token."""
    if request.method in SAFE_METHODS:
        return
    guard: Guard = request.app.state.guard
    state = request.scope.get("state", {})
    if request.url.path.startswith("/api/"):
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        # A DELETE is never a "simple" cross-site request (the browser would need a CORS
        # preflight, which this app never grants), so one without a body needs no JSON.
        bodiless_delete = request.method == "DELETE" and not content_type and not (
            await request.body()
        )
        if content_type != "application/json" and not bodiless_delete:
            raise HTTPException(415, "API writes must send Content-Type: application/json")
        if state.get("auth") == "session" and not guard.csrf_ok(
            state.get("csrf_raw"), request.headers.get(CSRF_HEADER)
        ):
            raise CsrfRefused("API calls made with the login cookie need the X-CSRF-Token header")
        return
    token: object = request.headers.get(CSRF_HEADER)
    if not token:
        content_type = request.headers.get("content-type", "")
        if "form" in content_type:
            token = (await request.form()).get(CSRF_FIELD)
    if not guard.csrf_ok(state.get("csrf_raw"), token):
        raise CsrfRefused(
            "This form has expired or came from another site. Reload the page and try again."
        )
