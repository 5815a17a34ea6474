"""The portal app holds no tables; these proxies give login security records Chinese admin pages."""

from portal.security.models import LoginFailure, LoginLockout, LoginRecord  # noqa: F401
