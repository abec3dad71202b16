"""The poll part of the demo content: the old site's poll, open, with its four choices."""

from polls.models import Poll

QUESTION = (
    "Đánh giá Giao diện - Thông tin cập nhật trên Trang thông tin điện tử Thành phố Long Khánh"
)
CHOICES = ["Rất tốt", "Tốt", "Bình thường", "Chưa tốt"]


def load():
    """Creates the poll unless one with its question exists; returns how many rows it made."""
    if Poll.objects.filter(question=QUESTION).exists():
        return 0
    poll = Poll.objects.create(question=QUESTION)
    for position, text in enumerate(CHOICES):
        poll.choices.create(text=text, position=position)
    return 1 + len(CHOICES)
