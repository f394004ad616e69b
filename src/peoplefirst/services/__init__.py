"""Use cases: one function each, keyword-only, called by the web app and the CLI."""
