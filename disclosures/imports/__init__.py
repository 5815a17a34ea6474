"""Import of an agency's existing catalogue (主动公开目录) from its old site: issue #19.

* :mod:`.columns` — the columns of the file (docs/import-catalogue.md) and of the column map.
* :mod:`.bundle` — the attachments' ZIP, read safely (no entry outside the root, sizes capped).
* :mod:`.rules` — pure: rows, what the database already holds (as plain values) and today in,
  validated :class:`~.rules.Record` s or line-and-column errors out. No ORM, no clock.
* :mod:`.services` — :func:`~.services.import_catalogue` writes the records all or nothing:
  each item created, its attachments checked by content, and published through
  ``disclosures.services.publish_disclosure`` with its original date; items the privacy scan
  stops are kept as drafts and listed.
* :mod:`.models` — :class:`~.models.LegacyAddress`: the old site's address of each item, which
  makes a second run update instead of duplicate, and which the 404 hook (:mod:`.redirects`)
  answers with a 301 to the item.
* :mod:`.admin_views` — the two-step page for a 主管 (check, then confirm).
"""
