"""What other apps open for residents' comments, and the units that handle them, without the
apps knowing each other (apps never import each other: docs/ARCHITECTURE.md).

- A **comment target** is something residents may comment on through the questions app's form,
  such as a draft document until its deadline. An app registers a lookup for its prefix in its
  AppConfig.ready() (`register_target("van-ban", lookup)`); the form names a target as
  "van-ban:<slug>".
- **Units** that answer questions: the organisation app registers a function listing their names,
  so the admin offers them; without it the admin takes a unit's name as free text.
"""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Target:
    key: str  # "van-ban:<slug>"
    title: str
    url: str
    open: bool  # comments accepted now
    deadline: datetime | None = None


_targets = {}
_unit_sources = []


def register_target(prefix, lookup):
    """`lookup(identifier)` returns a Target, or None when there is nothing of that name."""
    _targets[prefix] = lookup


def find_target(key):
    prefix, _, identifier = (key or "").partition(":")
    lookup = _targets.get(prefix)
    return lookup(identifier) if lookup and identifier else None


def register_units(source):
    if source not in _unit_sources:
        _unit_sources.append(source)


def unit_names():
    return [name for source in _unit_sources for name in source()]
