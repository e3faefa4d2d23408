"""Who is acting: the role and delegation a use case checks its permissions against.

The shell turns a signed-in user or an API token into an Actor; the domain never sees
sessions or HTTP. A drafter is bound to exactly one delegation.
"""

from __future__ import annotations

from dataclasses import dataclass

from drafting.errors import Forbidden

ROLES = ("chair", "secretariat", "drafter", "observer")


@dataclass(frozen=True)
class Actor:
    user_id: int | None  # None for the system itself (the CLI's demo loader, the silence clock)
    role: str
    delegation_id: int | None = None
    name: str = ""

    @property
    def is_system(self) -> bool:
        return self.role == "system"

    def require(self, *roles: str, action: str) -> None:
        """Refuse unless the actor holds one of `roles` (the system may do anything)."""
        if self.is_system or self.role in roles:
            return
        allowed = " or ".join(roles)
        raise Forbidden(f"only the {allowed} may {action}; you are signed in as {self.role}")


SYSTEM = Actor(user_id=None, role="system", name="Plenary")
