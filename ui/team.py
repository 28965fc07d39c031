"""The app on a team database: who is signed in (a sign-in form, or a trusted sign-in proxy's header), where their
changes go, and what the pages read (the filters' values, the map's parts, the Timeline's months, records found,
sources, places, totals, documents, the names they leave unresolved), each read from the database and cached under
the dataset's version."""

from __future__ import annotations

import json
import time
from functools import partial

import pandas as pd
import streamlit as st
import streamlit.components.v1 as components

from geo import config
from geo.database import accounts, sign_in
from geo.database.duplicates import team_pairs
from geo.database.gazetteer_additions import database_gazetteer
from geo.database.lookup import (
    all_places,
    record_in_full,
    retracted_now,
    search_records,
    sources_now,
    stored_document,
    totals_now,
)
from geo.database.mapview import database_view_payload, view_records
from geo.database.overview import filter_choices, governorate_counts, month_steps
from geo.database.records import PostgisStore
from geo.database.timeline import monthly_summary
from geo.dataset.query import FilterChoices, IncidentFilter
from geo.dataset.roles import EDIT, PERMISSIONS, Account
from geo.errors import NotAllowedError
from geo.escape import markdown_text
from geo.exports.permalink import View
from geo.mapview.builder import MapView
from geo.mapview.viewport import Viewport
from geo.reader.source_texts import source_document, unresolved_names
from ui.changes import Curating
from ui.duplicates_view import Finder
from ui.map_view import cached_map

ACCOUNT_KEY = "team_account"
TOKEN_KEY, COOKIE_PENDING_KEY, SIGNED_OUT_KEY = "team_token", "team_cookie_pending", "team_signed_out"
FAILURES_KEY, WAIT_UNTIL_KEY = "sign_in_failures", "sign_in_wait_until"
COOKIE = "atlas_sign_in"
CITED_LIMIT = 1_000  # records a source's page lists
SIGNED_IN_KEY = "team_signed_in"  # the Account this run acts as (set by app.py before any page runs)


def _try_sign_in(url: str, name: str, password: str) -> None:
    """Check a name and password, slowed down after repeated failures from this browser session; signed in, the
    session keeps the account and a browser token (set as a cookie on the next run, so a reload stays in)."""
    state = st.session_state
    wait = state.get(WAIT_UNTIL_KEY, 0.0) - time.time()
    if wait > 0:
        st.error(f"Too many failed sign-ins from this browser: try again in {int(wait) + 1} s.")
        return
    try:
        account = sign_in.authenticate(url, name, password)
    except NotAllowedError as refused:
        state[FAILURES_KEY] = failures = state.get(FAILURES_KEY, 0) + 1
        state[WAIT_UNTIL_KEY] = time.time() + sign_in.slow_down_seconds(failures)
        st.error(markdown_text(str(refused)))
        return
    state[FAILURES_KEY] = 0
    state[ACCOUNT_KEY], state[TOKEN_KEY] = account.name, sign_in.issue_token(url, account, "browser")
    state[COOKIE_PENDING_KEY] = state[TOKEN_KEY]
    st.rerun()


def _sign_in_form(url: str) -> None:
    """The sign-in form; a right name and password put the account in the session."""
    st.title("Incident Atlas")
    st.caption("This atlas is shared by a team: sign in with the account an admin gave you.")
    with st.form("sign_in"):
        name = st.text_input("Name")
        password = st.text_input("Password", type="password")
        if st.form_submit_button("Sign in"):
            _try_sign_in(url, name.strip(), password)


def _set_cookie(value: str, seconds: int) -> None:
    """Set (or, with 0 seconds, clear) the sign-in cookie in the browser: SameSite=Strict, Secure over HTTPS.
    Streamlit gives Python no response to set it on, so a script in a hidden component sets it; it cannot be
    HttpOnly (see the README's Safety section)."""
    components.html("<script>var secure = window.parent.location.protocol === 'https:' ? '; Secure' : '';"
                    f"document.cookie = {json.dumps(COOKIE)} + '=' + {json.dumps(value)} + '; Path=/; Max-Age="
                    f"{int(seconds)}; SameSite=Strict' + secure;</script>", height=0)


def _session_account(url: str) -> Account | None:
    """The account this session is signed in as, checked now: its browser token (from this session, or from the
    cookie after a reload or in a new tab) must still be live and its account enabled."""
    state = st.session_state
    token = state.get(TOKEN_KEY) or st.context.cookies.get(COOKIE)
    account = sign_in.token_account(url, token, "browser")
    if account is None:
        for key in (ACCOUNT_KEY, TOKEN_KEY):
            state.pop(key, None)
        return None
    state[ACCOUNT_KEY], state[TOKEN_KEY] = account.name, token
    if state.pop(COOKIE_PENDING_KEY, None):
        _set_cookie(token, sign_in.BROWSER_DAYS * 86_400)
    return account


def signed_in(url: str) -> Account:
    """The account this session acts as; draws the sign-in form and stops the page when there is none."""
    header = accounts.trusted_header()
    if header:
        try:
            return accounts.trusted_account(url, st.context.headers.get_all(header),
                                            st.context.headers.get_all(accounts.PROXY_SECRET_HEADER))
        except NotAllowedError as refused:
            st.error(markdown_text(str(refused)))
            st.stop()
    account = _session_account(url)
    if account is None:
        if st.session_state.pop(SIGNED_OUT_KEY, False):
            _set_cookie("", 0)
        _sign_in_form(url)
        st.stop()
    return account


def render_account(url: str, account: Account) -> None:
    """Who is signed in, in the sidebar, and a way out (which revokes this browser's token and clears its cookie)."""
    with st.sidebar:
        st.markdown(markdown_text(f"Signed in as {account.name} ({account.role})"))
        if not accounts.trusted_header() and st.button("Sign out"):
            token = st.session_state.pop(TOKEN_KEY, None)
            if token:
                sign_in.revoke_token(url, token)
            st.session_state.pop(ACCOUNT_KEY, None)
            st.session_state[SIGNED_OUT_KEY] = True
            st.rerun()


@st.cache_data(ttl=600, max_entries=8, show_spinner=False)
def team_choices(url: str, version: str) -> FilterChoices:
    """The values the filters offer, read once per dataset version."""
    return filter_choices(url)


def team_map(url: str, version: str, view: View) -> MapView:
    """The map of this view from the team database (filters and aggregation in SQL)."""
    def parts(chosen: IncidentFilter, viewport: Viewport, density: bool) -> tuple:
        """The payload, the months to play through and (density) the governorate counts of one view."""
        counts = governorate_counts(url, chosen) if density else None
        return database_view_payload(url, chosen, viewport), month_steps(url, chosen), counts
    return cached_map(view, version, parts)


def team_view_records(url: str, version: str, chosen: IncidentFilter, limit: int) -> tuple[int, pd.DataFrame]:
    """How many drawn records are in the view, and the first `limit` of them, once per version and view."""
    return _view_records(url, version, repr(chosen), chosen, limit)


@st.cache_data(ttl=600, max_entries=16, show_spinner=False)
def _view_records(url: str, version: str, key: str, _chosen: IncidentFilter, limit: int) -> tuple[int, pd.DataFrame]:
    """view_records cached under the version and the filter's text (`key`)."""
    total, frame = view_records(url, _chosen, limit)
    return total, pd.DataFrame(frame.drop(columns="geometry"))


@st.cache_data(ttl=600, max_entries=16, show_spinner=False)
def _search(url: str, version: str, key: str, _chosen: IncidentFilter, text: str, limit: int) -> tuple:
    """search_records cached under the version, the filter's text (`key`) and the words searched."""
    found, more = search_records(url, _chosen, text, limit)
    return pd.DataFrame(found.drop(columns="geometry")), more


def team_search(url: str, version: str, chosen: IncidentFilter, text: str, limit: int) -> tuple[pd.DataFrame, bool]:
    """The first `limit` records the filter keeps that the words find, and whether there are more."""
    return _search(url, version, repr(chosen), chosen, text, limit)


@st.cache_data(ttl=600, max_entries=32, show_spinner=False)
def team_record(url: str, version: str, record_id: str) -> tuple[pd.Series | None, list[str]]:
    """One record in full and the ids merged into it, once per version."""
    return record_in_full(url, record_id)


@st.cache_data(ttl=600, max_entries=4, show_spinner=False)
def team_sources(url: str, version: str) -> pd.DataFrame:
    """Every source, once per version."""
    return sources_now(url)


@st.cache_data(ttl=600, max_entries=16, show_spinner=False)
def _monthly(url: str, version: str, key: str, _chosen: IncidentFilter) -> pd.DataFrame:
    """monthly_summary cached under the version and the filter's text (`key`)."""
    return monthly_summary(url, _chosen)


def team_monthly(url: str, version: str, chosen: IncidentFilter) -> pd.DataFrame:
    """The Timeline's months of the records the filter keeps, once per version and filter."""
    return _monthly(url, version, repr(chosen), chosen)


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def team_document(url: str, document: str) -> str | None:
    """A registered document's text: kept in the database (documents read on the Import page, pushed from a
    folder), else from the documents folder on this machine."""
    return stored_document(url, document) or source_document(config.resolve_docs_dir(), document)


@st.cache_data(ttl=600, max_entries=4, show_spinner="Reading the documents…")
def team_unresolved(url: str, version: str) -> pd.DataFrame:
    """The names the team's documents use as places that its gazetteer lacks, once per version."""
    return unresolved_names(sources_now(url), database_gazetteer(url), lambda document: team_document(url, document))


def team_finder(url: str, version: str, chosen: IncidentFilter) -> Finder:
    """The team's pairs within the filter, found by a worker process from the database at this version."""
    return Finder(partial(team_pairs, url, chosen), version, repr(chosen))


@st.cache_data(ttl=600, max_entries=4, show_spinner=False)
def team_retracted(url: str, version: str) -> pd.DataFrame:
    """The ids no longer on the map, once per version."""
    return retracted_now(url)


@st.cache_data(ttl=600, max_entries=4, show_spinner=False)
def team_places(url: str, version: str) -> pd.DataFrame:
    """Every place's properties, once per version."""
    return all_places(url)


def team_curating(url: str, version: str, account: Account) -> Curating:
    """Where a team member's forms send their changes: the team database, as their account (which may change
    records unless it is a viewer's)."""
    can_change = EDIT in PERMISSIONS.get(account.role, frozenset()) and not account.disabled
    return Curating(PostgisStore(url, account.name), team_sources(url, version), version, url, account.name,
                    can_change)


@st.cache_data(ttl=600, max_entries=4, show_spinner=False)
def team_totals(url: str, version: str) -> pd.DataFrame:
    """The reported totals, once per version."""
    return totals_now(url)
