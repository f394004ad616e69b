"""The README's screenshots of the learning cycle, taken from a fresh sample organization in
a real Chromium: a relationship, one of its sessions, and a profile's recognition.

    .venv/bin/python scripts/screenshots.py        # writes docs/screenshot-*.png

Needs the test extra (Playwright) and Chromium at /usr/bin/chromium (or
PEOPLEFIRST_CHROMIUM); nothing is downloaded.
"""

from __future__ import annotations

import os
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright
from sqlalchemy import func, select

from peoplefirst.services import recognition
from peoplefirst.services.organization import create_sample_organization
from peoplefirst.settings import Settings
from peoplefirst.storage import tables as t
from peoplefirst.storage.db import make_engine, make_session_factory, unit_of_work
from peoplefirst.storage.migrate import upgrade
from peoplefirst.web.app import create_app

DOCS = Path(__file__).resolve().parent.parent / "docs"
CHROMIUM = os.environ.get("PEOPLEFIRST_CHROMIUM", "/usr/bin/chromium")
WIDTH, HEIGHT = 1280, 900


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'shots.db'}"
        engine = make_engine(url)
        upgrade(engine)
        create_sample_organization(engine=engine, people=600, seed=1)
        with unit_of_work(make_session_factory(engine)) as session:
            r, s = t.Relationship, t.RelationshipSession
            # the active relationship with the most sessions, and its latest completed one
            rid, learner = session.execute(
                select(r.id, r.learner_id)
                .join(s, s.relationship_id == r.id)
                .where(r.state == "active")
                .group_by(r.id, r.learner_id)
                .order_by(func.count().desc(), r.id)
            ).first() or (None, None)
            sid = session.scalar(
                select(s.id)
                .where(s.relationship_id == rid, s.completed_at.is_not(None))
                .order_by(s.scheduled_at.desc())
            )
            guides = list(session.scalars(select(t.HelpOutcome.guide_id).distinct()))
            earned = recognition.go_to_of(session=session, people=guides)
            kudos = dict(
                session.execute(
                    select(t.Kudos.receiver_id, func.count()).group_by(t.Kudos.receiver_id)
                ).all()
            )
            # a go-to person, thanked the most
            go_to = max((p for p, g in earned.items() if g), key=lambda p: (kudos.get(p, 0), -p))
        engine.dispose()
        if rid is None or sid is None:
            sys.exit("the sample organization has no relationship with a session, or no go-to")
        app = create_app(
            Settings(database_url=url, data_dir=Path(folder), dev_sign_in=True, environment="test")
        )
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
        )
        threading.Thread(target=server.run, daemon=True).start()
        while not server.started:
            time.sleep(0.05)
        base = f"http://127.0.0.1:{port}"
        shots = [
            (f"/relationships/{rid}", "screenshot-relationship.png"),
            (f"/relationships/{rid}/sessions/{sid}", "screenshot-session.png"),
            (f"/people/{go_to}#recognition", "screenshot-recognition.png"),
        ]
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
            # development sign-in as the learner: the cookie lands in the browser's context
            page.request.post(f"{base}/sign-in", form={"person_id": str(learner)})
            for path, name in shots:
                page.goto(base + path)
                if "#" in path:  # just that card, the sticky bar out of its way
                    page.add_style_tag(content=".site-header { position: static !important; }")
                    page.locator("#" + path.split("#")[1]).screenshot(path=str(DOCS / name))
                else:
                    page.screenshot(path=str(DOCS / name))
                print("wrote", DOCS / name)
            browser.close()
        server.should_exit = True


if __name__ == "__main__":
    main()
