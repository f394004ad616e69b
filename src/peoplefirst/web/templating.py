"""Jinja2 templates with the few filters the pages need."""

from __future__ import annotations

from datetime import date
from importlib import resources

from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from peoplefirst.domain.vocabulary import SkillLevel
from peoplefirst.settings import Settings
from peoplefirst.web.deps import page_context
from peoplefirst.web.signin import CSRF_FIELD


def _level_label(level: int | None) -> str:
    return SkillLevel(level).label if level else "—"


def _date(value: date | None) -> str:
    return value.strftime("%d %b %Y") if value else "—"


def _humanize(value: str) -> str:
    return value.replace("_", " ").capitalize()


@pass_context
def _csrf_field(context: Context) -> Markup:
    """The hidden form-token input every POST form carries."""
    return Markup('<input type="hidden" name="{}" value="{}">').format(
        CSRF_FIELD, context.get("csrf", "")
    )


def make_templates(settings: Settings) -> Jinja2Templates:
    directory = resources.files("peoplefirst.web").joinpath("templates")
    templates = Jinja2Templates(directory=str(directory), context_processors=[page_context])
    templates.env.filters["level_label"] = _level_label
    templates.env.filters["date"] = _date
    templates.env.filters["humanize"] = _humanize
    templates.env.globals["csrf_field"] = _csrf_field
    templates.env.globals["levels"] = list(SkillLevel)
    return templates
