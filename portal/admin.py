from portal.security import login_admin  # noqa: F401  (registers the login security pages)
