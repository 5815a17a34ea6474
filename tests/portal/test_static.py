import pytest
from django.core.management import call_command
from django.test import override_settings


@pytest.mark.django_db
def test_collectstatic_builds_hashed_compressed_files_and_pages_use_them(client, tmp_path):
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", "--noinput", verbosity=0)
        assert (tmp_path / "staticfiles.json").exists()
        assert list(tmp_path.glob("css/portal.*.css.gz"))
        html = client.get("/").content.decode()
    assert "/static/css/portal." in html
    assert "/static/css/portal.css" not in html
