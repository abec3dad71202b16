"""The editorial roles' permissions on news. The groups themselves are made by a data migration
(news/migrations/0004) and made again after any `migrate` or flush if they are missing, with
these permissions and every other app's (longkhanh.accounts.ensure_roles); a group that exists
is left as the administrator set it."""

WRITER_PERMISSIONS = [
    "add_article",
    "change_article",
    "view_article",
    "view_historicalarticle",
    "add_photo",
    "change_photo",
    "delete_photo",
    "view_photo",
    "view_category",
]
EDITOR_PERMISSIONS = WRITER_PERMISSIONS + [
    "delete_article",
    "publish_article",
    "add_category",
    "change_category",
    "delete_category",
]
