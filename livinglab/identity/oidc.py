"""Staff sign-in through the organization's OpenID Connect provider: authorization code flow with PKCE (S256).

1. :func:`begin_login` keeps a sign-in attempt (state, nonce, PKCE verifier, where to go next) bound to the
   browser by a secret the route puts in a short-lived HttpOnly cookie, and gives the provider's address.
2. The provider sends the person back with ``code`` and ``state``. :func:`take_attempt` finds the attempt by
   its state, uses it up whatever happens next (a state works once), and checks it is fresh and comes back
   in the browser that started it. :func:`check_answer` turns the provider's own refusal into ours.
3. :func:`authenticate` trades the code (with the verifier) for tokens and accepts the ID token only if its
   signature checks against the provider's published keys and its issuer, audience, expiry and nonce are
   this deployment's and this attempt's.
4. :func:`resolve_person` says which person the provider vouched for.

The provider's discovery document and keys are fetched from the provider when someone signs in and kept in
memory for a few minutes. Every refusal is a :class:`ProviderLoginError`: a reason for the audit trail
(never a token) and what the sign-in page tells the person.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import hmac
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
from authlib.oauth2.rfc6749.parameters import prepare_grant_uri  # type: ignore[import-untyped]
from authlib.oauth2.rfc7636 import create_s256_code_challenge  # type: ignore[import-untyped]
from authlib.oidc.core import CodeIDToken  # type: ignore[import-untyped]
from joserfc import jwt
from joserfc.errors import (
    BadSignatureError,
    ClaimError,
    InvalidKeyIdError,
    JoseError,
    UnsupportedAlgorithmError,
)
from joserfc.jwk import KeySet
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from livinglab.core import audit
from livinglab.core.database import as_utc, utcnow
from livinglab.core.errors import RecordedRefusal
from livinglab.core.settings import Settings
from livinglab.identity.models import ExternalIdentity, OidcLogin, Person
from livinglab.identity.service import EMAIL_MAX_LENGTH, EMAIL_PATTERN, PERSON_NAME_MAX_LENGTH, create_person
from livinglab.ui import routes

# Long enough to type a password and answer a second factor at the provider, short enough that an abandoned
# attempt is soon worthless.
LOGIN_LIFETIME = dt.timedelta(minutes=10)
# Keys rotate rarely and an unknown key id triggers a fresh fetch anyway: a few minutes spare the provider a
# round trip at every sign-in.
PROVIDER_CACHE_S = 600
HTTP_TIMEOUT_S = 10
# Clocks of the provider and of this server may differ a little.
CLOCK_LEEWAY_S = 60
SCOPE = "openid email profile"
# Signatures with the provider's private key only: "none" proves nothing, and the HMAC algorithms would make
# the client secret, which this server also holds, a signing key.
SIGNING_ALGORITHMS = (
    "RS256",
    "RS384",
    "RS512",
    "PS256",
    "PS384",
    "PS512",
    "ES256",
    "ES384",
    "ES512",
    "EdDSA",
)
# The provider's refusals (RFC 6749 §4.1.2.1, OpenID Connect Core §3.1.2.6) are kept in the audit trail by
# name; anything else a URL can carry is recorded as "other".
PROVIDER_ERRORS = frozenset(
    {
        "access_denied",
        "invalid_request",
        "unauthorized_client",
        "unsupported_response_type",
        "invalid_scope",
        "server_error",
        "temporarily_unavailable",
        "interaction_required",
        "login_required",
        "account_selection_required",
        "consent_required",
        # The token endpoint's (RFC 6749 §5.2).
        "invalid_client",
        "invalid_grant",
        "unsupported_grant_type",
    }
)


class PageError(enum.StrEnum):
    """What the sign-in page says after a failed sign-in: its ``?erreur=`` values, the page's allow-list."""

    CANCELLED = "annulee"
    EXPIRED = "expiree"
    REFUSED = "refusee"
    UNAVAILABLE = "indisponible"
    # A sign-in ticket link opened in another browser than the one that signed in (sessions.py).
    OTHER_BROWSER = "autre-navigateur"


# Only the catalog speaks to the person: the address carries a code from this list, never a sentence.
LOGIN_ERROR_MESSAGES = {
    PageError.CANCELLED: "login.oidc.error.cancelled",
    PageError.EXPIRED: "login.oidc.error.expired",
    PageError.REFUSED: "login.oidc.error.refused",
    PageError.UNAVAILABLE: "login.oidc.error.unavailable",
    PageError.OTHER_BROWSER: "login.error.other_browser",
}


class ProviderLoginError(RecordedRefusal):
    """A sign-in through the provider refused. ``reason`` and ``detail`` go to the audit trail.

    A recorded refusal: an attempt used up before the refusal stays used up.
    """

    def __init__(
        self, page_error: PageError, reason: str, /, *, person_id: int | None = None, **detail: str
    ) -> None:
        super().__init__(LOGIN_ERROR_MESSAGES[page_error], reason=reason)
        self.page_error = page_error
        self.reason = reason
        self.person_id = person_id
        self.detail = detail


@dataclass(frozen=True)
class Client:
    """This deployment as a client of the provider, from the settings."""

    issuer: str
    client_id: str
    client_secret: str | None
    redirect_uri: str
    # An organization slug, or None: see resolve_person.
    organization: str | None
    # The provider's name on the sign-in button.
    label: str


def configured_client(settings: Settings) -> Client | None:
    """The provider client the settings describe, or None when people sign in with local accounts only."""
    if not (settings.oidc_issuer and settings.oidc_client_id):
        return None
    return Client(
        issuer=settings.oidc_issuer,
        client_id=settings.oidc_client_id,
        client_secret=settings.oidc_client_secret,
        redirect_uri=settings.public_url.rstrip("/") + routes.AUTH_OIDC_CALLBACK,
        organization=settings.oidc_organization,
        label=settings.oidc_label or urlsplit(settings.oidc_issuer).hostname or settings.oidc_issuer,
    )


@dataclass(frozen=True)
class Provider:
    """What the provider's discovery document and key set say, as fetched at ``fetched_at``."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    algorithms: tuple[str, ...]
    keys: KeySet
    fetched_at: float


# One entry per issuer. Two sign-ins racing past an expired entry both fetch it: harmless, and no lock to
# share between the event loops of several servers or tests.
_providers: dict[str, Provider] = {}


async def _get_json(http: httpx.AsyncClient, url: str) -> dict[str, Any]:
    response = await http.get(url)
    response.raise_for_status()
    document = response.json()
    if not isinstance(document, dict):
        raise ValueError(f"{url} is not a JSON object")
    return document


async def _fetch_provider(issuer: str) -> Provider:
    discovery_url = issuer.rstrip("/") + "/.well-known/openid-configuration"
    try:
        async with httpx.AsyncClient(timeout=HTTP_TIMEOUT_S) as http:
            metadata = await _get_json(http, discovery_url)
            jwks = await _get_json(http, str(metadata["jwks_uri"]))
        provider = Provider(
            issuer=str(metadata["issuer"]),
            authorization_endpoint=str(metadata["authorization_endpoint"]),
            token_endpoint=str(metadata["token_endpoint"]),
            algorithms=tuple(
                alg
                for alg in SIGNING_ALGORITHMS
                if alg in (metadata.get("id_token_signing_alg_values_supported") or ["RS256"])
            ),
            keys=KeySet.import_key_set(jwks),  # type: ignore[arg-type]  # joserfc checks the shape
            fetched_at=time.monotonic(),
        )
    except (httpx.HTTPError, ValueError, KeyError, JoseError) as error:
        raise ProviderLoginError(PageError.UNAVAILABLE, "provider_unreachable") from error
    # OpenID Connect Discovery §4.3: the document must name the issuer it was asked for, or a misconfigured
    # or impersonating server could pass off another issuer's tokens as this provider's.
    if provider.issuer.rstrip("/") != issuer.rstrip("/"):
        raise ProviderLoginError(PageError.UNAVAILABLE, "discovery_issuer_mismatch")
    return provider


async def discover(issuer: str, *, refresh: bool = False) -> Provider:
    """The provider's endpoints and keys, from memory if fetched less than PROVIDER_CACHE_S ago."""
    known = _providers.get(issuer)
    if refresh or known is None or time.monotonic() - known.fetched_at > PROVIDER_CACHE_S:
        known = _providers[issuer] = await _fetch_provider(issuer)
    return known


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class LoginStart:
    authorization_url: str
    # For the browser-binding cookie; only its hash is kept.
    browser_secret: str


def begin_login(*, db: Session, client: Client, provider: Provider, next_path: str) -> LoginStart:
    """Keep a new attempt and give the provider's address that starts it."""
    # Attempts nobody came back from are worthless once expired: they go as new ones come.
    db.execute(delete(OidcLogin).where(OidcLogin.expires_at <= utcnow()))
    state, nonce, browser_secret = (secrets.token_urlsafe(32) for _ in range(3))
    # RFC 7636 §4.1: 43 to 128 characters of the unreserved set (64 here).
    code_verifier = secrets.token_urlsafe(48)
    db.add(
        OidcLogin(
            state_hash=_digest(state),
            browser_hash=_digest(browser_secret),
            nonce=nonce,
            code_verifier=code_verifier,
            next_path=routes.safe_next_path(next_path),
            expires_at=utcnow() + LOGIN_LIFETIME,
        )
    )
    db.flush()
    url = prepare_grant_uri(
        provider.authorization_endpoint,
        client_id=client.client_id,
        response_type="code",
        redirect_uri=client.redirect_uri,
        scope=SCOPE,
        state=state,
        nonce=nonce,
        code_challenge=create_s256_code_challenge(code_verifier),
        code_challenge_method="S256",
    )
    return LoginStart(authorization_url=str(url), browser_secret=browser_secret)


@dataclass(frozen=True)
class Attempt:
    """A sign-in attempt brought back by the provider, already used up."""

    nonce: str
    code_verifier: str
    next_path: str


def take_attempt(*, db: Session, state: str | None, browser_secret: str | None) -> Attempt:
    """The attempt ``state`` names, if it is fresh and back in the browser that started it.

    Found, it is deleted whatever the verdict: a state is good for one try, so a replayed or stolen callback
    address is worthless.
    """
    found = db.scalars(select(OidcLogin).where(OidcLogin.state_hash == _digest(state or ""))).first()
    if not state or found is None:
        raise ProviderLoginError(PageError.EXPIRED, "unknown_state")
    db.delete(found)
    db.flush()
    if as_utc(found.expires_at) <= utcnow():
        raise ProviderLoginError(PageError.EXPIRED, "expired")
    if not browser_secret:
        raise ProviderLoginError(PageError.EXPIRED, "missing_browser_binding")
    if not hmac.compare_digest(found.browser_hash, _digest(browser_secret)):
        raise ProviderLoginError(PageError.EXPIRED, "browser_mismatch")
    return Attempt(nonce=found.nonce, code_verifier=found.code_verifier, next_path=found.next_path)


def _provider_error(code: object) -> str:
    """A provider's error code for the audit trail; the URL could carry any text."""
    return code if isinstance(code, str) and code in PROVIDER_ERRORS else "other"


def check_answer(*, client: Client, query: Mapping[str, str]) -> str:
    """The authorization code the provider sent back, unless it sent a refusal instead."""
    if "error" in query:
        error = _provider_error(query["error"])
        raise ProviderLoginError(
            PageError.CANCELLED if error == "access_denied" else PageError.REFUSED,
            "provider_error",
            error=error,
        )
    # RFC 9207: a provider that names itself in the answer must be ours.
    if "iss" in query and query["iss"].rstrip("/") != client.issuer.rstrip("/"):
        raise ProviderLoginError(PageError.REFUSED, "issuer_mismatch")
    code = query.get("code")
    if not code:
        raise ProviderLoginError(PageError.REFUSED, "missing_code")
    return code


def _failed_check(error: JoseError) -> str:
    """Which check an ID token failed, for the audit trail."""
    if isinstance(error, ClaimError):
        return error.claim
    if isinstance(error, InvalidKeyIdError):
        return "kid"
    if isinstance(error, BadSignatureError):
        return "signature"
    if isinstance(error, UnsupportedAlgorithmError):
        return "alg"
    return "format"


def validate_id_token(
    *, provider: Provider, client_id: str, nonce: str, token: Mapping[str, Any]
) -> dict[str, Any]:
    """The claims of the token response's ID token, if it is the provider's, for this client and attempt.

    Checked: the signature, with one of the provider's published keys and an algorithm of SIGNING_ALGORITHMS;
    the issuer; the audience (and the authorized party when there are several); the expiry and issue time,
    within CLOCK_LEEWAY_S; the nonce of this attempt; the access token hash when present.
    """
    id_token = token.get("id_token")
    if not isinstance(id_token, str):
        raise ProviderLoginError(PageError.REFUSED, "invalid_id_token", check="missing")
    try:
        decoded = jwt.decode(id_token, provider.keys, algorithms=provider.algorithms)
        claims = CodeIDToken(
            decoded.claims,
            decoded.header,
            {
                "iss": {"essential": True, "value": provider.issuer},
                "aud": {"essential": True, "value": client_id},
                # The identity column holds 255 characters, as OpenID Connect Core §2 allows.
                "sub": {"essential": True, "validate": lambda _claims, sub: len(sub) <= 255},
                "nonce": {"essential": True, "value": nonce},
            },
            {"nonce": nonce, "client_id": client_id, "access_token": token.get("access_token")},
        )
        claims.validate(leeway=CLOCK_LEEWAY_S)
    except JoseError as error:
        raise ProviderLoginError(PageError.REFUSED, "invalid_id_token", check=_failed_check(error)) from error
    return dict(claims)


async def exchange_code(
    *, client: Client, provider: Provider, code: str, code_verifier: str
) -> dict[str, Any]:
    """The provider's token response for the code (RFC 6749 §4.1.3) and PKCE verifier (RFC 7636 §4.5)."""
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": client.redirect_uri,
        "code_verifier": code_verifier,
    }
    # A confidential client proves itself with its secret (client_secret_basic, every provider's default);
    # a public one only names itself, and PKCE alone ties the code to this server.
    auth = httpx.BasicAuth(client.client_id, client.client_secret) if client.client_secret else None
    if auth is None:
        form["client_id"] = client.client_id
    try:
        async with httpx.AsyncClient(timeout=HTTP_TIMEOUT_S, auth=auth) as http:
            response = await http.post(
                provider.token_endpoint, data=form, headers={"Accept": "application/json"}
            )
        token = response.json()
    except (httpx.HTTPError, ValueError) as error:
        raise ProviderLoginError(PageError.UNAVAILABLE, "provider_unreachable") from error
    if not isinstance(token, dict) or response.status_code != httpx.codes.OK or "error" in token:
        error_code = token.get("error") if isinstance(token, dict) else None
        raise ProviderLoginError(
            PageError.REFUSED, "token_exchange_failed", error=_provider_error(error_code)
        )
    return token


async def authenticate(*, client: Client, attempt: Attempt, code: str) -> dict[str, Any]:
    """Trade the code for tokens at the provider; the validated claims of the ID token."""
    provider = await discover(client.issuer)
    token = await exchange_code(
        client=client, provider=provider, code=code, code_verifier=attempt.code_verifier
    )
    try:
        return validate_id_token(
            provider=provider, client_id=client.client_id, nonce=attempt.nonce, token=token
        )
    except ProviderLoginError as failure:
        if failure.detail.get("check") != "kid":
            raise
    # Signed with a key published after our copy of the key set was fetched: the provider rotated its keys.
    provider = await discover(client.issuer, refresh=True)
    return validate_id_token(provider=provider, client_id=client.client_id, nonce=attempt.nonce, token=token)


def _email(claims: Mapping[str, Any]) -> str | None:
    email = claims.get("email")
    if not isinstance(email, str):
        return None
    email = email.strip().lower()
    return email if len(email) <= EMAIL_MAX_LENGTH and EMAIL_PATTERN.fullmatch(email) else None


def _display_name(claims: Mapping[str, Any], email: str | None) -> str:
    given_and_family = " ".join(
        part.strip()
        for part in (claims.get("given_name"), claims.get("family_name"))
        if isinstance(part, str)
    )
    for candidate in (claims.get("name"), given_and_family, claims.get("preferred_username"), email):
        if isinstance(candidate, str) and candidate.strip():
            return candidate.strip()[:PERSON_NAME_MAX_LENGTH]
    return claims["sub"][:PERSON_NAME_MAX_LENGTH]  # type: ignore[no-any-return]


def resolve_person(*, db: Session, client: Client, claims: Mapping[str, Any]) -> int:
    """The person the provider vouched for: known by their provider account, found by email, or new.

    - Known: the (issuer, subject) pair was linked before; the email no longer matters.
    - Found: a person an administrator created with this email, not yet linked to another account at this
      provider, is linked now. The provider must not deny having verified the address: ``email_verified``
      false refuses. An absent claim is trusted, because this is the organization's own provider, named by
      the deployment's administrator, whose directory hands out the addresses (canaille, directory-backed
      Keycloak realms, Microsoft Entra often omit the claim); a provider where people type their own
      address would have to send ``email_verified``.
    - New: a person with that email (if verified) and no role. Being in the organization's directory says
      nothing of which role a person holds, so an administrator grants roles afterwards; the audit entry
      names the organization of ``client.organization`` so the administrator knows where.
    """
    issuer, subject = claims["iss"], claims["sub"]
    linked = db.scalars(
        select(ExternalIdentity.person_id).where(
            ExternalIdentity.issuer == issuer, ExternalIdentity.subject == subject
        )
    ).first()
    if linked is not None:
        return linked
    email = _email(claims)
    verified = claims.get("email_verified", True) in (True, "true")
    person = db.scalars(select(Person).where(func.lower(Person.email) == email)).first() if email else None
    if person is not None:
        if not verified:
            raise ProviderLoginError(PageError.REFUSED, "email_unverified", person_id=person.id)
        elsewhere = db.scalars(
            select(ExternalIdentity.id).where(
                ExternalIdentity.person_id == person.id, ExternalIdentity.issuer == issuer
            )
        ).first()
        if elsewhere is not None:
            # The address now belongs to someone else at the provider (a reused address).
            raise ProviderLoginError(PageError.REFUSED, "email_linked_elsewhere", person_id=person.id)
        audit.record(
            db=db,
            action="link_identity",
            object_type="person",
            object_id=person.id,
            detail={"issuer": issuer},
        )
    else:
        person = create_person(
            db=db, display_name=_display_name(claims, email), email=email if verified else None
        )
        audit.record(
            db=db,
            action="create_person",
            object_type="person",
            object_id=person.id,
            detail={"issuer": issuer, "organization": client.organization},
        )
    db.add(ExternalIdentity(person_id=person.id, issuer=issuer, subject=subject))
    db.flush()
    return person.id


def record_failure(*, db: Session, failure: ProviderLoginError) -> None:
    """The ``login_failed`` audit entry of a refused sign-in: its reason, never a token."""
    audit.record(
        db=db,
        action="login_failed",
        object_type="person",
        object_id=failure.person_id,
        detail={"method": "oidc", "reason": failure.reason, **failure.detail},
    )
