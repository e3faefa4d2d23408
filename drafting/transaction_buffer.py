"""Work gathered for the transaction it belongs to, done once, just before the commit.

The writer runs a batch of requests in one transaction with a savepoint for each
(plenary/writer.py): what a request gathers is kept with its savepoint, dropped if the
savepoint is rolled back (a refused request leaves nothing behind), and handed to the
enclosing transaction when it is released. The session's outermost transaction then holds
what every surviving request gathered, for one statement at the commit instead of one per
request.

A buffer is a dict per transaction; a released savepoint's dict updates its parent's, so
a later entry under the same key wins."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

Drain = Callable[[Session, dict, bool], None]  # (session, gathered, replace what is stored)


class TransactionBuffer:
    def __init__(self, name: str, drain: Drain):
        self.key = f"plenary.buffer.{name}"  # session.info: {transaction: dict}
        self.early = f"plenary.buffer.{name}.early"  # drained inside a savepoint once
        self.drain_into = drain
        event.listen(Session, "after_rollback", self._drop)
        event.listen(Session, "after_transaction_end", self._merge)
        event.listen(Session, "before_commit", self._before_commit)

    def current(self, session: Session) -> dict:
        """The dict of the innermost open transaction (the request's savepoint)."""
        transaction = session.get_nested_transaction() or session.get_transaction()
        return session.info.setdefault(self.key, {}).setdefault(transaction, {})

    def pending(self, session: Session) -> dict:
        """What every open transaction of the session gathered, the innermost winning."""
        merged: dict = {}
        buffers = session.info.get(self.key, {})
        for transaction in _open_transactions(session):
            merged.update(buffers.get(transaction, {}))
        return merged

    def drain(self, session: Session) -> None:
        """Do the gathered work now: before the commit, or before reading what it writes.

        Inside a savepoint everything gathered is written but kept, since the savepoint
        may be rolled back and take the writing with it; the next drain then replaces
        what it wrote (`replace`), and the commit's writes it once more for good."""
        if session.in_nested_transaction():
            pending = self.pending(session)
            if pending:
                self.drain_into(session, pending, True)
                session.info[self.early] = True
            return
        transaction = session.get_transaction()
        gathered = session.info.get(self.key, {}).pop(transaction, None)
        replace = session.info.pop(self.early, False)
        if gathered:
            self.drain_into(session, gathered, replace)

    def _drop(self, session: Session) -> None:
        transaction = session.get_nested_transaction() or session.get_transaction()
        if transaction is not None:
            session.info.get(self.key, {}).pop(transaction, None)
            if not transaction.nested:
                session.info.pop(self.early, None)

    def _merge(self, session: Session, transaction: SessionTransaction) -> None:
        buffers = session.info.get(self.key)
        gathered = buffers.pop(transaction, None) if buffers else None
        if not gathered or not transaction.nested:
            return  # the outermost transaction's was drained (or dropped) already
        parent = transaction.parent
        while parent is not None and not parent.nested and parent.parent is not None:
            parent = parent.parent  # past the flushes' subtransactions
        if parent is not None:
            buffers.setdefault(parent, {}).update(gathered)

    def _before_commit(self, session: Session) -> None:
        if session.in_nested_transaction():
            return
        if session.new or session.deleted or session.dirty:
            session.flush()  # the commit would flush after this hook: gather it now
        self.drain(session)


def _open_transactions(session: Session) -> list[SessionTransaction]:
    """The session's open transactions, outermost first."""
    chain = []
    transaction = session.get_nested_transaction() or session.get_transaction()
    while transaction is not None:
        chain.append(transaction)
        transaction = transaction.parent
    return list(reversed(chain))
