"""Single sign-on with OpenID Connect: the authorization code flow with PKCE, the ID token
checked with authlib (signature from the provider's JWKS, issuer, audience, expiry, nonce),
and the person it names found by e-mail or employee id, or created when that is switched on.

What a browser's sign-in needs between leaving for the provider and coming back (state,
nonce, PKCE verifier, where to go next) travels in a signed cookie, so any worker can
finish a sign-in another one started."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote_plus

import httpx
from authlib.common.security import generate_token
from authlib.common.urls import add_params_to_uri
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peoplefirst.domain.access import SignInMethod
from peoplefirst.domain.audit import AuditAction
from peoplefirst.services import audit
from peoplefirst.services.sign_in import start_session
from peoplefirst.settings import Settings
from peoplefirst.storage import tables as t

CALLBACK_PATH = "/sign-in/sso/callback"
FLOW_SECONDS = 600  # a sign-in left at the provider longer than this starts again
METADATA_SECONDS = 3600  # how long the discovery document and JWKS are trusted unchanged
HTTP_SECONDS = 10.0
CLOCK_LEEWAY_SECONDS = 60


class SsoFailed(Exception):
    """A single sign-on that signs nobody in; `problem` says why, in the user's words."""

    def __init__(self, problem: str, *, status: int = 400) -> None:
        super().__init__(problem)
        self.problem = problem
        self.status = status


@dataclass(frozen=True, slots=True)
class SsoConfig:
    issuer: str
    client_id: str
    client_secret: str
    redirect_uri: str
    scopes: str
    match_claim: str
    create_people: bool
    label: str
    secret_key: str

    @classmethod
    def from_settings(cls, settings: Settings) -> SsoConfig | None:
        """The configuration, or None when single sign-on is not set up."""
        if not settings.sso_enabled:
            return None
        return cls(
            issuer=settings.oidc_issuer.rstrip("/"),
            client_id=settings.oidc_client_id,
            client_secret=settings.oidc_client_secret,
            redirect_uri=settings.public_url.rstrip("/") + CALLBACK_PATH,
            scopes=settings.oidc_scopes,
            match_claim=settings.oidc_match_claim,
            create_people=settings.oidc_create_people,
            label=settings.oidc_label,
            secret_key=settings.secret_key,
        )


class ProviderMetadata:
    """The provider's discovery document and signing keys, fetched when first needed (never
    at import or start-up, so the app starts while the provider is down) and kept for an
    hour; an ID token signed with a key not yet seen fetches the keys again once."""

    def __init__(self, issuer: str) -> None:
        self.issuer = issuer.rstrip("/")
        self._lock = threading.Lock()
        self._metadata: dict[str, Any] | None = None
        self._keys: KeySet | None = None
        self._fetched_at = 0.0

    def _call(
        self, method: str, url: str, *, form: dict[str, str] | None = None, auth: str = ""
    ) -> tuple[int, dict[str, Any]]:
        """The status and JSON object the provider answers at `url`."""
        headers = {"Accept": "application/json"} | ({"Authorization": auth} if auth else {})
        try:
            with httpx.Client(timeout=HTTP_SECONDS) as http:
                answer = http.request(method, url, data=form, headers=headers)
                body = answer.json()
        except (httpx.HTTPError, ValueError) as error:
            raise SsoFailed(
                f"the sign-in provider could not be reached ({url}: {error})", status=502
            ) from error
        if not isinstance(body, dict):
            raise SsoFailed(f"the sign-in provider sent something unexpected at {url}", status=502)
        return answer.status_code, body

    def _get(self, url: str) -> dict[str, Any]:
        status, body = self._call("GET", url)
        if status != 200:
            raise SsoFailed(f"the sign-in provider answered {status} at {url}", status=502)
        return body

    def metadata(self) -> dict[str, Any]:
        with self._lock:
            if self._metadata is None or time.monotonic() - self._fetched_at > METADATA_SECONDS:
                found = self._get(self.issuer + "/.well-known/openid-configuration")
                if str(found.get("issuer", "")).rstrip("/") != self.issuer:
                    raise SsoFailed(
                        "the sign-in provider's discovery document names another issuer "
                        f"({found.get('issuer')!r}, expected {self.issuer!r})",
                        status=502,
                    )
                missing = [
                    k
                    for k in ("authorization_endpoint", "token_endpoint", "jwks_uri")
                    if not found.get(k)
                ]
                if missing:
                    raise SsoFailed(
                        f"the sign-in provider's discovery document lacks {', '.join(missing)}",
                        status=502,
                    )
                self._metadata, self._keys = found, None
                self._fetched_at = time.monotonic()
            return self._metadata

    def keys(self, *, refresh: bool = False) -> KeySet:
        uri = str(self.metadata()["jwks_uri"])
        with self._lock:
            if self._keys is None or refresh:
                try:
                    self._keys = KeySet.import_key_set(self._get(uri))  # type: ignore[arg-type]
                except (JoseError, ValueError, TypeError) as error:
                    raise SsoFailed(
                        f"the sign-in provider's keys could not be read ({error})", status=502
                    ) from error
            return self._keys

    def token(self, *, code: str, verifier: str, config: SsoConfig) -> dict[str, Any]:
        """Exchange the code (with the PKCE verifier) at the token endpoint."""
        found = self.metadata()
        methods = found.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": config.redirect_uri,
            "code_verifier": verifier,
        }
        auth = ""
        if "client_secret_basic" in methods or "client_secret_post" not in methods:
            # RFC 6749 2.3.1: id and secret are form-encoded before they are joined.
            pair = f"{quote_plus(config.client_id)}:{quote_plus(config.client_secret)}"
            auth = "Basic " + base64.b64encode(pair.encode()).decode()
        else:
            form |= {"client_id": config.client_id, "client_secret": config.client_secret}
        status, body = self._call("POST", str(found["token_endpoint"]), form=form, auth=auth)
        if status != 200 or "error" in body:
            raise SsoFailed(
                "the sign-in provider refused to finish the sign-in "
                f"({body.get('error', status)}: {body.get('error_description', '')}); "
                "a link to finish a sign-in works once, so start again",
                status=401,
            )
        return body


# -- the flow cookie -----------------------------------------------------------------------


def _mac(secret_key: str, payload: bytes) -> str:
    key = hashlib.sha256(b"sso-flow:" + secret_key.encode()).digest()
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def seal_flow(flow: Mapping[str, Any], *, secret_key: str) -> str:
    # Unpadded: a cookie value with "=" is sent back quoted.
    payload = base64.urlsafe_b64encode(json.dumps(flow, sort_keys=True).encode()).rstrip(b"=")
    return f"{payload.decode()}.{_mac(secret_key, payload)}"


def open_flow(sealed: str | None, *, secret_key: str, now: datetime) -> dict[str, Any]:
    """The flow a browser's cookie holds; refused when missing, changed or too old."""
    if not sealed:
        raise SsoFailed(
            "no single sign-on was started in this browser, or it was already finished; "
            "start again from the sign-in page"
        )
    payload, _, mac = sealed.partition(".")
    if not hmac.compare_digest(mac.encode(), _mac(secret_key, payload.encode()).encode()):
        raise SsoFailed("this sign-in was tampered with; start again from the sign-in page")
    flow: dict[str, Any] = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    if now.timestamp() - float(flow["at"]) > FLOW_SECONDS:
        raise SsoFailed(
            f"this sign-in took longer than {FLOW_SECONDS // 60} minutes; "
            "start again from the sign-in page"
        )
    return flow


# -- the flow ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SsoStart:
    url: str  # the provider's page to send the browser to
    flow: str  # the sealed cookie value that must come back with it


def start(
    config: SsoConfig, provider: ProviderMetadata, *, next_page: str, now: datetime
) -> SsoStart:
    """Where to send the browser to sign in, and what it must bring back."""
    state, nonce, verifier = generate_token(32), generate_token(32), generate_token(64)
    params = {
        "response_type": "code",
        "client_id": config.client_id,
        "redirect_uri": config.redirect_uri,
        "scope": config.scopes,
        "state": state,
        "nonce": nonce,
        "code_challenge": create_s256_code_challenge(verifier),
        "code_challenge_method": "S256",
    }
    url = add_params_to_uri(str(provider.metadata()["authorization_endpoint"]), params)
    flow = {"state": state, "nonce": nonce, "verifier": verifier, "next": next_page}
    return SsoStart(url, seal_flow(flow | {"at": now.timestamp()}, secret_key=config.secret_key))


@dataclass(frozen=True, slots=True)
class SsoFinished:
    token: str  # the session cookie's token
    next_page: str
    person_id: int


def id_token_claims(
    provider: ProviderMetadata, config: SsoConfig, token: Mapping[str, Any], *, nonce: str
) -> dict[str, Any]:
    """The ID token's claims once its signature, issuer, audience, expiry and nonce hold."""
    raw = token.get("id_token")
    if not isinstance(raw, str):
        raise SsoFailed("the sign-in provider sent no ID token", status=502)
    algorithms = provider.metadata().get("id_token_signing_alg_values_supported") or ["RS256"]
    registry = JWSRegistry(algorithms=[a for a in algorithms if a != "none"])
    try:
        try:
            decoded = jwt.decode(raw, provider.keys(), registry=registry)
        except InvalidKeyIdError:  # the provider rotated its keys since we fetched them
            decoded = jwt.decode(raw, provider.keys(refresh=True), registry=registry)
        claims = CodeIDToken(
            decoded.claims,
            decoded.header,
            {
                "iss": {"essential": True, "value": config.issuer},
                "aud": {"essential": True, "value": config.client_id},
            },
            {
                "nonce": nonce,
                "client_id": config.client_id,
                "access_token": token.get("access_token"),
            },
        )
        claims.validate(leeway=CLOCK_LEEWAY_SECONDS)
    except JoseError as error:
        raise SsoFailed(
            f"the sign-in provider's ID token was refused ({error.error}: {error.description}); "
            "start again from the sign-in page",
            status=401,
        ) from error
    return dict(claims)


def person_for_claims(
    session: Session, config: SsoConfig, claims: Mapping[str, Any], *, now: datetime, address: str
) -> int:
    """The person the claims name (by e-mail, any case, or by employee id), or a new one when
    just-in-time creation is on."""
    value = claims.get(config.match_claim)
    if not isinstance(value, str | int) or not str(value).strip():
        raise SsoFailed(
            f"the sign-in provider did not say your {config.match_claim!r}, which PeopleFirst "
            "uses to find you; ask your administrator",
            status=403,
        )
    value = str(value).strip()
    by_email = config.match_claim == "email"
    if by_email and claims.get("email_verified") is False:
        # Matching an address the provider has not checked would let anyone claim a colleague's.
        raise SsoFailed(
            "the sign-in provider has not verified your e-mail address, so it cannot sign you in",
            status=403,
        )
    column = func.lower(t.Person.email) if by_email else t.Person.employee_id
    found = session.scalars(
        select(t.Person.id).where(column == (value.lower() if by_email else value))
    ).first()
    if found is not None:
        return found
    if not config.create_people:
        audit.record(
            session,
            AuditAction.SIGN_IN_FAILED,
            actor_id=None,
            subject="unknown login",
            detail={"method": SignInMethod.SSO.value},
            address=address,
            now=now,
        )
        session.commit()  # the refusal is audited although nobody signs in
        raise SsoFailed(
            f"PeopleFirst has nobody with the {config.match_claim} {value!r} that the sign-in "
            "provider gave; ask your administrator to add you",
            status=403,
        )
    return _create_person(session, config, claims, value=value, now=now, address=address)


def _create_person(
    session: Session,
    config: SsoConfig,
    claims: Mapping[str, Any],
    *,
    value: str,
    now: datetime,
    address: str,
) -> int:
    email = claims.get("email")
    if not isinstance(email, str) or "@" not in email or claims.get("email_verified") is False:
        raise SsoFailed(
            "PeopleFirst could add you, but the sign-in provider gave no verified e-mail address",
            status=403,
        )
    employee_id = value if config.match_claim != "email" else f"sso-{claims['sub']}"
    taken = session.scalars(
        select(t.Person.id).where(
            (func.lower(t.Person.email) == email.lower())
            | (t.Person.employee_id == employee_id[:64])
        )
    ).first()
    if taken is not None:
        raise SsoFailed(
            "someone in PeopleFirst already has the e-mail address or employee id the sign-in "
            "provider gave; ask your administrator",
            status=409,
        )
    name = claims.get("name")
    person = t.Person(
        employee_id=employee_id[:64],
        name=(name.strip() if isinstance(name, str) and name.strip() else email.split("@")[0])[
            :200
        ],
        email=email[:320],
    )
    session.add(person)
    session.flush()
    audit.record(
        session,
        AuditAction.SSO_PERSON_CREATED,
        actor_id=person.id,
        subject=f"person {person.id}",
        detail={"method": SignInMethod.SSO.value},
        address=address,
        now=now,
    )
    return person.id


def finish(
    session: Session,
    config: SsoConfig,
    provider: ProviderMetadata,
    *,
    flow_cookie: str | None,
    params: Mapping[str, str],
    now: datetime,
    address: str = "",
    user_agent: str = "",
) -> SsoFinished:
    """Sign in whom the provider's answer names; every doubt refuses with SsoFailed."""
    flow = open_flow(flow_cookie, secret_key=config.secret_key, now=now)
    if not hmac.compare_digest(params.get("state", "").encode(), str(flow["state"]).encode()):
        raise SsoFailed(
            "the answer from the sign-in provider does not belong to the sign-in started in "
            "this browser (its state differs); start again from the sign-in page"
        )
    if "error" in params:
        description = params.get("error_description", "")
        raise SsoFailed(
            f"the sign-in provider did not sign you in: {params['error']}"
            + (f" ({description})" if description else ""),
            status=401,
        )
    if params.get("iss") and params["iss"].rstrip("/") != config.issuer:
        raise SsoFailed("the answer came from another sign-in provider than ours", status=401)
    code = params.get("code", "")
    if not code:
        raise SsoFailed("the sign-in provider's answer holds no code")
    token = provider.token(code=code, verifier=str(flow["verifier"]), config=config)
    claims = id_token_claims(provider, config, token, nonce=str(flow["nonce"]))
    person_id = person_for_claims(session, config, claims, now=now, address=address)
    session_token = start_session(
        session,
        person_id=person_id,
        method=SignInMethod.SSO,
        now=now,
        user_agent=user_agent,
        address=address,
    )
    return SsoFinished(session_token, str(flow["next"]), person_id)
