"""The server-rendered pages through HTTP: signing in and out, server-side sessions, CSRF,
the dashboard, draft and decision pages, escaping, security headers and redirects."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select

from drafting import services as drafting_services
from drafting.db import utcnow
from drafting.models import Draft
from plenary import accounts
from plenary.app import create_app
from plenary.models import UserSession
from tests.factories import make_draft, make_user
from tests.plenary.conftest import TestClient, csrf_of
from workflow.services import find_decision

PASSWORD = "correct horse battery"
EMAIL = "chair.x@test.plenary"  # make_user(session, "chair")
BAD_FORM = "the form has expired or was not sent from Plenary; reload and try again"
XSS = "<script>alert(1)</script>"


@pytest.fixture
def chair(session):
    user = make_user(session, "chair", password=PASSWORD)
    session.commit()
    return user


@pytest.fixture
def signed_in(client, chair, sign_in):
    """The default client, signed in as the chair."""
    assert sign_in(client, EMAIL, PASSWORD).status_code == 303
    return client


def set_cookie(response, name: str) -> tuple[str, set[str]]:
    """The value and the lower-cased attributes of the Set-Cookie header for `name`."""
    for header in response.headers.get_list("set-cookie"):
        cookie, *attributes = [part.strip() for part in header.split(";")]
        key, _, value = cookie.partition("=")
        if key == name:
            return value, {a.lower() for a in attributes}
    raise AssertionError(f"no Set-Cookie for {name}: {response.headers.get_list('set-cookie')}")


def labels_on(page) -> list[str]:
    return re.findall(r'<span class="label">([^<]*)</span>', page.text)


def draft_id(session, symbol: str) -> int:
    return session.scalar(select(Draft.id).where(Draft.symbol == symbol))


# --- signing in ------------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "login"), [("/", "/login?next=/"),
                                             ("/drafts/7", "/login?next=/drafts/7"),
                                             ("/decisions/3", "/login?next=/decisions/3")])
def test_a_page_without_a_session_redirects_to_the_login(client, path, login):
    response = client.get(path)

    assert response.status_code == 303
    assert response.headers["location"] == login


def test_the_login_page_carries_a_csrf_field_bound_to_a_pre_session(client):
    response = client.get("/login?next=/drafts/7")

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert re.fullmatch(r"[0-9a-f]{64}", csrf_of(response))
    assert '<input type="hidden" name="next" value="/drafts/7">' in response.text
    value, attributes = set_cookie(response, "plenary_pre")
    assert len(value) >= 32
    assert {"httponly", "samesite=lax", "path=/"} <= attributes
    assert "secure" not in attributes
    # The same browser keeps its pre-session, and so its token.
    again = client.get("/login")
    assert "plenary_pre" not in again.headers.get("set-cookie", "")
    assert csrf_of(again) == csrf_of(response)


@pytest.mark.parametrize(("email", "password"), [(EMAIL, "wrong password!"),
                                                 ("nobody@test.plenary", PASSWORD),
                                                 (EMAIL, "")])
def test_a_wrong_email_or_password_shows_the_form_again_with_an_error(
    client, chair, sign_in, email, password
):
    response = sign_in(client, email, password)

    assert response.status_code == 401
    assert ('<p class="error" role="alert">The email or the password is not right, or the '
            "account is disabled.</p>") in response.text
    assert f'value="{email}"' in response.text  # the email is kept, the password is not
    assert "plenary_session" not in response.headers.get("set-cookie", "")
    assert re.fullmatch(r"[0-9a-f]{64}", csrf_of(response))


def test_a_disabled_account_cannot_sign_in(client, session, chair, sign_in):
    chair.active = False
    session.commit()

    assert sign_in(client, EMAIL, PASSWORD).status_code == 401


def test_the_right_password_signs_in_with_a_safe_session_cookie(client, chair, sign_in):
    response = sign_in(client, "  Chair.X@Test.Plenary ", PASSWORD)

    assert response.status_code == 303
    assert response.headers["location"] == "/"
    value, attributes = set_cookie(response, "plenary_session")
    assert len(value) >= 40
    assert {"httponly", "samesite=lax", "path=/", "max-age=43200"} <= attributes
    assert "secure" not in attributes  # plain http: a Secure cookie would never come back
    dashboard = client.get("/")
    assert dashboard.status_code == 200
    assert "<h1>Dashboard</h1>" in dashboard.text
    assert "chair.x · chair" in dashboard.text


def test_over_https_every_cookie_is_secure(make_client, chair, sign_in):
    client = make_client(base_url="https://testserver")

    login_page = client.get("/login")
    response = sign_in(client, EMAIL, PASSWORD)

    assert "secure" in set_cookie(login_page, "plenary_pre")[1]
    assert response.status_code == 303
    _, attributes = set_cookie(response, "plenary_session")
    assert {"secure", "httponly", "samesite=lax"} <= attributes
    assert client.get("/").status_code == 200


def test_the_https_setting_makes_the_cookie_secure_behind_a_proxy(
    settings, session_factory, chair
):
    # TLS ends at the proxy: the app sees http, the browser is on https and sends the
    # Secure pre-session cookie back (the test client, on http, would not: send it here).
    app = create_app(replace(settings, https=True), sessionmaker=session_factory)
    with TestClient(app, follow_redirects=False) as client:
        form = client.get("/login")
        pre = set_cookie(form, "plenary_pre")[0]
        response = client.post("/login", data={"csrf": csrf_of(form), "email": EMAIL,
                                               "password": PASSWORD},
                               headers={"cookie": f"plenary_pre={pre}"})

    assert "secure" in set_cookie(form, "plenary_pre")[1]
    assert "secure" in set_cookie(response, "plenary_session")[1]


def test_every_sign_in_starts_a_new_session(client, make_client, chair, sign_in):
    first = set_cookie(sign_in(client, EMAIL, PASSWORD), "plenary_session")[0]
    second = set_cookie(sign_in(client, EMAIL, PASSWORD), "plenary_session")[0]
    other = set_cookie(sign_in(make_client(), EMAIL, PASSWORD), "plenary_session")[0]

    assert len({first, second, other}) == 3


def test_signing_in_again_ends_the_browsers_previous_session(client, make_client, chair,
                                                             sign_in):
    first = set_cookie(sign_in(client, EMAIL, PASSWORD), "plenary_session")[0]
    sign_in(client, EMAIL, PASSWORD)

    copy = make_client().get("/", headers={"cookie": f"plenary_session={first}"})
    assert copy.status_code == 303
    assert copy.headers["location"] == "/login?next=/"
    assert client.get("/").status_code == 200


def test_sessions_are_stored_as_digests_only(session, client, chair, sign_in):
    value = set_cookie(sign_in(client, EMAIL, PASSWORD), "plenary_session")[0]

    rows = session.execute(select(UserSession.__table__)).mappings().all()
    assert len(rows) == 1
    assert rows[0]["digest"] == hashlib.sha256(value.encode()).hexdigest()
    assert rows[0]["user_id"] == chair.id
    assert not any(value in str(v) for row in rows for v in row.values())


# --- CSRF ------------------------------------------------------------------------------------


@pytest.mark.parametrize("token", [None, "", "0" * 64, "not-even-hex"])
def test_a_login_without_the_right_csrf_token_is_refused(client, chair, token):
    client.get("/login")
    data = {"email": EMAIL, "password": PASSWORD}
    if token is not None:
        data["csrf"] = token

    response = client.post("/login", data=data)

    assert response.status_code == 403
    assert f'<p class="error" role="alert">{BAD_FORM}</p>' in response.text
    assert "plenary_session" not in response.headers.get("set-cookie", "")


def test_a_login_token_of_another_browser_is_refused(client, make_client, chair):
    token = csrf_of(make_client().get("/login"))
    client.get("/login")

    response = client.post("/login", data={"csrf": token, "email": EMAIL,
                                           "password": PASSWORD})

    assert response.status_code == 403


@pytest.mark.parametrize("origin", ["https://evil.example", "http://testserver.evil.example",
                                    "https://testserver", "null"])
def test_a_login_posted_from_another_site_is_refused(client, chair, origin):
    token = csrf_of(client.get("/login"))

    response = client.post("/login", data={"csrf": token, "email": EMAIL, "password": PASSWORD},
                           headers={"Origin": origin})

    assert response.status_code == 403
    assert "this form was sent from another site; reload the page and try again" in response.text


def test_a_login_posted_from_this_site_is_accepted(client, chair):
    token = csrf_of(client.get("/login"))

    response = client.post("/login", data={"csrf": token, "email": EMAIL, "password": PASSWORD},
                           headers={"Origin": "http://testserver"})

    assert response.status_code == 303


@pytest.mark.parametrize("token", [None, "0" * 64])
def test_a_logout_without_the_right_csrf_token_is_refused_and_the_session_goes_on(
    signed_in, token
):
    data = {} if token is None else {"csrf": token}

    response = signed_in.post("/logout", data=data)

    assert response.status_code == 403
    assert BAD_FORM in response.text
    assert signed_in.get("/").status_code == 200


def test_a_logout_posted_from_another_site_is_refused(signed_in):
    token = csrf_of(signed_in.get("/"))

    response = signed_in.post("/logout", data={"csrf": token},
                              headers={"Origin": "https://evil.example"})

    assert response.status_code == 403
    assert signed_in.get("/").status_code == 200


def test_the_pre_session_token_does_not_work_once_signed_in(client, chair, sign_in):
    pre_token = csrf_of(client.get("/login"))
    sign_in(client, EMAIL, PASSWORD)

    response = client.post("/logout", data={"csrf": pre_token})

    assert response.status_code == 403


# --- ending sessions -------------------------------------------------------------------------


def test_after_logout_the_old_cookie_no_longer_works(signed_in, make_client, session):
    old = signed_in.cookies["plenary_session"]
    token = csrf_of(signed_in.get("/"))

    response = signed_in.post("/logout", data={"csrf": token})

    assert response.status_code == 303
    assert response.headers["location"] == "/login"
    value, attributes = set_cookie(response, "plenary_session")
    assert value in ("", '""') and "max-age=0" in attributes
    assert signed_in.get("/").headers["location"] == "/login?next=/"
    copy = make_client().get("/", headers={"cookie": f"plenary_session={old}"})
    assert copy.status_code == 303
    assert copy.headers["location"] == "/login?next=/"
    assert session.scalars(select(UserSession)).all() == []


def test_disabling_the_account_ends_its_session_at_once(signed_in, session, chair):
    assert signed_in.get("/").status_code == 200

    chair.active = False
    session.commit()

    response = signed_in.get("/")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/"


def test_a_new_password_ends_every_session_of_the_user(
    make_client, session, chair, sign_in
):
    browsers = [make_client(), make_client()]
    for browser in browsers:
        assert sign_in(browser, EMAIL, PASSWORD).status_code == 303
        assert browser.get("/").status_code == 200

    accounts.set_password(session, chair, "a brand new password")
    session.commit()

    for browser in browsers:
        assert browser.get("/").headers["location"] == "/login?next=/"
    assert sign_in(make_client(), EMAIL, PASSWORD).status_code == 401
    assert sign_in(make_client(), EMAIL, "a brand new password").status_code == 303


def test_an_expired_session_redirects_to_the_login(signed_in, session):
    row = session.scalars(select(UserSession)).one()
    row.expires_at = utcnow() - timedelta(seconds=1)
    session.commit()

    assert signed_in.get("/").headers["location"] == "/login?next=/"


# --- the dashboard, drafts and decisions -----------------------------------------------------


def test_the_dashboard_lists_drafts_and_decisions_with_their_state(client, demo_loaded, sign_in):
    sign_in(client, "chair@demo.plenary", "chair-demo-2017")

    page = client.get("/")

    assert page.status_code == 200
    drafts = re.findall(
        r'<td><a href="/drafts/\d+">([^<]+)</a></td>\s*<td>[^<]*</td>\s*<td>(\w+)</td>\s*'
        r'<td><span class="state state-(\w+)">([^<]+)</span></td>', page.text)
    assert drafts == [("MC.DD/3/26", "MC", "negotiating", "negotiating"),
                      ("MC.DD/12/17", "MC", "adopted", "adopted")]
    decisions = re.findall(
        r'<td><a href="/decisions/\d+">([^<]+)</a></td>\s*<td>([^<]*)</td>\s*<td>([^<]+)</td>'
        r"\s*<td>(\d+)</td>", page.text)
    assert [(symbol, adopted, attachments) for symbol, _, adopted, attachments in decisions] == [
        ("MC.DEC/7/17", "8 December 2017", "1")
    ]
    assert decisions[0][1].startswith("Strengthening efforts to combat all forms of child")


def test_the_dashboard_shows_a_drafter_with_their_delegation(
    client, session, demo_loaded, sign_in
):
    assert sign_in(client, "drafter.ru@demo.plenary", "drafter-ru-demo").status_code == 303

    page = client.get("/")

    assert page.status_code == 200
    assert "drafter.ru · drafter · Russian Federation" in page.text


def test_an_empty_dashboard_says_how_to_start(signed_in):
    page = signed_in.get("/")

    assert "No drafts yet." in page.text
    assert "No decisions adopted yet." in page.text


def test_the_energy_draft_page_shows_its_paragraphs_with_their_labels(
    client, session, demo_loaded, sign_in
):
    sign_in(client, "observer@demo.plenary", "observer-demo-2017")

    page = client.get(f"/drafts/{draft_id(session, 'MC.DD/3/26')}")

    assert page.status_code == 200
    assert "<title>MC.DD/3/26 · Plenary</title>" in page.text
    assert ("<h1>Strengthening the resilience of critical energy infrastructure in the OSCE "
            "area</h1>") in page.text
    assert '<span class="state state-negotiating">negotiating</span>' in page.text
    assert "<dd>Austria, Finland, Kazakhstan</dd>" in page.text
    assert "<dd>2 November 2026, 10:00 CET</dd>" in page.text  # 09:00 UTC in Vienna
    assert '<p class="formula">The Ministerial Council,</p>' in page.text
    assert labels_on(page) == ["PP1", "PP2", "PP3", "PP4", "Chapeau", "OP1", "OP1(a)", "OP1(b)",
                               "OP1(b)(i)", "OP1(b)(ii)", "OP2", "OP3"]
    assert ('<p><span class="marker">(i)</span> Incidents originating in information and '
            "communication technologies;</p>") in page.text
    assert '<p><span class="marker">2.</span> To task the OSCE Secretariat' in page.text


def test_the_child_trafficking_draft_page_labels_every_paragraph_as_stored(
    client, session, demo_loaded, sign_in
):
    sign_in(client, "observer@demo.plenary", "observer-demo-2017")
    draft = session.scalar(select(Draft).where(Draft.symbol == "MC.DD/12/17"))
    stored = [p.label for p in drafting_services.revision_of(session, draft).paragraphs]

    page = client.get(f"/drafts/{draft.id}")

    assert page.status_code == 200
    assert '<span class="state state-adopted">adopted</span>' in page.text
    assert "<dd>United States of America, Belarus, Italy</dd>" in page.text
    labels = labels_on(page)
    assert labels == stored
    assert labels[:15] == [f"PP{i}" for i in range(1, 16)]
    assert labels[15:] == ["OP1", "OP2", "OP3", "OP4", "OP5", "OP5(a)", "OP5(b)", "OP6", "OP7",
                           "OP8", "OP9", "OP10", "OP11", "OP12", "OP13"]
    ids = re.findall(r'<li class="paragraph [^"]*" id="(p[0-9a-f]{10})">', page.text)
    assert len(ids) == len(set(ids)) == len(labels)


def test_the_decision_page_shows_the_attached_statement_with_its_author_line(
    client, session, demo_loaded, sign_in
):
    sign_in(client, "drafter.it@demo.plenary", "drafter-it-demo")
    decision = find_decision(session, "MC.DEC/7/17")

    page = client.get(f"/decisions/{decision.id}")

    assert page.status_code == 200
    text = page.text
    assert "<p>By the delegation of the Russian Federation:</p>" in text
    assert "DECISION No. 7/17<br>STRENGTHENING EFFORTS TO COMBAT" in text
    assert "Second day of the Twenty-Fourth Meeting" in text
    assert '<p class="languages">ENGLISH<br>Original: RUSSIAN</p>' in text
    assert "&lt;" not in text and "&amp;amp;" not in text
    assert f'<a href="/decisions/{decision.id}/document.txt">txt</a>' in text
    assert labels_on(page)[-1] == "OP13"


def test_the_decision_document_downloads_from_its_page(client, session, demo_loaded, sign_in):
    sign_in(client, "observer@demo.plenary", "observer-demo-2017")
    decision = find_decision(session, "MC.DEC/7/17")

    txt = client.get(f"/decisions/{decision.id}/document.txt")
    pdf = client.get(f"/decisions/{decision.id}/document.odt")

    assert txt.status_code == 200
    assert txt.headers["content-disposition"] == 'attachment; filename="MC.DEC-7-17.txt"'
    assert "By the delegation of the Russian Federation:" in txt.text
    assert pdf.status_code == 400
    assert "unknown format &#39;odt&#39;; use one of txt, md, html, pdf, docx, akn" in pdf.text


@pytest.mark.parametrize(("path", "message"), [("/drafts/999999", "there is no draft 999999"),
                                               ("/decisions/999999",
                                                "there is no decision 999999")])
def test_an_unknown_record_is_a_404_page(signed_in, path, message):
    response = signed_in.get(path)

    assert response.status_code == 404
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert f'<p class="error" role="alert">{message}</p>' in response.text


def test_an_unknown_page_is_a_404_page(client):
    response = client.get("/nowhere")

    assert response.status_code == 404
    assert "there is no /nowhere; check the address, or start from the dashboard" in response.text


def test_a_wrong_method_on_a_page_is_a_405_page(client):
    response = client.put("/login")

    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD, POST"
    assert "PUT is not allowed on /login; use GET, HEAD, POST" in response.text


def test_a_form_over_the_size_limit_is_a_413_page(client, settings):
    token = csrf_of(client.get("/login"))

    response = client.post("/login", data={"csrf": token, "email": "x" * settings.max_body_bytes,
                                           "password": PASSWORD})

    assert response.status_code == 413
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert "the request is too large: at most 200,000 bytes are accepted" in response.text


# --- markup is text --------------------------------------------------------------------------


def test_markup_in_a_draft_is_shown_as_text(signed_in, session):
    text = (f"Title\n\nThe Ministerial Council,\n\nRecalling {XSS} and <b>bold</b> & more,\n\n"
            f"1. To act on <img src=x onerror=alert(2)>;\n")
    draft = make_draft(session, title=f"Evil {XSS}", text=text, symbol="MC.DD/66/17",
                       sponsors=["Italy"])
    session.commit()

    for page in (signed_in.get(f"/drafts/{draft.id}"), signed_in.get("/")):
        assert page.status_code == 200
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
        assert "<script>" not in page.text  # only the page's own <script src=…>
        assert "<img" not in page.text and "<b>bold" not in page.text
    draft_page = signed_in.get(f"/drafts/{draft.id}").text
    assert "<h1>Evil &lt;script&gt;alert(1)&lt;/script&gt;</h1>" in draft_page
    assert ("Recalling &lt;script&gt;alert(1)&lt;/script&gt; and &lt;b&gt;bold&lt;/b&gt; "
            "&amp; more,") in draft_page
    assert "To act on &lt;img src=x onerror=alert(2)&gt;;" in draft_page


def test_markup_in_the_login_form_is_shown_as_text(client, chair, sign_in):
    form = client.get("/login", params={"next": '/"><script>alert(1)</script>'})
    failed = sign_in(client, 'x"><script>alert(1)</script>@a.b', "wrong password")

    for page in (form, failed):
        assert "<script>" not in page.text  # only the page's own <script src=…>
        assert "&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


# --- headers and redirects -------------------------------------------------------------------


def test_every_kind_of_response_carries_the_security_headers(signed_in, make_client):
    anonymous = make_client()
    responses = {
        "login page": anonymous.get("/login"),
        "redirect": anonymous.get("/"),
        "dashboard": signed_in.get("/"),
        "404 page": signed_in.get("/drafts/999999"),
        "static file": anonymous.get("/static/plenary.css"),
        "403 page": anonymous.post("/login", data={}),
        "health": anonymous.get("/healthz"),
    }

    for what, response in responses.items():
        csp = response.headers.get("content-security-policy", "")
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, what
        assert response.headers.get("x-content-type-options") == "nosniff", what
        assert response.headers.get("referrer-policy") == "same-origin", what


def test_a_server_error_is_a_500_page_with_the_security_headers(
    make_client, chair, sign_in, monkeypatch, caplog
):
    def broken(session, **page):
        raise RuntimeError("the database exploded")

    client = make_client(raise_server_exceptions=False)
    sign_in(client, EMAIL, PASSWORD)
    monkeypatch.setattr(drafting_services, "list_drafts", broken)

    response = client.get("/")

    assert response.status_code == 500
    assert "something went wrong on our side; nothing was saved" in response.text
    assert "the database exploded" not in response.text
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" in response.headers
    assert "unhandled error on GET /" in caplog.text


@pytest.mark.parametrize("target", ["https://evil.example", "//evil.example",
                                    "/\\evil.example", "\\\\evil.example",
                                    "javascript:alert(1)", "evil.example", "http:/evil.example"])
def test_sign_in_never_redirects_to_another_site(client, chair, sign_in, target):
    form = client.get("/login", params={"next": target})
    response = client.post("/login", data={"csrf": csrf_of(form), "email": EMAIL,
                                           "password": PASSWORD, "next": target})

    assert '<input type="hidden" name="next" value="/">' in form.text
    assert response.status_code == 303
    assert response.headers["location"] == "/"


def test_sign_in_returns_to_the_page_asked_for(client, chair, sign_in):
    response = sign_in(client, EMAIL, PASSWORD, next="/drafts/7")

    assert response.status_code == 303
    assert response.headers["location"] == "/drafts/7"
