from portal import calendar_admin  # noqa: F401  (registers the holiday-notice admin)
from portal.security import login_admin  # noqa: F401  (registers the login security pages)
