from django.core.management.base import BaseCommand, CommandError

from longkhanh.backups import restore


class Command(BaseCommand):
    help = (
        "Khôi phục cơ sở dữ liệu và ảnh tải lên từ một bản sao lưu (thay toàn bộ dữ liệu hiện có)."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="thư mục của bản sao lưu")
        parser.add_argument("--yes", action="store_true", help="không hỏi lại")

    def handle(self, *args, folder, yes, **options):
        if not yes:
            answer = input(f"Thay toàn bộ dữ liệu và ảnh bằng bản sao lưu {folder}? Gõ 'co': ")
            if answer.strip().lower() not in {"co", "có"}:
                raise CommandError("Đã hủy; không có gì thay đổi.")
        try:
            manifest = restore(folder)
        except (FileNotFoundError, ValueError) as exc:
            raise CommandError(f"Không khôi phục được: {exc}") from exc
        self.stdout.write(f"Đã khôi phục bản sao lưu lúc {manifest['created']} từ {folder}")
