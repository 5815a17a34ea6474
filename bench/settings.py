"""Settings of the web benchmark's server (bench/web.py): the portal's own settings, plus the
bare reference view ``/__bench__/hello`` (bench/urls.py) alongside every portal URL.

Everything else, including DEBUG, the database and the cache, comes from the environment
exactly as in production (portal/settings.py).
"""

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
