"""Leaving with everything (#19): the full export of the portal in open formats."""
