"""Live pages: `GET /live?topics=draft:12,notices`, a stream of Server-Sent Events that
tells a signed-in page what changed (plenary.feed, plenary.broker); live.js then reads the
page again and replaces what changed. Without JavaScript nobody asks, and pages are read
as always.

An event names topics only, never what changed: the page is read again, with the
reader's own rights. Any signed-in user may follow a draft, a journal, a decision, an
amendment or the dashboard (every signed-in user may read them); "notices" follows the
reader's own notifications, and nobody else's.
"""

from __future__ import annotations

import asyncio
import re

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from drafting.db import MAX_ID
from drafting.errors import DomainError, Invalid
from plenary.broker import Subscription
from plenary.http import Unauthorized, page_user, run
from plenary.routing import Route

MAX_TOPICS = 50  # topics of one stream: a journal follows its decisions too
HEARTBEAT_SECONDS = 15  # a comment line, so that proxies keep the connection open
RETRY_MILLISECONDS = 2000  # how soon the browser reconnects after the stream ends
STREAM_SECONDS = 600  # a stream ends after this; the browser reconnects, signed in again
BUSY_RETRY_SECONDS = 30
# X-Accel-Buffering: nginx passes the stream on as it comes, whatever its configuration.
STREAM_HEADERS = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
TOPIC = re.compile(r"(draft|journal|decision|amendment):([0-9]{1,10})|dashboard|notices")


class TooManyStreams(DomainError):
    code = "too_many_streams"
    status = 503

    def __init__(self, limit: int):
        super().__init__(f"this server follows {limit:,} live pages already, the most it "
                         "may; the page still works: reload it to see what changed")
        self.headers = {"Retry-After": str(BUSY_RETRY_SECONDS)}


def asked_topics(request: Request) -> list[str]:
    """The topics of ?topics=, checked (422 naming what to send otherwise)."""
    words = [w for w in request.query_params.get("topics", "").split(",") if w.strip()]
    if not words:
        raise Invalid("name what to follow: ?topics=draft:ID,journal:ID,decision:ID,"
                      "amendment:ID,dashboard or notices")
    if len(words) > MAX_TOPICS:
        raise Invalid(f"a live page follows at most {MAX_TOPICS} topics; {len(words)} "
                      "were asked")
    for word in words:
        match = TOPIC.fullmatch(word.strip())
        if match is None or (match.group(2) and int(match.group(2)) > MAX_ID):
            shown = word.strip()[:40]
            raise Invalid(f"{shown!r} is not a topic: send draft:ID, journal:ID, "
                          "decision:ID, amendment:ID, dashboard or notices")
    return [w.strip() for w in words]


def feed_topics(asked: list[str], user_id: int, role: str,
                delegation_id: int | None) -> dict[str, str]:
    """The feed's topics for the asked ones, each mapped to the name the page asked:
    "notices" becomes the reader's own addresses."""
    found = {}
    for topic in asked:
        if topic != "notices":
            found[topic] = topic
            continue
        own = [f"notices:user:{user_id}", f"notices:role:{role}", "notices:all"]
        if delegation_id is not None:
            own.append(f"notices:delegation:{delegation_id}")
        found.update(dict.fromkeys(own, "notices"))
    return found


async def live(request: Request) -> Response:
    asked = asked_topics(request)

    def reader(session):
        user = page_user(request, session)
        return None if user is None else (user.id, user.role, user.delegation_id)

    who = await run(request, reader)
    if who is None:
        raise Unauthorized("sign in to follow what changes on this page")
    names = feed_topics(asked, *who)
    if request.method == "HEAD":  # what a GET would answer, without opening a stream
        return Response(media_type="text/event-stream", headers=STREAM_HEADERS)
    broker = request.app.state.broker
    subscription = broker.subscribe(frozenset(names))
    if subscription is None:
        raise TooManyStreams(broker.max_streams)
    try:
        await broker.heard_from_the_start()
    except BaseException:  # cancelled: the stream (and its finally) never begins
        broker.unsubscribe(subscription)
        raise
    return EventStream(broker, subscription, names)


class EventStream(StreamingResponse):
    """The stream of one subscription, which ends with it however the response ends (the
    client gone, even before the first line; the server stopping; STREAM_SECONDS)."""

    def __init__(self, broker, subscription: Subscription, names: dict[str, str]):
        super().__init__(_events(subscription, names), media_type="text/event-stream",
                         headers=STREAM_HEADERS)
        self.broker, self.subscription = broker, subscription

    async def __call__(self, scope, receive, send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            self.broker.unsubscribe(self.subscription)


async def _events(subscription: Subscription, names: dict[str, str]):
    loop = asyncio.get_running_loop()
    ends = loop.time() + STREAM_SECONDS
    yield f"retry: {RETRY_MILLISECONDS}\n: following {len(names)} topics\n\n"
    while (left := ends - loop.time()) > 0:
        topics = await subscription.next(min(HEARTBEAT_SECONDS, left))
        if topics is None:
            return  # the server is stopping
        if topics:
            told = " ".join(sorted({names[t] for t in topics}))
            yield f"event: change\ndata: {told}\n\n"
        else:
            yield ": heartbeat\n\n"


routes = [Route("/live", live, methods=["GET"], name="live")]
