"""Each worker's fan-out of the change feed (plenary.feed) to its live pages.

One Broker per application, started in its lifespan. It hears committed topics from
this process's sessions (SQLite) or from one LISTEN connection to PostgreSQL (a thread of
its own, reconnecting after the database restarts), and hands them to its subscriptions:
one per open event stream (plenary/pages/live.py).

A subscription holds no queue: the topics it is waiting to send are a set of its own
topics (coalesced), so a slow client costs at most that much memory, whatever happens
meanwhile. At most MAX_STREAMS subscriptions per worker; one more is refused.
"""

from __future__ import annotations

import asyncio
import logging
import threading

from sqlalchemy.engine import make_url

from plenary import faults, feed

log = logging.getLogger("plenary.live")

MAX_STREAMS = 500  # open event streams per worker process (PLENARY_LIVE_STREAMS)
LISTEN_RETRY_SECONDS = 2  # after the LISTEN connection fails, before connecting again
LISTEN_POLL_SECONDS = 1.0  # how often the listener looks whether it should stop
LISTEN_WAIT_SECONDS = 5  # the first stream waits this long at most for LISTEN to begin


class Subscription:
    """What one event stream waits for: its topics, and those that changed meanwhile."""

    def __init__(self, topics: frozenset[str]):
        self.topics = topics
        self.pending: set[str] = set()
        self.ready = asyncio.Event()
        self.closed = False

    def offer(self, topics: frozenset[str]) -> None:
        hit = self.topics if feed.EVERYTHING in topics else topics & self.topics
        if hit:
            self.pending |= hit
            self.ready.set()

    def close(self) -> None:
        self.closed = True
        self.ready.set()

    async def next(self, timeout: float) -> set[str] | None:
        """The topics changed since the last call (empty after `timeout` seconds without
        any: time for a heartbeat), or None once the broker closed the subscription."""
        try:
            await asyncio.wait_for(self.ready.wait(), timeout)
        except TimeoutError:
            return set()
        self.ready.clear()
        if self.closed:
            return None
        taken, self.pending = self.pending, set()
        return taken


class Broker:
    def __init__(self, database_url: str, max_streams: int = MAX_STREAMS):
        self.database_url = database_url
        self.max_streams = max_streams
        self.subscriptions: set[Subscription] = set()
        self.loop: asyncio.AbstractEventLoop | None = None
        self.listening = threading.Event()  # the LISTEN connection is up (PostgreSQL)
        self._stopping = threading.Event()  # no new stream: the server is stopping
        self._listener_stop = threading.Event()  # the LISTEN thread's own
        self._thread: threading.Thread | None = None

    @property
    def on_postgresql(self) -> bool:
        return make_url(self.database_url).get_backend_name() == "postgresql"

    def start(self) -> None:
        """In the event loop: hear the feed from now on (on PostgreSQL, from the first
        stream on: a worker that serves no live page holds no LISTEN connection)."""
        self.loop = asyncio.get_running_loop()
        self._stopping.clear()
        if not self.on_postgresql:
            feed.local_sinks.add(self.publish)

    def stop(self) -> None:
        """End every stream and stop hearing the feed; the LISTEN thread ends within
        LISTEN_POLL_SECONDS by itself (it is a daemon: nothing waits for it)."""
        feed.local_sinks.discard(self.publish)
        self._stopping.set()
        self._listener_stop.set()
        self.close_streams()
        self._thread = None

    def _start_listening(self) -> None:
        if self._thread is None and self.on_postgresql:
            self._listener_stop = stop = threading.Event()
            self._thread = threading.Thread(target=self._listen, args=(stop,),
                                            name="plenary-listen", daemon=True)
            self._thread.start()

    def close_streams(self) -> None:
        for subscription in list(self.subscriptions):
            subscription.close()

    def end_streams(self) -> None:
        """The server is told to stop: end every stream and open no new one (a page's
        EventSource reconnects at once, and would hold the stopping server again)."""
        self._stopping.set()
        self.close_streams()

    def subscribe(self, topics: frozenset[str]) -> Subscription | None:
        """A new subscription, or None when this worker serves MAX_STREAMS already."""
        if len(self.subscriptions) >= self.max_streams or self._stopping.is_set():
            return None
        self._start_listening()
        subscription = Subscription(topics)
        self.subscriptions.add(subscription)
        return subscription

    async def heard_from_the_start(self, timeout: float = LISTEN_WAIT_SECONDS) -> None:
        """Wait (a moment, on PostgreSQL, for the first stream) until the LISTEN
        connection is up, so that a stream hears every commit after it opened. A database
        that does not answer is not waited for: the reconnection refreshes every page."""
        waited = 0.0
        while self.on_postgresql and not self.listening.is_set() and waited < timeout:
            await asyncio.sleep(0.02)
            waited += 0.02

    def unsubscribe(self, subscription: Subscription) -> None:
        self.subscriptions.discard(subscription)

    def publish(self, topics: frozenset[str]) -> None:
        """From any thread: hand the topics to the subscriptions, in the event loop."""
        loop = self.loop
        if loop is None or loop.is_closed():
            return
        try:
            loop.call_soon_threadsafe(self._deliver, topics)
        except RuntimeError:  # the loop closed meanwhile: nobody is listening any more
            pass

    def _deliver(self, topics: frozenset[str]) -> None:
        for subscription in list(self.subscriptions):
            subscription.offer(topics)

    # --- PostgreSQL: one LISTEN connection per worker ----------------------------------

    def _listen(self, stop: threading.Event) -> None:
        import psycopg

        conninfo = make_url(self.database_url).set(drivername="postgresql")
        conninfo = conninfo.render_as_string(hide_password=False)
        waiting = False
        while not stop.is_set():
            try:
                with psycopg.connect(conninfo, autocommit=True, connect_timeout=5) as conn:
                    conn.execute(f"LISTEN {feed.CHANNEL}")
                    self.listening.set()
                    if waiting:  # what was committed meanwhile went unheard: refresh all
                        log.warning("live pages: the database answers again")
                        self.publish(frozenset({feed.EVERYTHING}))
                    waiting = False
                    self._hear(conn, stop)
            except psycopg.Error as exc:
                self.listening.clear()
                if not waiting:
                    log.warning("live pages: the LISTEN connection failed (%s); retrying "
                                "every %ss", faults.first_line(exc), LISTEN_RETRY_SECONDS)
                waiting = True
                stop.wait(LISTEN_RETRY_SECONDS)
        self.listening.clear()

    def _hear(self, conn, stop: threading.Event) -> None:
        while not stop.is_set():
            for notice in conn.notifies(timeout=LISTEN_POLL_SECONDS):
                self.publish(feed.topics_of_payload(notice.payload))
