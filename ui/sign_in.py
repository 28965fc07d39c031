"""Signing in to a team database: a sign-in form (slowed after failures) or a trusted sign-in proxy's header, a
browser token kept as a cookie so a reload stays signed in, and signing out."""

from __future__ import annotations

import json
import time

import streamlit as st
import streamlit.components.v1 as components

from geo.database import accounts, sign_in
from geo.dataset.roles import Account
from geo.errors import NotAllowedError
from geo.escape import markdown_text

ACCOUNT_KEY = "team_account"
TOKEN_KEY, COOKIE_PENDING_KEY, SIGNED_OUT_KEY = "team_token", "team_cookie_pending", "team_signed_out"
FAILURES_KEY, WAIT_UNTIL_KEY = "sign_in_failures", "sign_in_wait_until"
COOKIE = "atlas_sign_in"


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
