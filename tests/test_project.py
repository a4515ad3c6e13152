"""The project itself: migrations, settings, pinned dependencies, no outside requests."""

import re
import subprocess
import sys
import tomllib
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_no_migration_is_missing():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert out.getvalue().strip() == "No changes detected"


def test_every_dependency_is_pinned_in_the_lock():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    dev = project["optional-dependencies"]["dev"]
    lock = {
        line.split("==")[0].lower().replace("_", "-"): line.split("==")[1]
        for line in (ROOT / "requirements.lock").read_text().split()
        if "==" in line
    }
    for requirement in [*project["dependencies"], *dev]:
        name, version = requirement.split("==")
        name = re.sub(r"\[.*\]", "", name).lower()
        assert lock[name] == version, requirement


# Links a writer may follow themself, which load nothing: the help page's, for anywhere else.
LINKS_OUT = ('<a href="https://findahelpline.com/" rel="noreferrer">',)


def test_no_template_or_asset_loads_anything_from_outside():
    outside = re.compile(r"""(src|href)=["']?(https?:)?//""", re.IGNORECASE)
    files = [*ROOT.glob("templates/**/*.html"), *ROOT.glob("static/**/*.*")]
    assert files

    def text_of(path):
        text = path.read_text(errors="ignore")
        for link in LINKS_OUT:
            text = text.replace(link, "")
        return text

    offenders = [str(f) for f in files if outside.search(text_of(f))]
    assert offenders == []


def test_a_secret_key_is_made_on_first_run_readable_by_its_owner_only(tmp_path):
    key_file = tmp_path / "secret"
    script = "from django.conf import settings; print(len(settings.SECRET_KEY))"
    env = {"SECRET_KEY_FILE": str(key_file), "DJANGO_SETTINGS_MODULE": "config.settings"}
    first = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert int(first.stdout) >= 50
    assert key_file.stat().st_mode & 0o777 == 0o600
    kept = key_file.read_text()
    subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], cwd=ROOT, env=env, check=True
    )
    assert key_file.read_text() == kept


def test_a_bad_setting_gets_a_clear_error():
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        cwd=ROOT,
        env={"DEBUG": "maybe", "SECRET_KEY": "x" * 50},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "ImproperlyConfigured: DEBUG must be true or false, not 'maybe'" in result.stderr


def test_changepassword_is_refused(alice):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="recovery code"):
        call_command("changepassword", "alice")


@pytest.mark.parametrize("path", ["/password_reset/", "/accounts/password_reset/", "/reset/x/y/"])
def test_there_is_no_email_password_reset(client, db, path):
    assert client.get(path).status_code == 404
