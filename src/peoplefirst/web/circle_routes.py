"""Peer circles' pages and API, as one router for the app to include."""

from __future__ import annotations

from fastapi import APIRouter

from peoplefirst.web import api_circles, pages_circles

router = APIRouter()
router.include_router(api_circles.router)
router.include_router(pages_circles.router)
