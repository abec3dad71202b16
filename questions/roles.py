"""The editorial roles' permissions on questions: writers ("Phóng viên") read the queue, assign
and answer; approvers ("Ban biên tập") also publish the answers, reject, and keep the topics.
Given once by questions/migrations/0002_editorial_roles.py; after that the administrator
decides. The settings (limits, retention) and the export of an asker's data are the
administrator's."""

WRITER_PERMISSIONS = ["view_question", "change_question", "view_topic", "view_mail"]
APPROVER_PERMISSIONS = WRITER_PERMISSIONS + [
    "publish_question",
    "delete_question",
    *(f"{action}_topic" for action in ("add", "change", "delete")),
]
