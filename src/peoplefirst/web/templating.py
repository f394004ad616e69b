"""Jinja2 templates with the few filters the pages need."""

from __future__ import annotations

from datetime import date
from importlib import resources

from fastapi.templating import Jinja2Templates

from peoplefirst.domain.vocabulary import SkillLevel
from peoplefirst.settings import Settings
from peoplefirst.web.deps import waiting_counts


def _level_label(level: int | None) -> str:
    return SkillLevel(level).label if level else "—"


def _date(value: date | None) -> str:
    return value.strftime("%d %b %Y") if value else "—"


def _humanize(value: str) -> str:
    return value.replace("_", " ").capitalize()


def make_templates(settings: Settings) -> Jinja2Templates:
    directory = resources.files("peoplefirst.web").joinpath("templates")
    templates = Jinja2Templates(directory=str(directory), context_processors=[waiting_counts])
    templates.env.filters["level_label"] = _level_label
    templates.env.filters["date"] = _date
    templates.env.filters["humanize"] = _humanize
    templates.env.globals["dev_sign_in"] = settings.dev_sign_in
    templates.env.globals["levels"] = list(SkillLevel)
    return templates
