"""Signing in through an OpenID Connect provider, against a real one: canaille, started in the test process by
pytest-iam and reached over HTTP. Nothing of the provider is mocked: the tests drive the app's HTTP routes
with Starlette's client, and stand in for the browser at the provider with plain HTTP requests.

A tampered, replayed, stale or misdirected answer never signs anyone in and leaves a ``login_failed`` entry
with its reason, and the person lands on the sign-in page with a message from the catalog.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import json
import secrets
import socket
import time
import uuid
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey
from pytest_iam import Server
from sqlalchemy import select, update
from starlette.testclient import TestClient

from livinglab.core.audit import AuditEvent
from livinglab.core.database import as_utc, session_scope, utcnow
from livinglab.core.migrations import upgrade_to_head
from livinglab.core.settings import get_settings
from livinglab.identity import oidc
from livinglab.identity import service as identity
from livinglab.identity.guard import SESSION_COOKIE
from livinglab.identity.models import ExternalIdentity, Membership, OidcLogin, Person
from livinglab.identity.routes import OIDC_BROWSER_COOKIE, auth_routes
from livinglab.identity.sessions import load_identity
from livinglab.ui import routes
from tests.conftest import app_pointed_at

APP_URL = "http://testserver"
REDIRECT_URI = APP_URL + routes.AUTH_OIDC_CALLBACK
CLIENT_SECRET = "secret-du-client-de-test"
ORGANIZATION = "accueil-test"

T = TypeVar("T")


def register_client(iam_server: Server, *, audience: list[Any] | None = None) -> Any:
    """A client of the provider, as its administrator would register this deployment."""
    client = iam_server.models.Client(
        client_id=f"livinglab-{uuid.uuid4().hex[:8]}",
        client_secret=CLIENT_SECRET,
        client_name="Living Lab",
        redirect_uris=[REDIRECT_URI],
        grant_types=["authorization_code"],
        response_types=["code"],
        token_endpoint_auth_method="client_secret_basic",
        scope=["openid", "profile", "email"],
    )
    iam_server.backend.save(client)
    # The audience of the ID tokens canaille issues: normally the client itself.
    client.audience = audience or [client]
    iam_server.backend.save(client)
    return client


@pytest.fixture
def provider_client(iam_server: Server) -> Any:
    # One registration per test: canaille's in-memory store answers a query on several fields with the
    # records matching any of them, so another test's unused code or consent for the same client would do.
    return register_client(iam_server)


def issuer_of(iam_server: Server) -> str:
    return iam_server.url.rstrip("/")


@pytest.fixture
def configure(
    iam_server: Server, provider_client: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[Any]:
    """The app on a fresh migrated database; ``configure(client_id=…, issuer=…)`` changes its provider."""
    url = f"sqlite:///{tmp_path / 'lab.db'}"
    upgrade_to_head(url)

    def point_at(*, client_id: str = provider_client.client_id, issuer: str = issuer_of(iam_server)) -> None:
        monkeypatch.setenv("LIVINGLAB_OIDC_ISSUER", issuer)
        monkeypatch.setenv("LIVINGLAB_OIDC_CLIENT_ID", client_id)
        monkeypatch.setenv("LIVINGLAB_OIDC_CLIENT_SECRET", CLIENT_SECRET)
        monkeypatch.setenv("LIVINGLAB_OIDC_ORGANIZATION", ORGANIZATION)
        monkeypatch.setenv("LIVINGLAB_PUBLIC_URL", APP_URL)
        get_settings.cache_clear()

    point_at()
    with app_pointed_at(url, tmp_path):
        yield point_at


@pytest.fixture
def browser(configure: Any) -> Iterator[TestClient]:
    """The app's HTTP routes, as one browser with its own cookies reaches them."""
    with TestClient(auth_routes(), base_url=APP_URL) as client:
        yield client


def make_provider_user(iam_server: Server, *, email: str | None = None, **fields: Any) -> Any:
    name = f"user{uuid.uuid4().hex[:8]}"
    return iam_server.random_user(
        user_name=name,
        emails=[email or f"{name}@provider.test"],
        password="mot de passe du fournisseur",
        **fields,
    )


@pytest.fixture
def provider_user(iam_server: Server, provider_client: Any) -> Iterator[Any]:
    """A person signed in at the provider who already agreed to share their profile with the app."""
    user = make_provider_user(
        iam_server, given_name="Amina", family_name="Diallo", formatted_name="Amina Diallo"
    )
    iam_server.consent(user, provider_client)
    iam_server.login(user)
    yield user
    iam_server.logout()


def start(browser: TestClient, next_path: str = routes.CYCLES) -> str:
    """Press the provider's button: the provider's address the app sends the browser to."""
    response = browser.get(routes.AUTH_OIDC_START, params={"suite": next_path}, follow_redirects=False)
    assert response.status_code == 303
    return response.headers["location"]


def at_provider(authorization_url: str, **form: str) -> str:
    """The callback address the provider sends the browser to (the person is signed in there already)."""
    if form:
        answer = httpx.post(authorization_url, data=form, follow_redirects=False)
    else:
        answer = httpx.get(authorization_url, follow_redirects=False)
    assert answer.status_code == 302, answer.text[:500]
    callback = answer.headers["location"]
    assert callback.startswith(REDIRECT_URI)
    return str(callback)


def back_to_app(browser: TestClient, callback: str) -> httpx.Response:
    return browser.get(callback.removeprefix(APP_URL), follow_redirects=False)


def with_query(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    return urlunsplit(parts._replace(query=urlencode({**query, **changes})))


def audit_events(action: str) -> list[AuditEvent]:
    with session_scope() as db:
        return list(db.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


def assert_refused(
    response: httpx.Response, *, page_error: oidc.PageError, reason: str, **detail: str
) -> None:
    """Back on the sign-in page with the page's message code, no session, the reason in the audit trail."""
    assert response.status_code == 303
    location = urlsplit(response.headers["location"])
    assert location.path == routes.SIGN_IN
    assert parse_qs(location.query)["erreur"] == [page_error.value]
    assert SESSION_COOKIE not in response.cookies
    assert audit_events("login") == []
    [failed] = audit_events("login_failed")
    assert failed.detail == {"method": "oidc", "reason": reason, **detail}


def test_a_person_signs_in_and_lands_where_they_were_heading(
    iam_server: Server, browser: TestClient, provider_user: Any
) -> None:
    authorization_url = start(browser)
    sent = parse_qs(urlsplit(authorization_url).query)
    assert authorization_url.startswith(issuer_of(iam_server))
    assert sent["code_challenge_method"] == ["S256"]
    assert sent["redirect_uri"] == [REDIRECT_URI]
    assert {"state", "nonce", "code_challenge"} <= set(sent)
    [binding] = [cookie for cookie in browser.cookies.jar if cookie.name == OIDC_BROWSER_COOKIE]
    assert binding.path == routes.AUTH_OIDC_CALLBACK
    assert binding.has_nonstandard_attr("HttpOnly")

    response = back_to_app(browser, at_provider(authorization_url))

    assert response.status_code == 303
    assert response.headers["location"] == routes.CYCLES
    assert OIDC_BROWSER_COOKIE not in browser.cookies
    with session_scope() as db:
        viewer = load_identity(db=db, token=response.cookies[SESSION_COOKIE])
        assert viewer is not None
        assert viewer.display_name == "Amina Diallo"
        person = db.get(Person, viewer.person_id)
        assert person is not None
        assert person.email == provider_user.emails[0].lower()
        # Nobody gets a role from the provider: an administrator grants it.
        assert not person.is_admin
        assert db.scalars(select(Membership).where(Membership.person_id == person.id)).all() == []
        [link] = db.scalars(select(ExternalIdentity)).all()
        assert (link.person_id, link.issuer, link.subject) == (
            person.id,
            issuer_of(iam_server),
            provider_user.user_name,
        )
        assert db.scalars(select(OidcLogin)).all() == []
    [created] = audit_events("create_person")
    assert created.detail == {"issuer": issuer_of(iam_server), "organization": ORGANIZATION}
    [login] = audit_events("login")
    assert login.actor_person_id == viewer.person_id
    assert audit_events("login_failed") == []


def test_the_first_sign_in_links_the_person_an_administrator_created_with_that_email(
    iam_server: Server, browser: TestClient, provider_user: Any
) -> None:
    with session_scope() as db:
        existing = identity.create_person(
            db=db, display_name="Amina D.", email=provider_user.emails[0].upper()
        )

    first = back_to_app(browser, at_provider(start(browser)))

    # Later the address changes at the provider: the account, not the address, says who it is.
    iam_server.backend.update(provider_user, emails=["amina.nouvelle@provider.test"])
    iam_server.backend.save(provider_user)
    second = back_to_app(browser, at_provider(start(browser)))

    with session_scope() as db:
        for response in (first, second):
            viewer = load_identity(db=db, token=response.cookies[SESSION_COOKIE])
            assert viewer is not None
            assert viewer.person_id == existing.id
            # The name the administrator gave stays.
            assert viewer.display_name == "Amina D."
        assert len(db.scalars(select(Person)).all()) == 1
    [linked] = audit_events("link_identity")
    assert linked.object_id == str(existing.id)
    assert len(audit_events("login")) == 2


def test_a_state_that_was_tampered_with_signs_nobody_in(browser: TestClient, provider_user: Any) -> None:
    callback = at_provider(start(browser))
    response = back_to_app(browser, with_query(callback, state=secrets.token_urlsafe(32)))
    assert_refused(response, page_error=oidc.PageError.EXPIRED, reason="unknown_state")


def test_an_answer_without_the_browser_binding_cookie_signs_nobody_in(
    browser: TestClient, provider_user: Any
) -> None:
    callback = at_provider(start(browser))
    browser.cookies.clear()
    response = back_to_app(browser, callback)
    assert_refused(response, page_error=oidc.PageError.EXPIRED, reason="missing_browser_binding")
    # The attempt is used up: bringing the cookie back later does not revive it.
    with session_scope() as db:
        assert db.scalars(select(OidcLogin)).all() == []


def test_an_answer_lifted_into_another_browser_signs_nobody_in(
    browser: TestClient, provider_user: Any
) -> None:
    """An attacker who got a victim's callback address (or makes a victim open theirs) gets nowhere."""
    callback = at_provider(start(browser))
    with TestClient(auth_routes(), base_url=APP_URL) as other_browser:
        start(other_browser)  # its own binding cookie, for its own attempt
        response = back_to_app(other_browser, callback)
    assert_refused(response, page_error=oidc.PageError.EXPIRED, reason="browser_mismatch")


def test_an_answer_is_good_once(browser: TestClient, provider_user: Any) -> None:
    callback = at_provider(start(browser))
    binding = browser.cookies[OIDC_BROWSER_COOKIE]
    assert back_to_app(browser, callback).status_code == 303

    browser.cookies.set(OIDC_BROWSER_COOKIE, binding, path=routes.AUTH_OIDC_CALLBACK)
    replay = back_to_app(browser, callback)

    assert replay.headers["location"].startswith(routes.SIGN_IN)
    assert SESSION_COOKIE not in replay.cookies
    assert len(audit_events("login")) == 1
    [failed] = audit_events("login_failed")
    assert failed.detail == {"method": "oidc", "reason": "unknown_state"}


def test_an_attempt_left_too_long_has_expired(browser: TestClient, provider_user: Any) -> None:
    callback = at_provider(start(browser))
    with session_scope() as db:
        db.execute(update(OidcLogin).values(expires_at=utcnow() - dt.timedelta(seconds=1)))
    response = back_to_app(browser, callback)
    assert_refused(response, page_error=oidc.PageError.EXPIRED, reason="expired")


def test_declining_at_the_provider_comes_back_as_cancelled(
    iam_server: Server, browser: TestClient, provider_client: Any
) -> None:
    # Someone who never agreed to share their profile with the app, and says no on the provider's page.
    user = make_provider_user(iam_server)
    iam_server.login(user)
    try:
        callback = at_provider(start(browser), answer="deny")
    finally:
        iam_server.logout()
    assert parse_qs(urlsplit(callback).query)["error"] == ["access_denied"]

    response = back_to_app(browser, callback)

    assert_refused(
        response, page_error=oidc.PageError.CANCELLED, reason="provider_error", error="access_denied"
    )
    assert response.headers["location"] == f"{routes.SIGN_IN}?suite={routes.CYCLES}&erreur=annulee"


def test_an_error_text_of_the_address_never_reaches_the_audit_trail(
    browser: TestClient, provider_user: Any
) -> None:
    callback = at_provider(start(browser))
    response = back_to_app(browser, with_query(callback, error="<script>alert(1)</script>"))
    assert_refused(response, page_error=oidc.PageError.REFUSED, reason="provider_error", error="other")


def test_an_id_token_issued_for_another_nonce_is_refused(browser: TestClient, provider_user: Any) -> None:
    """A code obtained in another sign-in (the attacker's own, with its nonce) is worthless here."""
    authorization_url = start(browser)
    response = back_to_app(
        browser, at_provider(with_query(authorization_url, nonce=secrets.token_urlsafe(32)))
    )
    assert_refused(response, page_error=oidc.PageError.REFUSED, reason="invalid_id_token", check="nonce")


def test_a_code_issued_for_another_pkce_challenge_is_refused_by_the_provider(
    browser: TestClient, provider_user: Any
) -> None:
    authorization_url = start(browser)
    foreign_challenge = base64.urlsafe_b64encode(secrets.token_bytes(32)).rstrip(b"=").decode()
    response = back_to_app(
        browser, at_provider(with_query(authorization_url, code_challenge=foreign_challenge))
    )
    assert_refused(
        response, page_error=oidc.PageError.REFUSED, reason="token_exchange_failed", error="invalid_grant"
    )


def test_an_id_token_meant_for_another_client_is_refused(
    iam_server: Server, configure: Any, browser: TestClient
) -> None:
    # A provider registration whose ID tokens name another application as their audience.
    other_application = register_client(iam_server)
    misdirected = register_client(iam_server, audience=[other_application])
    configure(client_id=misdirected.client_id)
    user = make_provider_user(iam_server)
    iam_server.consent(user, misdirected)
    iam_server.login(user)
    try:
        response = back_to_app(browser, at_provider(start(browser)))
    finally:
        iam_server.logout()
    assert_refused(response, page_error=oidc.PageError.REFUSED, reason="invalid_id_token", check="aud")


def test_an_unreachable_provider_is_said_so(configure: Any, browser: TestClient) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        configure(issuer=f"http://127.0.0.1:{closed.getsockname()[1]}")
        response = browser.get(
            routes.AUTH_OIDC_START, params={"suite": routes.CYCLES}, follow_redirects=False
        )
    assert_refused(response, page_error=oidc.PageError.UNAVAILABLE, reason="provider_unreachable")


@dataclass(frozen=True)
class Issued:
    """A real token response of the provider, for this app and attempt, before the app looked at it."""

    client: oidc.Client
    provider: oidc.Provider
    nonce: str
    token: dict[str, Any]

    def validate(self, **changes: Any) -> dict[str, Any]:
        return oidc.validate_id_token(
            provider=self.provider,
            client_id=self.client.client_id,
            nonce=self.nonce,
            token={**self.token, **changes},
        )


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run on a loop of its own, in a thread: in a run with the browser tests, Playwright holds this one's."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@pytest.fixture
def issued(browser: TestClient, provider_user: Any) -> Issued:
    callback = parse_qs(urlsplit(at_provider(start(browser))).query)
    with session_scope() as db:
        attempt = oidc.take_attempt(
            db=db, state=callback["state"][0], browser_secret=browser.cookies[OIDC_BROWSER_COOKIE]
        )
    client = oidc.configured_client(get_settings())
    assert client is not None
    provider = run(oidc.discover(client.issuer))
    token = run(
        oidc.exchange_code(
            client=client, provider=provider, code=callback["code"][0], code_verifier=attempt.code_verifier
        )
    )
    return Issued(client=client, provider=provider, nonce=attempt.nonce, token=token)


def refused_check(issued: Issued, **changes: Any) -> str:
    with pytest.raises(oidc.ProviderLoginError) as refused:
        issued.validate(**changes)
    assert refused.value.reason == "invalid_id_token"
    return refused.value.detail["check"]


def test_the_provider_id_token_passes_as_issued(issued: Issued, provider_user: Any) -> None:
    claims = issued.validate()
    assert claims["sub"] == provider_user.user_name
    assert claims["iss"] == issued.provider.issuer


def test_an_id_token_signed_with_another_key_is_refused(issued: Issued) -> None:
    """Same claims, same key id, but not the provider's signature."""
    genuine = jwt.decode(
        issued.token["id_token"], issued.provider.keys, algorithms=issued.provider.algorithms
    )
    forged = jwt.encode(
        genuine.header, genuine.claims, RSAKey.generate_key(2048), algorithms=[genuine.header["alg"]]
    )
    assert refused_check(issued, id_token=forged) == "signature"


def test_an_unsigned_id_token_is_refused(issued: Issued) -> None:
    genuine = jwt.decode(
        issued.token["id_token"], issued.provider.keys, algorithms=issued.provider.algorithms
    )
    unsigned = (
        ".".join(
            base64.urlsafe_b64encode(json.dumps(part).encode()).rstrip(b"=").decode()
            for part in ({**genuine.header, "alg": "none"}, genuine.claims)
        )
        + "."
    )
    assert refused_check(issued, id_token=unsigned) == "alg"


def test_an_expired_id_token_is_refused(issued: Issued, monkeypatch: pytest.MonkeyPatch) -> None:
    claims = issued.validate()
    later = claims["exp"] + oidc.CLOCK_LEEWAY_S + 1
    monkeypatch.setattr(time, "time", lambda: later)
    assert refused_check(issued) == "exp"


def test_a_token_response_without_id_token_is_refused(issued: Issued) -> None:
    assert refused_check(issued, id_token=None) == "missing"


def test_an_email_the_provider_says_it_did_not_verify_links_nobody(configure: Any) -> None:
    """A provider that lets people type any address and says so must not hand them an existing account."""
    client = oidc.configured_client(get_settings())
    assert client is not None
    claims = {"iss": client.issuer, "sub": "someone", "email": "admin@lab.test", "email_verified": False}
    with session_scope() as db:
        admin = identity.create_person(db=db, display_name="Admin", email="admin@lab.test", is_admin=True)
    with session_scope() as db, pytest.raises(oidc.ProviderLoginError) as refused:
        oidc.resolve_person(db=db, client=client, claims=claims)
    assert (refused.value.reason, refused.value.person_id) == ("email_unverified", admin.id)

    # Without a person to take over, the sign-in goes on, but the unverified address is not kept.
    with session_scope() as db:
        person_id = oidc.resolve_person(
            db=db, client=client, claims={**claims, "email": "new@lab.test", "preferred_username": "new"}
        )
        person = db.get(Person, person_id)
        assert person is not None
        assert (person.display_name, person.email) == ("new", None)


def test_attempts_nobody_came_back_from_are_cleared_as_new_ones_start(browser: TestClient) -> None:
    start(browser)
    with session_scope() as db:
        db.execute(update(OidcLogin).values(expires_at=utcnow() - dt.timedelta(seconds=1)))
    start(browser)
    with session_scope() as db:
        [left] = db.scalars(select(OidcLogin)).all()
        assert as_utc(left.expires_at) > utcnow()
