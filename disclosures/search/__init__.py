"""Full-text search of the catalogue (全文检索).

- ``text``: the pure part (normalising, tokens, query parsing, highlighting); no database.
- ``index``: the SearchEntry table and the indexer that keeps it in step with the items.
- ``planner``: the bounded queries that answer a search.

Design, measurements and limits: docs/search.md.
"""
