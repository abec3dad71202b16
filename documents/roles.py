"""The editorial roles' permissions on documents: writers ("Phóng viên") add and change them and
submit them for review, approvers ("Ban biên tập") also publish, delete and keep the lists. Given
to the groups once, when this app's permissions first appear; after that the administrator
decides: documents/migrations/0002_editorial_roles.py gives them."""

LISTS = ["documenttype", "issuingbody", "field"]
WRITER_PERMISSIONS = [
    "add_document",
    "change_document",
    "view_document",
    "view_historicaldocument",
    "add_documentfile",
    "change_documentfile",
    "delete_documentfile",
    "view_documentfile",
    "add_relation",
    "change_relation",
    "delete_relation",
    "view_relation",
    *(f"view_{model}" for model in LISTS),
]
APPROVER_PERMISSIONS = WRITER_PERMISSIONS + [
    "delete_document",
    "publish_document",
    *(f"{action}_{model}" for model in LISTS for action in ("add", "change", "delete")),
]
