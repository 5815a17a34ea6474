"""Staff sessions end after a period of inactivity (等保 2.0: 登录连接超时自动退出)."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode

LAST_SEEN_KEY = "_staff_last_seen"
# Refresh the stored time at most this often, so an active session is written about once a
# minute rather than on every request.
REFRESH_SECONDS = 60


class StaffIdleTimeoutMiddleware:
    """Log a staff member out after ``STAFF_SESSION_IDLE_SECONDS`` without a request.

    Only requests that carry a session cookie are looked at, so anonymous public pages never
    load a session (and stay cacheable).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            expired = self._check(request)
            if expired is not None:
                return expired
        return self.get_response(request)

    def _check(self, request: HttpRequest):
        user = request.user
        if not (user.is_authenticated and user.is_staff):
            return None
        idle = settings.STAFF_SESSION_IDLE_SECONDS
        now = time.time()
        last_seen = request.session.get(LAST_SEEN_KEY)
        if last_seen is not None and now - last_seen > idle:
            logout(request)
            minutes = max(1, idle // 60)
            messages.warning(
                request, f"您已{minutes}分钟未操作，为保护信息安全已自动退出，请重新登录。"
            )
            admin_root = reverse("admin:index")
            if request.path.startswith(admin_root):
                login = reverse("admin:login")
                return HttpResponseRedirect(
                    f"{login}?{urlencode({'next': request.get_full_path()})}"
                )
            return None
        if last_seen is None or now - last_seen > REFRESH_SECONDS:
            request.session[LAST_SEEN_KEY] = now
            request.session.set_expiry(idle)
        return None
