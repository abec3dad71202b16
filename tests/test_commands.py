from django.contrib.auth.models import User
from django.core.management import call_command


def test_ensure_superuser_creates_once_and_keeps_an_existing_user(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "quantri")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "mat-khau-rat-dai-2024")
    call_command("ensure_superuser", stdout=None)
    user = User.objects.get(username="quantri")
    assert user.is_superuser and user.check_password("mat-khau-rat-dai-2024")

    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "mat-khau-khac")
    call_command("ensure_superuser", stdout=None)
    user.refresh_from_db()
    assert user.check_password("mat-khau-rat-dai-2024")
    assert User.objects.count() == 1


def test_ensure_superuser_does_nothing_without_the_variables(db, monkeypatch):
    monkeypatch.delenv("DJANGO_SUPERUSER_USERNAME", raising=False)
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD", raising=False)
    call_command("ensure_superuser", stdout=None)
    assert not User.objects.exists()
