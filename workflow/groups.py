"""Groups that speak through a participating State, and who holds their presidency.

A statement of the European Union is delivered through the delegation holding the EU
Presidency on the day the decision is adopted (PC.DEC/1400, Attachment 1). The
secretariat records who holds it, and when; a statement for the group from any other
delegation is refused, whoever registers it.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from drafting import audit
from drafting.actors import Actor
from drafting.errors import Conflict, Forbidden, Invalid
from drafting.models import Delegation
from workflow.dating import spoken
from workflow.models import GroupPresidency


class Group(NamedTuple):
    in_text: str  # as a sentence names it: "the European Union"
    role: str  # the capacity of the delegation that delivers its statements
    short: str  # "the Union's statements"


GROUPS = {  # a group that is not a participating State
    "European Union": Group("the European Union", "EU Presidency", "the Union"),
}


def group_of(group: str | None, also_on_behalf_of) -> tuple[str | None, str | None]:
    """(the group as a sentence names it, the role of who delivers for it), or Nones."""
    if group is None:
        return None, None
    _known(group)
    if also_on_behalf_of:
        raise Invalid("a statement delivered for a group is not also made on behalf of States")
    return GROUPS[group].in_text, GROUPS[group].role


def _known(group: str) -> Group:
    if group not in GROUPS:
        raise Invalid(f"unknown group {group!r}; Plenary knows {', '.join(GROUPS)}")
    return GROUPS[group]


def set_presidency(session: Session, actor: Actor, *, group: str, delegation: Delegation,
                   starts_on: date, ends_on: date) -> GroupPresidency:
    """The secretariat records that `delegation` holds the group's presidency from
    `starts_on` to `ends_on`, both included; periods of one group never overlap."""
    actor.require("secretariat", action="record a group's presidency")
    _known(group)
    if ends_on < starts_on:
        raise Invalid(f"a presidency cannot end ({ends_on}) before it starts ({starts_on})")
    overlapping = session.scalar(select(GroupPresidency).where(
        GroupPresidency.group == group, GroupPresidency.starts_on <= ends_on,
        GroupPresidency.ends_on >= starts_on).order_by(GroupPresidency.starts_on))
    if overlapping is not None:
        raise Conflict(f"the presidency of the {group} is recorded already as held by "
                       f"{overlapping.delegation.name} from {overlapping.starts_on} to "
                       f"{overlapping.ends_on}, which overlaps {starts_on} to {ends_on}")
    presidency = GroupPresidency(group=group, delegation=delegation, starts_on=starts_on,
                                 ends_on=ends_on)
    session.add(presidency)
    session.flush()
    audit.record(session, actor, "group:presidency", presidency.id, group=group,
                 presidency=delegation.name, starts_on=starts_on.isoformat(),
                 ends_on=ends_on.isoformat())
    return presidency


def presidency_on(session: Session, group: str, day: date) -> Delegation | None:
    """The delegation holding the group's presidency on `day`, if one is recorded."""
    presidency = session.scalar(select(GroupPresidency).where(
        GroupPresidency.group == group, GroupPresidency.starts_on <= day,
        GroupPresidency.ends_on >= day))
    return presidency.delegation if presidency is not None else None


def list_presidencies(session: Session, group: str | None = None) -> list[GroupPresidency]:
    query = select(GroupPresidency).order_by(GroupPresidency.group, GroupPresidency.starts_on)
    if group is not None:
        query = query.where(GroupPresidency.group == group)
    return list(session.scalars(query))


def check_presidency(session: Session, group: str | None, delegation: Delegation,
                     day: date) -> None:
    """Refuse (403) a group's statement delivered by anyone but its presidency on `day`."""
    if group is None:
        return
    holder = presidency_on(session, group, day)
    on_day = spoken(day)
    if holder is None:
        raise Forbidden(f"no presidency of the {group} is recorded for {on_day}: the "
                        "secretariat records who holds it before the group's statement is "
                        "registered")
    if holder.id != delegation.id:
        raise Forbidden(f"the presidency of the {group} on {on_day} is held by {holder.name}: "
                        f"{GROUPS[group].short}'s statements are delivered through its delegation")
