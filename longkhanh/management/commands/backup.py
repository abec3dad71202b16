from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from longkhanh.backups import backup


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và ảnh tải lên vào một thư mục mới (var/backups/<thời gian>)."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="thư mục sẽ tạo cho bản sao lưu")

    def handle(self, *args, output, **options):
        folder = Path(
            output
            or Path(settings.BASE_DIR)
            / "var"
            / "backups"
            / timezone.localtime().strftime("%Y%m%d-%H%M%S")
        )
        manifest = backup(folder)
        total = sum(manifest["rows"].values())
        self.stdout.write(f"Đã sao lưu {total} dòng ({manifest['database']}) và ảnh vào {folder}")
