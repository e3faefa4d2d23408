"""axe-core (tests/a11y, from npm: `make test` installs it) on every page of the three
journeys, in Debian's Chromium: no violation of WCAG 2.2 AA (levels A and AA of 2.0, 2.1
and 2.2). The pages only read, so one server with the demo serves the whole module."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.live_server import live_server
from tests.plenary.conftest import DEMO_PASSWORDS

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[1] / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Every <details> opened first, so that the forms folded in them (proposing, revising,
# silence, statements) are checked too: axe skips what is hidden.
RUN_AXE = """tags => (document.querySelectorAll('details').forEach(d => { d.open = true; }),
  axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(r =>
    r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                            targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))))"""

ENERGY = "MC.DD/3/26"


@pytest.fixture(scope="module")
def a11y_server(module_database_url) -> Iterator[str]:
    with live_server(module_database_url) as base:
        yield base


@pytest.fixture(scope="module")
def pages(browser, a11y_server) -> Iterator[Callable]:
    """A signed-in page per demo account, opened once for the module (None: signed out)."""
    opened: dict[str | None, object] = {}

    def page_of(name: str | None):
        if name not in opened:
            # The app's Content-Security-Policy forbids inline scripts, axe's injection among
            # them: the browser (only) lets the test's own script in.
            page = browser.new_context(bypass_csp=True).new_page()
            if name is not None:
                email = f"{name}@demo.plenary"
                page.goto(f"{a11y_server}/login")
                page.fill("#email", email)
                page.fill("#password", DEMO_PASSWORDS[email])
                page.click("button[type=submit]")
                page.wait_for_url(f"{a11y_server}/")
            opened[name] = page
        return opened[name]

    yield page_of
    for page in opened.values():
        page.context.close()


def href(page, server: str, path: str, selector: str) -> str:
    """The address of the first link matching `selector` on the page at `path`."""
    page.goto(f"{server}{path}")
    link = page.locator(selector).first
    assert link.count(), f"no link {selector} on {path}"
    return link.get_attribute("href")


def energy(page, server):
    return href(page, server, "/", f'a[href^="/drafts/"]:has-text("{ENERGY}")')


def child_trafficking_decision(page, server):
    return href(page, server, "/decisions", 'a[href^="/decisions/"]:has-text("MC.DEC/7/17")')


def amendment(page, server):
    return href(page, server, energy(page, server), 'a[href^="/amendments/"]')


def compare(page, server):
    draft = energy(page, server)
    page.goto(f"{server}{draft}")
    link = page.locator('a[href*="/compare?"]')
    return link.first.get_attribute("href") if link.count() else f"{draft}/compare?from=0&to=0"


def journal(page, server):
    return href(page, server, child_trafficking_decision(page, server),
                'a[href^="/journals/"]')


def meeting(page, server):
    return href(page, server, "/meetings", 'a[href^="/meetings/"]')


# (page, account, its address or how to find it from the demo's links)
PAGES = [
    ("login", None, "/login"),
    ("dashboard-drafter", "drafter.ru", "/"),
    ("dashboard-chair", "chair", "/"),
    ("dashboard-secretariat", "secretariat", "/"),
    ("draft-drafter", "drafter.ru", energy),
    ("draft-chair", "chair", energy),
    ("amendment", "drafter.ru", amendment),
    ("amendments-list", "drafter.ru", lambda p, s: energy(p, s) + "/amendments"),
    ("compare", "drafter.ru", compare),
    ("consensus-map", "chair", lambda p, s: energy(p, s) + "/map"),
    ("history", "chair", lambda p, s: energy(p, s) + "/history"),
    ("decision-secretariat", "secretariat", child_trafficking_decision),
    ("journal", "secretariat", journal),
    ("meetings", "secretariat", "/meetings"),
    ("meeting", "secretariat", meeting),
    ("journals", "secretariat", "/journals"),
    ("notifications", "drafter.ru", "/notifications"),
    ("account", "drafter.ru", "/account"),
    ("groups", "secretariat", "/groups"),
    ("search", "drafter.ru", "/search?q=trafficking"),
    ("search-results", "drafter.ru", "/search?q=extra-budgetary"),
    ("search-empty", "drafter.ru", "/search"),
]


@pytest.mark.parametrize(("name", "account", "where"), PAGES, ids=[p[0] for p in PAGES])
def test_no_wcag_22_aa_violation(pages, a11y_server, name, account, where):
    assert AXE.exists(), f"{AXE} is missing: `make axe` (npm ci --prefix tests/a11y)"
    page = pages(account)
    path = where if isinstance(where, str) else where(page, a11y_server)
    response = page.goto(f"{a11y_server}{path}")
    assert response.ok, f"{name}: {path} answered {response.status}"
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(RUN_AXE, TAGS)
    report = "\n".join(f"- {v['id']} ({v['impact']}): {v['help']}; at {v['targets']}"
                       for v in violations)
    assert not violations, f"{name} ({path}, as {account or 'nobody'}):\n{report}"


def test_the_draft_names_the_colour_of_each_delegation(pages, a11y_server):
    """Not colour alone (WCAG 1.4.1): a legend names each delegation whose amendments the
    draft's page shows, beside a swatch of the colour of their bar."""
    page = pages("drafter.ru")
    page.goto(a11y_server + energy(page, a11y_server))
    legend = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll(
        '.colour-legend li')].map(li => [li.textContent.trim(),
        getComputedStyle(li.querySelector('.swatch')).backgroundColor]))""")
    assert {"Italy", "Russian Federation", "United States of America"} <= set(legend)
    bars = page.evaluate("""() => [...document.querySelectorAll('.proposal')].map(p =>
        getComputedStyle(p).borderLeftColor)""")
    assert bars and set(bars) <= set(legend.values())


def axe_violations(page) -> str:
    page.add_script_tag(path=str(AXE))
    return "\n".join(f"- {v['id']} ({v['impact']}): {v['help']}; at {v['targets']}"
                     for v in page.evaluate(RUN_AXE, TAGS))


def test_feedback_has_no_wcag_22_aa_violation(pages, a11y_server):
    """A refused form redisplayed with its message, the confirmation of what cannot be
    undone, and a success message: none of them changes the demo's drafts."""
    assert AXE.exists(), f"{AXE} is missing: `make axe` (npm ci --prefix tests/a11y)"
    drafter = pages("drafter.ru")
    drafter.goto(a11y_server + energy(drafter, a11y_server))
    form = drafter.locator("details.propose", has_text="Propose an amendment to OP3").first
    form.locator("summary").click()
    form.locator("textarea[name=text]").fill("A word pasted from a table\x07")
    form.locator("button[type=submit]").click()
    drafter.wait_for_load_state()
    assert drafter.locator(".error-summary").count() == 1
    assert not (report := axe_violations(drafter)), f"a refused amendment:\n{report}"

    chair = pages("chair")
    chair.goto(a11y_server + energy(chair, a11y_server))
    chair.click(f"button:has-text('Withdraw {ENERGY}')")
    chair.wait_for_load_state()
    assert chair.locator(".confirm").count() == 1  # asked, not done: Cancel is not needed
    assert not (report := axe_violations(chair)), f"the confirmation:\n{report}"

    drafter.goto(f"{a11y_server}/account")
    drafter.locator("#notice-email ~ form button[type=submit]").click()  # as it was
    drafter.wait_for_load_state()
    assert drafter.locator(".flash[role=status]").count() == 1
    assert not (report := axe_violations(drafter)), f"a success message:\n{report}"


# Every control a user can see, numbered (a group of radio buttons is one stop of Tab:
# the arrow keys choose within it); then Tab walks the page and notes what it reached.
NUMBER_CONTROLS = """() => {
  // Folded: inside a closed <details> other than in its own summary (its form is opened
  // by the summary, which is itself a stop of Tab).
  const folded = e => {
    const outer = d => d.parentElement && d.parentElement.closest('details');
    for (let d = e.closest('details'); d; d = outer(d)) {
      const summary = e.closest('summary');
      if (!d.open && !(summary && summary.parentElement === d)) return true;
    }
    return false;
  };
  const shown = e => !e.disabled && e.getClientRects().length && !folded(e) &&
    getComputedStyle(e).visibility !== 'hidden';
  const controls = [...document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary')].filter(shown);
  const groups = new Map();  // a form's radio buttons of one name: one stop
  const stops = [];
  controls.forEach(e => {
    const key = e.type === 'radio' ? e.name : null;
    const of = key && (groups.get(e.form) || groups.set(e.form, new Map()).get(e.form));
    if (of && of.has(key)) { e.setAttribute('data-kb', String(of.get(key))); return; }
    if (of) of.set(key, stops.length);
    e.setAttribute('data-kb', String(stops.length));
    stops.push((e.textContent.trim() || e.name || e.id || e.tagName).slice(0, 60));
  });
  return stops;
}"""
FOCUSED = """() => { const e = document.activeElement;
  return e && e !== document.body ? (e.getAttribute('data-kb') ?? 'other') : null; }"""


@pytest.mark.parametrize("unfolded", [False, True], ids=["folded", "unfolded"])
@pytest.mark.parametrize(("name", "account", "where"), PAGES, ids=[p[0] for p in PAGES])
def test_every_control_is_reached_by_the_keyboard(pages, a11y_server, name, account, where,
                                                  unfolded):
    """WCAG 2.1.1: Tab alone reaches every link, button, field and folded form the page
    shows, in one pass (no control is mouse-only or taken out of the tab order); and
    every control of the forms folded in <details> once they are opened."""
    page = pages(account)
    path = where if isinstance(where, str) else where(page, a11y_server)
    page.goto(f"{a11y_server}{path}")
    if unfolded:
        page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    names = page.evaluate(NUMBER_CONTROLS)
    reached: set[str] = set()
    # Scrollable regions take a stop of their own too. Past the last control focus leaves
    # the page, and the next Tab starts again at the top: two departures make a whole pass
    # whichever control had the focus first (an autofocused field).
    departures = 0
    for _ in range(3 * len(names) + 20):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            departures += 1
            if departures == 2:
                break
        else:
            reached.add(focused)
    missed = [names[i] for i in range(len(names)) if str(i) not in reached]
    assert not missed, f"{name} ({path}): Tab never reaches {missed[:10]}"
