"""Loads the demo content of every app; idempotent (a second run changes nothing)."""

from django.core.management.base import BaseCommand
from django.db import transaction

import documents.demo
import links.demo
import longkhanh.demo
import news.demo
import organisation.demo
import polls.demo
import questions.demo


class Command(BaseCommand):
    help = "Tạo nội dung mẫu: cài đặt trang, chuyên mục, bài viết gốc của trang cũ và bài minh họa."

    def handle(self, *args, **options):
        with transaction.atomic():
            loaders = [
                longkhanh.demo.load,
                news.demo.load,
                polls.demo.load,
                links.demo.load,
                documents.demo.load,
                organisation.demo.load,
                questions.demo.load,
            ]
            created = sum(load() for load in loaders)
        self.stdout.write(f"seed_demo: {created} mục mới." if created else "seed_demo: đã có đủ.")
