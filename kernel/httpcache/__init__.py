"""The HTTP cache in front of the portal (Varnish): purge lists sent after commit (ADR 0022)."""
