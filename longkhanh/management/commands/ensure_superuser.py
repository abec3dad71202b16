import os

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import (
    password_validators_help_texts,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Creates a superuser from DJANGO_SUPERUSER_USERNAME and DJANGO_SUPERUSER_PASSWORD "
        "when both are set and no user has that name; an existing user is left as it is. "
        'DJANGO_SUPERUSER_NAME, the person\'s full name family name first ("Nguyễn Văn An"), '
        "is the byline of the articles they write. "
        "A password that fails the password validators is refused (exit status 1)."
    )

    def handle(self, *args, **options):
        username = os.environ.get("DJANGO_SUPERUSER_USERNAME", "").strip()
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD", "")
        if not username or not password:
            self.stdout.write(
                "ensure_superuser: DJANGO_SUPERUSER_USERNAME/PASSWORD not set, skipped."
            )
            return
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(f"ensure_superuser: {username} exists, left unchanged.")
            return
        email = os.environ.get("DJANGO_SUPERUSER_EMAIL", "")
        try:
            # The same validators as the admin's password forms (AUTH_PASSWORD_VALIDATORS),
            # with the user's name and email for the similarity check.
            validate_password(password, user=User(username=username, email=email))
        except ValidationError as error:
            rules = " ".join(password_validators_help_texts())
            raise CommandError(
                f"DJANGO_SUPERUSER_PASSWORD quá yếu, chưa tạo tài khoản {username}: "
                f"{' '.join(error.messages)} Hãy đặt mật khẩu khác. {rules}"
            ) from None
        # "Nguyễn Văn An": the given name last ("tên", first_name), the rest the family and
        # middle names ("họ", last_name), as longkhanh.accounts.full_name puts them back.
        *family, given = os.environ.get("DJANGO_SUPERUSER_NAME", "").split() or [""]
        User.objects.create_superuser(
            username=username,
            email=email,
            password=password,
            first_name=given,
            last_name=" ".join(family),
        )
        self.stdout.write(f"ensure_superuser: created {username}.")
