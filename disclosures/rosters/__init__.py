"""公示名单 (rosters): the de-identified table attached to a 公示 item.

- ``reading``: reading an uploaded CSV/XLSX and de-identifying it (pure, no Django);
- ``models``: the stored, de-identified roster; ``services``: importing it onto an item;
- ``admin``: the staff upload and preview; ``views`` and ``urls``: the public page and CSV.
"""
