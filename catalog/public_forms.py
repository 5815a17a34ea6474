"""The anti-abuse policy of every public form, behind one interface (ADR 0012).

Public forms have no login wall and no third-party CAPTCHA. A form is guarded by a ``Gate``,
configured once per form, with four steps the view calls in this order::

    admission = GATE.admit(request)        # rate limit, honeypot, form token, fill time
    if not admission.admitted: ...         # render admission.message / the 429 page / a duplicate
    if not form.is_valid(): GATE.release(admission); ...
    if duplicate := GATE.claim(admission): ...   # the same form again: answered at once
    try: obj = service(...) except ...: GATE.release(admission); raise
    GATE.complete(admission, obj.pk)

``submit(gate, request, form, save=..., page=...)`` runs these steps for a view; a view answers
each outcome through its ``FormPage`` (the form again, the receipt, a duplicate, the 429 page).

- ``admit`` counts one hit of the client address (``Limit.take``: one atomic statement, so
  parallel requests cannot all slip under the limit), then checks the honeypot, the signed
  one-time form token and the minimum fill time. A form whose token was already used is not
  counted and comes back as a ``Duplicate``. Bot signals (honeypot, too fast) keep their hit; an
  expired or missing token gives it back (a person who left the page open).
- ``claim`` takes the form token for its one use (a row of ``UsedToken``, unique on scope and
  nonce). Of two submissions of the same form, exactly one wins; the other gets a ``Duplicate``
  immediately: with the id of what the first created if that is committed, else ``pending``.
  Nothing waits or polls: the view answers a pending duplicate with a page that refreshes to
  a lookup (``Gate.lookup``), itself one query per request.
- ``release`` gives back what ``admit`` and ``claim`` took (the hit and the claim) when the
  submission is sent back for correction or the database fails, so the same page can be
  corrected and sent again. It only gives back what this request took, and only once.
- ``complete`` records what the submission created on the claimed token: a later replay of the
  same form is answered with it.

State lives in PostgreSQL (catalog.security_state, ADR 0010), never in the cache. The public
views run in autocommit, so a hit or a claim is visible to every other request at once.
"""

from __future__ import annotations

import enum
import ipaddress
import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse

from catalog import security_state

GENERIC_REJECTION = "申请未能提交，请核对填写的内容后重新提交。"
EXPIRED_FORM = "页面停留时间过长或已失效，请核对填写的内容后重新提交。"
RATE_LIMITED = "操作过于频繁，请稍后再试。"
DEFAULT_TOKEN_MAX_AGE = 24 * 3600

logger = logging.getLogger(__name__)


# --------------------------------------------------------------------------- client address


def client_address(request: HttpRequest) -> str:
    """The client's address as the nearest trusted hop saw it.

    ``REMOTE_ADDR``; behind ``RATE_LIMIT_PROXY_COUNT`` trusted reverse proxies, the address that
    many hops from the right of ``X-Forwarded-For`` (its left part is chosen by the client and
    never trusted).
    """
    address = request.META.get("REMOTE_ADDR", "")
    proxies = int(getattr(settings, "RATE_LIMIT_PROXY_COUNT", 0))
    if proxies > 0:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        if len(hops) >= proxies:
            address = hops[-proxies]
    return address


def _client_group(request: HttpRequest) -> str:
    """The address, IPv6 grouped by its /64 (which one subscriber usually holds whole)."""
    raw = client_address(request)
    try:
        ip = ipaddress.ip_address(raw)
    except ValueError:
        return raw or "unknown"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:  # ::ffff:a.b.c.d is an IPv4 client
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def address_subject(request: HttpRequest) -> str:
    """The keyed hash of the client's address group: what the per-address limits count."""
    return security_state.subject_hash("address", _client_group(request))


# --------------------------------------------------------------------------- limits


@dataclass(frozen=True)
class Limit:
    """At most ``per_window[0]`` counted actions of ``scope`` per subject per ``per_window[1]``
    seconds (fixed windows; a day's window starts at local midnight). ``setting`` names a
    setting of the same shape that overrides the default."""

    scope: str
    per_window: tuple[int, int]
    setting: str = ""

    def _values(self) -> tuple[int, int]:
        hits, window = (
            getattr(settings, self.setting, self.per_window) if self.setting else self.per_window
        )
        return int(hits), int(window)

    @property
    def max_hits(self) -> int:
        return self._values()[0]

    @property
    def window_seconds(self) -> int:
        return self._values()[1]

    def take(self, subject: str) -> bool:
        """Count one action of ``subject``; False when that goes beyond the limit (refuse it)."""
        hits, window = self._values()
        count = security_state.count_hit(scope=self.scope, subject=subject, window_seconds=window)
        return count <= hits

    def give_back(self, subject: str) -> None:
        """An action counted by ``take`` did not happen after all."""
        security_state.give_back(
            scope=self.scope, subject=subject, window_seconds=self.window_seconds
        )

    def retry_after(self) -> int:
        """Seconds until the current window ends."""
        return security_state.window_of(self.window_seconds).seconds_left


# --------------------------------------------------------------------------- the gate


class Refusal(enum.Enum):
    """Why ``admit`` turned a submission away."""

    RATE_LIMITED = "rate_limited"
    BOT = "bot"  # the honeypot was filled in, or the form came back faster than a person types
    EXPIRED = "expired"  # no valid form token: forged, missing or older than its lifetime
    DUPLICATE = "duplicate"  # this form was sent before


@dataclass(frozen=True)
class FormToken:
    """The signed one-time token rendered into a form: a random nonce and the render time."""

    nonce: str
    issued_at: float

    def age(self, now: float | None = None) -> float:
        return (time.time() if now is None else now) - self.issued_at


@dataclass(frozen=True)
class Duplicate:
    """The same form arrived again. ``object_id`` is what its first submission created, or
    None while that submission is still being registered (``pending``)."""

    nonce: str
    object_id: int | None

    @property
    def pending(self) -> bool:
        return self.object_id is None


@dataclass
class Admission:
    """What ``admit`` decided, and what this request holds (a counted hit, a claimed token)
    so that ``release`` gives back exactly that."""

    gate: Gate
    subject: str
    token: FormToken | None = None
    refusal: Refusal | None = None
    duplicate: Duplicate | None = None
    counted: bool = False
    claimed: bool = field(default=False)

    @property
    def admitted(self) -> bool:
        return self.refusal is None

    @property
    def message(self) -> str:
        """What to tell the person, in Chinese (bots are told nothing about why)."""
        return {
            None: "",
            Refusal.RATE_LIMITED: RATE_LIMITED,
            Refusal.BOT: GENERIC_REJECTION,
            Refusal.EXPIRED: EXPIRED_FORM,
            Refusal.DUPLICATE: "",
        }[self.refusal]

    @property
    def retry_after(self) -> int:
        """Seconds until the address may submit again (for a ``Retry-After`` header)."""
        return self.gate.limit.retry_after()


@dataclass(frozen=True)
class Gate:
    """The anti-abuse policy of one public form.

    ``name`` scopes the form's one-time tokens; ``limit`` counts its submissions per address.
    ``honeypot`` is the name of a field people are told to leave empty ("" for none). With
    ``one_time_token`` the form carries a signed token (``issue_token``) that is valid for
    ``token_max_age`` seconds, must be at least ``min_fill_seconds`` old (overridden by the
    setting ``min_fill_setting``) and registers one submission only.
    """

    name: str
    limit: Limit
    honeypot: str = ""
    one_time_token: bool = True
    token_max_age: int = DEFAULT_TOKEN_MAX_AGE
    token_salt: str = ""
    min_fill_seconds: float = 3
    min_fill_setting: str = ""

    # ------------------------------------------------------------------ the token

    @property
    def _salt(self) -> str:
        return self.token_salt or f"catalog.public_forms.{self.name}"

    def issue_token(self, *, issued_at: float | None = None) -> str:
        """A fresh token for a rendered form: a random nonce (one use) and the render time."""
        return signing.dumps(
            {"n": secrets.token_urlsafe(16), "t": time.time() if issued_at is None else issued_at},
            salt=self._salt,
        )

    def read_token(self, value: str | None) -> FormToken | None:
        """The token of a submitted form, or None when it is missing, forged or too old."""
        if not value or not isinstance(value, str):
            return None
        try:
            data = signing.loads(value, salt=self._salt, max_age=self.token_max_age)
        except signing.BadSignature:
            return None
        if not isinstance(data, dict):
            return None
        nonce, issued_at = data.get("n"), data.get("t")
        if not isinstance(nonce, str) or not isinstance(issued_at, int | float):
            return None
        return FormToken(nonce=nonce, issued_at=float(issued_at))

    def fill_seconds(self) -> float:
        """A person needs at least this long to fill in the form."""
        if self.min_fill_setting:
            return float(getattr(settings, self.min_fill_setting, self.min_fill_seconds))
        return float(self.min_fill_seconds)

    def context(self) -> dict:
        """What the form's template needs: a fresh token and the honeypot's field name."""
        return {
            "form_token": self.issue_token() if self.one_time_token else "",
            "honeypot": self.honeypot,
        }

    # ------------------------------------------------------------------ the four steps

    def admit(self, request: HttpRequest) -> Admission:
        """Decide before validation whether this submission may go on."""
        admission = Admission(gate=self, subject=address_subject(request))
        if self.one_time_token:
            admission.token = self.read_token(request.POST.get("form_token"))
            if admission.token is not None:
                # The same form again (a double click, a reload): never counted, never a copy.
                admission.duplicate = self.lookup(admission.token.nonce)
                if admission.duplicate is not None:
                    admission.refusal = Refusal.DUPLICATE
                    return admission
        # Counted before anything else, in one statement: of parallel submissions from one
        # address, only the first ``max_hits`` get past this line.
        admission.counted = True
        if not self.limit.take(admission.subject):
            admission.refusal = Refusal.RATE_LIMITED  # a refused hit stays counted
            return admission
        if self.honeypot and request.POST.get(self.honeypot):
            admission.refusal = Refusal.BOT  # counted against the address, and said nothing
            return admission
        if self.one_time_token:
            if admission.token is None:
                self.release(admission)  # a person who left the page open: not their fault
                admission.refusal = Refusal.EXPIRED
                return admission
            if admission.token.age() < self.fill_seconds():
                admission.refusal = Refusal.BOT
        return admission

    def claim(self, admission: Admission) -> Duplicate | None:
        """Take the form token for its one use: None when this request won it, else the
        ``Duplicate`` to answer with at once (the hit is given back: nothing new happened)."""
        if not admission.admitted:
            raise ValueError("only an admitted submission can claim its form")
        if not self.one_time_token:
            return None
        nonce = admission.token.nonce
        if security_state.claim_token(
            scope=self.name, nonce=nonce, max_age_seconds=self.token_max_age
        ):
            admission.claimed = True
            return None
        self.release(admission)
        # Read after the failed insert: the winner's row exists (or was just released, then
        # the person may simply send the form again).
        return self.lookup(nonce) or Duplicate(nonce=nonce, object_id=None)

    def release(self, admission: Admission) -> None:
        """Give back what this request took: its hit and its claim. Safe to call twice."""
        if admission.claimed:
            security_state.release_token(scope=self.name, nonce=admission.token.nonce)
            admission.claimed = False
        if admission.counted:
            self.limit.give_back(admission.subject)
            admission.counted = False

    def complete(self, admission: Admission, object_id: int) -> None:
        """The submission created ``object_id``: a replay of this form is answered with it."""
        if admission.claimed:
            security_state.release_token(
                scope=self.name, nonce=admission.token.nonce, object_id=object_id
            )

    def lookup(self, nonce: str) -> Duplicate | None:
        """The state of a form by its nonce: None while it is unused (or its use failed)."""
        used, object_id = security_state.token_state(scope=self.name, nonce=nonce)
        return Duplicate(nonce=nonce, object_id=object_id) if used else None


class FormPage(Protocol):
    """How one public form's view answers each outcome of ``submit``."""

    def form(self, form) -> HttpResponse:
        """The form again, with its errors and what was typed."""

    def done(self, created) -> HttpResponse:
        """After the submission created ``created`` (usually a redirect to the receipt)."""

    def duplicate(self, duplicate: Duplicate) -> HttpResponse:
        """The same form again: the first submission's receipt, or a page that waits for it."""

    def rate_limited(self, admission: Admission) -> HttpResponse:
        """Too many submissions from this address (429 with Retry-After)."""


def submit(
    gate: Gate,
    request: HttpRequest,
    form,
    *,
    save: Callable[[], Any],
    page: FormPage,
    refused: tuple[type[BaseException], ...] = (ValidationError,),
) -> HttpResponse:
    """The four steps of the module docstring, in order, for one POST of a public form.

    ``form`` is an unbound-checked Django form with ``reject(message)`` (a refusal outside the
    fields, keeping what was typed) and ``add_service_errors(exc)``; ``save`` calls the service
    with the form's cleaned data and returns what it created (anything with ``pk``). A service
    refusal of a ``refused`` type gives the claim back and shows the form again with the
    service's message; any other error gives it back if the database still answers and is
    raised for the caller's outage handling.
    """
    admission = gate.admit(request)
    if admission.refusal is Refusal.DUPLICATE:
        return page.duplicate(admission.duplicate)
    if admission.refusal is Refusal.RATE_LIMITED:
        return page.rate_limited(admission)
    if not admission.admitted:  # honeypot, too fast, no valid form token: keep what was typed
        form.reject(admission.message)
        return page.form(form)
    if not form.is_valid():
        gate.release(admission)
        return page.form(form)
    # Of two identical POSTs arriving together only the first one creates anything; the other
    # is answered at once.
    if duplicate := gate.claim(admission):
        return page.duplicate(duplicate)
    try:
        created = save()
    except refused as exc:
        gate.release(admission)
        form.add_service_errors(exc)
        return page.form(form)
    except BaseException:
        release_after_error(gate, admission)
        raise
    gate.complete(admission, created.pk)
    return page.done(created)


def release_after_error(gate: Gate, admission: Admission) -> None:
    """Give the claim back after an unexpected error if the database still answers; if it does
    not, the claim is left to expire and the view keeps the typed page (catalog.outage)."""
    try:
        gate.release(admission)
    except (OperationalError, InterfaceError):
        logger.error("form claim of %s not released: the database does not answer", gate.name)
