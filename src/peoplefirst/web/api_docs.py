"""The browsable API reference, served from the package's own copy of Swagger UI.

FastAPI's default page loads Swagger UI from a CDN, which a self-hosted or offline
installation cannot reach, and starts it with an inline script, which our content security
policy forbids; this page does neither.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)

SWAGGER = "/static/swagger"

PAGE = f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>PeopleFirst API</title>
  <link rel="stylesheet" href="{SWAGGER}/swagger-ui.css">
  <link rel="icon" href="{SWAGGER}/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="{SWAGGER}/swagger-ui-bundle.js"></script>
  <script src="{SWAGGER}/peoplefirst-init.js"></script>
</body>
</html>
"""


@router.get("/api/v1/docs", response_class=HTMLResponse)
def api_reference() -> HTMLResponse:
    return HTMLResponse(PAGE)
