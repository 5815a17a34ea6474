"""Use cases that write letters; every write goes through one of these modules.

``common`` holds the clock, locking, transitions and the event log shared by ``intake`` (what the
writer does: write, rate, follow up) and ``handling`` (what staff do).
"""
