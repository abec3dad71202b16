"""The editorial roles' permissions on the organisation's content: writers ("Phóng viên") write
pages and weekly schedules and send them for review; approvers ("Ban biên tập") also publish
them, and keep the units and the people (who leads, who answers the phone): given to the groups
once, by organisation/migrations/0002_editorial_roles.py; after that the administrator decides."""

WORKFLOW = ["page", "week"]
WRITER_PERMISSIONS = [
    *(f"{action}_{model}" for model in WORKFLOW for action in ("add", "change", "view")),
    "view_historicalpage",
    "view_historicalweek",
    *(f"{action}_entry" for action in ("add", "change", "delete", "view")),
    "view_unit",
    "view_person",
]
APPROVER_PERMISSIONS = WRITER_PERMISSIONS + [
    "delete_page",
    "delete_week",
    "publish_page",
    "publish_week",
    *(
        f"{action}_{model}"
        for model in ("unit", "person")
        for action in ("add", "change", "delete")
    ),
]
