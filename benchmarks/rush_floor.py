"""The floor of the deadline rush: the least any web app can do for a proposal.

A bare Starlette endpoint on the same path as Plenary's, parsing the same JSON body and
inserting one row with SQLAlchemy Core into SQLite (WAL, synchronous=NORMAL, as Plenary
runs it), in the thread pool as Plenary's handlers do. No authentication, no rules, no
audit trail: whatever Plenary adds costs time against this, in the same run.

Served by benchmarks/bench_rush.py: uvicorn benchmarks.rush_floor:app
(FLOOR_DATABASE_URL names the SQLite file).
"""

from __future__ import annotations

import os

from sqlalchemy import Column, Integer, MetaData, String, Table, Text, create_engine, event
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

metadata = MetaData()
proposals = Table(
    "proposals", metadata,
    Column("id", Integer, primary_key=True),
    Column("draft_id", Integer, nullable=False),
    Column("paragraph", String(40), nullable=False),
    Column("text", Text),
)
engine = create_engine(os.environ.get("FLOOR_DATABASE_URL", "sqlite:///floor.db"),
                       connect_args={"check_same_thread": False})


@event.listens_for(engine, "connect")
def _pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


metadata.create_all(engine)


def insert(draft_id: int, data: dict) -> int:
    with engine.begin() as conn:
        result = conn.execute(proposals.insert().values(
            draft_id=draft_id, paragraph=data["paragraph"], text=data.get("text")))
        return result.inserted_primary_key[0]


async def propose(request: Request) -> JSONResponse:
    data = await request.json()
    new_id = await run_in_threadpool(insert, request.path_params["id"], data)
    return JSONResponse({"id": new_id, "status": "submitted"}, status_code=201)


def count() -> int:
    with engine.connect() as conn:
        return conn.exec_driver_sql("SELECT count(*) FROM proposals").scalar_one()


app = Starlette(routes=[Route("/api/v1/drafts/{id:int}/amendments", propose, methods=["POST"])])
