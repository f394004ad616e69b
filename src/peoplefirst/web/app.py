"""The composition root: `create_app()` builds the whole web application from settings."""

from __future__ import annotations

from importlib import resources
from typing import Any

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from peoplefirst import __version__
from peoplefirst.ranking.semantic import (
    INSTALL_HINT,
    SemanticUnavailableError,
    semantic_available,
)
from peoplefirst.services.experts import ExpertIndexCache
from peoplefirst.settings import Settings
from peoplefirst.storage.db import make_engine, make_session_factory
from peoplefirst.web import (
    api,
    api_account,
    api_docs,
    api_notifications,
    api_personal_data,
    api_profile,
    api_programs,
    api_relationships,
    api_requests,
    circle_routes,
    pages,
    pages_account,
    pages_notifications,
    pages_personal_data,
    pages_programs,
    pages_relationships,
    pages_requests,
    pages_sso,
)
from peoplefirst.web.api import problems
from peoplefirst.web.deps import require_signed_in
from peoplefirst.web.errors import install_error_handlers
from peoplefirst.web.headers import SecurityHeaders
from peoplefirst.web.templating import make_templates


def create_app(settings: Settings | None = None, **overrides: Any) -> FastAPI:
    """Build the app; tests pass their own settings, or overrides of the environment's."""
    if settings is None:
        settings = Settings(**overrides)
    elif overrides:
        settings = settings.model_copy(update=overrides)
    settings.check_secret()
    engine = make_engine(settings.resolved_database_url())
    app = FastAPI(
        title="PeopleFirst",
        version=__version__,
        description="People-first learning: find the colleague who can help.",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # served below from our own copy of Swagger UI: no CDN needed
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = make_session_factory(engine)
    if settings.semantic_search == "on" and not semantic_available():
        raise SemanticUnavailableError(
            f"PEOPLEFIRST_SEMANTIC_SEARCH=on needs the semantic extra: {INSTALL_HINT}"
        )
    app.state.expert_index = ExpertIndexCache(
        half_life_days=settings.evidence_half_life_days,
        recheck_seconds=settings.expert_index_recheck_seconds,
        semantic_search=settings.semantic_search,
    )
    templates: Jinja2Templates = make_templates(settings)
    app.state.templates = templates
    static = resources.files("peoplefirst.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    # Everything but signing in, password reset and health needs a signed-in person; this is
    # the one place that says so.
    signed_in = [Depends(require_signed_in)]
    for module in (
        api,
        api_profile,
        api_requests,
        api_programs,
        api_relationships,
        circle_routes,
        api_notifications,
        api_personal_data,
        api_account,
        api_docs,
        pages,
        pages_requests,
        pages_programs,
        pages_relationships,
        pages_notifications,
        pages_personal_data,
        pages_account,
    ):
        # 401 unsigned, 403 a change without the form token or beyond a token's scope
        app.include_router(module.router, dependencies=signed_in, responses=problems(401, 403))
    app.include_router(pages_account.public)
    app.include_router(pages_sso.public)
    app.include_router(api_account.health)
    app.add_middleware(SecurityHeaders)
    install_error_handlers(app, templates)
    return app
