"""The models of the disclosures app, gathered here so that Django finds them.

Each feature keeps its models in its own package; they all keep the app label ``disclosures``,
so tables, content types and permission strings are unchanged:

- ``items``: the items themselves (主动公开), their attachments, column listing and events;
- ``disclosures.revisions.models``: pending revisions of published items;
- ``disclosures.rosters.models``: 公示名单;
- ``disclosures.service_guides.models``: 办事指南;
- ``disclosures.search.index``: the full-text search entries;
- ``disclosures.directory.models``: the 政务公开事项标准目录 rows;
- ``disclosures.imports.models``: the old site's addresses of imported items.
"""

from disclosures.directory.models import DirectoryRow
from disclosures.imports.models import LegacyAddress
from disclosures.models.items import (
    Attachment,
    AttachmentQuerySet,
    ColumnListing,
    ColumnListingQuerySet,
    Disclosure,
    DisclosureEvent,
    DisclosureQuerySet,
    Genre,
    Validity,
    attachment_path,
)
from disclosures.revisions.models import DisclosureRevision, RevisionState, RevisionUpload
from disclosures.rosters.models import Roster, RosterKind, RosterState
from disclosures.search.index import SearchEntry
from disclosures.service_guides.models import GuideMaterial, GuideStep, MaterialForm, ServiceGuide

__all__ = [
    "Attachment",
    "AttachmentQuerySet",
    "ColumnListing",
    "ColumnListingQuerySet",
    "DirectoryRow",
    "Disclosure",
    "DisclosureEvent",
    "DisclosureQuerySet",
    "DisclosureRevision",
    "Genre",
    "GuideMaterial",
    "GuideStep",
    "LegacyAddress",
    "MaterialForm",
    "RevisionState",
    "RevisionUpload",
    "Roster",
    "RosterKind",
    "RosterState",
    "SearchEntry",
    "ServiceGuide",
    "Validity",
    "attachment_path",
]
