from django.apps import AppConfig


class LongKhanhConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "longkhanh"
    verbose_name = "Cài đặt trang"
