"""点题公开 (issue #17): citizens suggest what an organisation should publish proactively
(《中华人民共和国政府信息公开条例》第四十四条), staff answer each suggestion, the answers go online.

Design, in short:

* The standing call is a small model, ``TopicCall`` (one row per organisation: open or not,
  introduction, answer limit in working days, default 15), not fields on ``catalog.
  Organisation``: catalog imports no other app and the call belongs to 互动交流.
* ``Suggestion`` keeps the suggester's name and contact (handling page only, each opening
  logged as ``RecordKind.SUGGESTION``), the consent to publish, the answer limit taken at
  receipt and the due date (``rules.answer_due`` on the portal's calendar; provisional when it
  crosses a year without a holiday notice, recomputed by ``recalculation`` from
  portal.calendar_admin).
* Workflow (``workflow``): 待答复 → 答复待审核 → 已答复 (or 作无效处理), side actions for
  publishing, unpublishing, linking a promised item and recomputing. Every step is a service
  (``services``, ``intake``) writing a ``SuggestionEvent``.
* The answer is a closed list (将予公开 with a planned date, 已经公开 with a linked published
  item, 不予公开 with a reason and its article, 依申请 guidance), drafted by a handler and
  approved by a second person holding ``publish_suggestion``. A promise whose date passes
  without a linked item shows in the staff queue 承诺公开已逾期; linking it later (also
  ``publish_suggestion``) shows the link on the public entry at once.
* Public: the calls (/hdjl/dtgk/), the form with its gate (``gates``), the receipt, the answered
  list with counts per organisation, each entry, an Atom feed, the sitemap section ``topics``
  and the 互动交流 block of the site search; all from ``Suggestion.objects.published()``
  (answered, consented, moderated, privacy-scanned). The suggester gets a mail with the number
  and where to read the answer: the public entry, or a signed link when it is not public.
* ``figures.year_figures``: suggestions_received, suggestions_answered, suggestions_published.
"""
