"""The JSON API of full-text search: one query across the drafts (every revision),
amendments, decisions, statements and journals (workflow/search.py)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from drafting.search_text import text_and_ranges
from plenary.http import api_actor, run
from plenary.routing import Route
from plenary.search_requests import api_link_of, link_of, page_links, search_request
from workflow import search


def _result(hit: search.Hit) -> dict:
    return {"kind": hit.kind, "id": hit.ref_id, "label": hit.label,
            "title": text_and_ranges(hit.title), "snippet": text_and_ranges(hit.snippet),
            "body": hit.body, "state": hit.state, "year": hit.year, "draft_id": hit.draft_id,
            "decision_id": hit.decision_id, "revision": hit.revision, "link": link_of(hit),
            "api": api_link_of(hit)}


async def search_everything(request: Request) -> Response:
    """
    summary: Full-text search across drafts (every revision), amendments, decisions,
      statements and journals, the best matches first
    description: >-
      Every word of q must match (the last one also as the beginning of a longer word,
      unless q ends with a space); words are matched whole, without operators, so quotes,
      *, -, NEAR or a colon are plain characters. A statement not yet registered is found
      only by its author's delegation and the delegations it names. Each result's title
      and snippet come as plain text with the [start, end) character offsets of the
      matching words in highlights. Filters may be repeated or comma-separated; follow
      next and previous for the other pages (at most 20 pages).
    parameters:
      - {name: q, in: query, required: true, schema: {type: string, maxLength: 200},
         description: 'the words to find (at most 10)', example: trafficking}
      - {name: kind, in: query, required: false,
         schema: {type: string, enum: [draft_revision, amendment, decision, statement,
                                       journal]}}
      - {name: body, in: query, required: false,
         schema: {type: string, enum: [MC, PC, FSC]}}
      - {name: state, in: query, required: false, schema: {type: string},
         description: "a draft's state, an amendment's or statement's status; adopted or
           issued for a decision"}
      - {name: year, in: query, required: false,
         schema: {type: integer, minimum: 1, maximum: 9999}}
      - {name: delegation, in: query, required: false, schema: {type: string},
         description: 'a participating State: its amendments and statements, the drafts
           and decisions it sponsored', example: Italy}
      - {name: page, in: query, required: false,
         schema: {type: integer, minimum: 1, maximum: 20, default: 1}}
      - {name: limit, in: query, required: false,
         schema: {type: integer, minimum: 1, maximum: 50, default: 20}}
    responses:
      200:
        description: a page of results
        content:
          application/json:
            schema:
              type: object
              required: [results, page, next, previous]
              properties:
                page: {type: integer, minimum: 1}
                next: {type: string, nullable: true}
                previous: {type: string, nullable: true}
                results:
                  type: array
                  items:
                    type: object
                    required: [kind, id, label, title, snippet, body, state, year,
                               draft_id, decision_id, revision, link, api]
                    properties:
                      kind: {type: string}
                      id: {type: integer}
                      label: {type: string}
                      title: {type: object, required: [text, highlights], properties: {
                          text: {type: string},
                          highlights: {type: array, items: {type: array, minItems: 2,
                                       maxItems: 2, items: {type: integer, minimum: 0}}}}}
                      snippet: {type: object, required: [text, highlights], properties: {
                          text: {type: string},
                          highlights: {type: array, items: {type: array, minItems: 2,
                                       maxItems: 2, items: {type: integer, minimum: 0}}}}}
                      body: {type: string}
                      state: {type: string, nullable: true}
                      year: {type: integer, nullable: true}
                      draft_id: {type: integer, nullable: true}
                      decision_id: {type: integer, nullable: true}
                      revision: {type: integer, nullable: true}
                      link: {type: string}
                      api: {type: string}
      401: {$ref: '#/components/responses/Unauthorized'}
      422: {$ref: '#/components/responses/Invalid'}
    """
    def work(session):
        actor = api_actor(request, session)
        results = search.search(session, actor, **search_request(request, session))
        return {"results": [_result(hit) for hit in results.hits], "page": results.page,
                **page_links(request, results)}

    return JSONResponse(await run(request, work))


routes = [Route("/api/v1/search", search_everything, methods=["GET"])]
