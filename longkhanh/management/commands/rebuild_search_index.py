"""Makes the site's search index again from every registered app's content (longkhanh/search.py).

Safe to run at any time and as often as wanted: each model's entries are replaced in one
transaction, read and written in batches; on PostgreSQL the index of the recent entries is
renewed when a new year has begun (longkhanh.search.refresh_recent_index). Needed after bulk
changes that bypass save() (imports, `QuerySet.update()`), or to drop what an app no longer
registers.
"""

from django.core.management.base import BaseCommand

from longkhanh import search


class Command(BaseCommand):
    help = "Tạo lại chỉ mục tìm kiếm từ nội dung đã đăng của mọi ứng dụng."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args, batch_size, **options):
        total = search.rebuild(batch_size=batch_size, stdout=self.stdout)
        self.stdout.write(f"rebuild_search_index: {total} mục.")
        if search.refresh_recent_index():  # PostgreSQL: from the start of last year
            self.stdout.write("rebuild_search_index: chỉ mục của các mục gần đây đã làm lại.")
