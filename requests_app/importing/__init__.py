"""Import of 依申请公开 cases from a spreadsheet (CSV or XLSX): the 台账 of earlier years.

Three stages, one module each, with the columns, the cell values and the errors they share:

* :mod:`.reading` — :func:`~.reading.read_table` reads the file into ``(line, {key: value})``
  rows. ``line`` is the row's line in the file as a person sees it in Excel (the header is
  line 1), so errors can say "第5行：…". CSV may be UTF-8 with or without BOM, or GB18030
  (Excel's default "CSV" on a Chinese Windows). The columns are in :mod:`.columns`.
* :mod:`.validation` — :func:`~.validation.parse_rows` is pure: rows, the organisations by
  name and today's date in, validated :class:`~.records.Record` s or
  :class:`~.errors.RowError` s out. No ORM, no clock. Cells become values in :mod:`.values`.
* :mod:`.writing` — :func:`~.writing.import_records` writes every record through
  :mod:`requests_app.services` (so each case has its number, clock, events and notices), all or
  nothing in one transaction. A rule a service enforces (补正 within 7 working days, extension
  not after the due date, …) becomes a row error too, and then nothing is written.

Every stage reports by raising :class:`~.errors.ImportFailed` with its row errors. The columns
are documented for users in docs/import-applications.md; ``manage.py import_applications``
runs the three stages.
"""
