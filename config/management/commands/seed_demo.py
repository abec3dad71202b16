"""Loads the demo content of every app; idempotent (a second run changes nothing)."""

from django.core.management.base import BaseCommand
from django.db import transaction

import links.demo
import longkhanh.demo
import news.demo
import polls.demo


class Command(BaseCommand):
    help = "Tạo nội dung mẫu: cài đặt trang, chuyên mục, bài viết gốc của trang cũ và bài minh họa."

    def add_arguments(self, parser):
        parser.add_argument(
            "--articles",
            type=int,
            default=0,
            help="thêm N bài viết tổng hợp có ảnh (để đo hiệu năng), sau nội dung mẫu",
        )

    def handle(self, *args, articles, **options):
        with transaction.atomic():
            loaders = [longkhanh.demo.load, news.demo.load, polls.demo.load, links.demo.load]
            created = sum(load() for load in loaders)
        self.stdout.write(f"seed_demo: {created} mục mới." if created else "seed_demo: đã có đủ.")
        if articles > 0:
            news.demo.load_synthetic(articles, stdout=self.stdout)
