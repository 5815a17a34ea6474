"""Staff-side security wiring: the admin site, the second factor, idle sessions, lockout page.

Login throttling itself is django-axes (database handler); see docs/adr/0008.
"""
