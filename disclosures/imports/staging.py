"""The files a 主管 uploaded for a catalogue import, kept server-side between the check and
the confirmation: in a private directory (not under MEDIA_ROOT, never served), one per upload,
named by a random token that only the uploader's session holds."""

from __future__ import annotations

import secrets
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

SESSION_KEY = "catalogue_import"
NAMES = {"file": "catalogue", "attachments": "attachments.zip", "column_map": "column-map"}


def root() -> Path:
    configured = getattr(settings, "IMPORT_STAGING_DIR", None)
    return Path(configured) if configured else Path(tempfile.gettempdir()) / "sunshine-imports"


@dataclass(frozen=True)
class Staged:
    user_id: int
    token: str

    @property
    def directory(self) -> Path:
        return root() / str(self.user_id) / self.token

    def path(self, key: str) -> Path | None:
        matches = sorted(self.directory.glob(NAMES[key] + "*"))
        return matches[0] if matches else None

    def discard(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)


def stage(user_id: int, uploads: dict) -> Staged:
    """Store the uploaded files (``{"file": UploadedFile, …}``) under a new token."""
    staged = Staged(user_id, secrets.token_urlsafe(16))
    staged.directory.mkdir(parents=True, mode=0o700)
    for key, upload in uploads.items():
        if upload is None:
            continue
        suffix = Path(upload.name or "").suffix.lower() if key != "attachments" else ""
        if key == "column_map" and suffix not in {".csv", ".xlsx"}:
            suffix = ".csv"
        with (staged.directory / (NAMES[key] + suffix)).open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
    return staged


def from_session(session, user_id: int) -> Staged | None:
    """The staged upload of this session, if it is this user's and still on disk."""
    data = session.get(SESSION_KEY)
    if not data or data.get("user") != user_id:
        return None
    staged = Staged(user_id, str(data.get("token", "")))
    if not staged.token.replace("-", "").replace("_", "").isalnum():
        return None
    return staged if staged.directory.is_dir() else None
