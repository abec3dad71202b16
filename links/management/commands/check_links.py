from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from links.checker import check_all
from links.models import Link


class Command(BaseCommand):
    help = (
        "Kiểm tra mọi liên kết đang dùng (đồng thời, mỗi liên kết tối đa --timeout giây), "
        "lưu kết quả, in các liên kết hỏng; thoát với mã 1 nếu có liên kết hỏng."
    )

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=10.0, help="giây cho mỗi liên kết")
        parser.add_argument("--concurrency", type=int, default=16)

    def handle(self, *args, timeout, concurrency, **options):
        if not 0 < timeout <= 10:
            raise CommandError("--timeout phải lớn hơn 0 và không quá 10 giây.")
        links = list(Link.objects.filter(active=True).select_related("group"))
        results = check_all([link.url for link in links], timeout, max(1, concurrency))
        now = timezone.now()
        broken = []
        for link in links:
            result = results[link.url]
            link.checked_at, link.check_ok, link.check_result = now, result.ok, result.detail
            if not result.ok:
                broken.append(link)
        Link.objects.bulk_update(links, ["checked_at", "check_ok", "check_result"])

        for link in broken:
            self.stdout.write(f"HỎNG {link.url} — {link.check_result} ({link.group}: {link.name})")
        self.stdout.write(f"Đã kiểm tra {len(links)} liên kết: {len(broken)} hỏng.")
        if broken:
            raise CommandError(f"{len(broken)} liên kết hỏng.", returncode=1)
