"""The browsable API reference, served from the package's own copy of Swagger UI.

FastAPI's default page loads Swagger UI from a CDN, which a self-hosted or offline
installation cannot reach.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)

SWAGGER = "/static/swagger"


@router.get("/api/v1/docs", response_class=HTMLResponse)
def api_reference() -> HTMLResponse:
    return get_swagger_ui_html(
        openapi_url="/api/v1/openapi.json",
        title="PeopleFirst API",
        swagger_js_url=f"{SWAGGER}/swagger-ui-bundle.js",
        swagger_css_url=f"{SWAGGER}/swagger-ui.css",
        swagger_favicon_url=f"{SWAGGER}/favicon-32x32.png",
    )
