"""PeopleFirst: people-first learning inside an organization."""

__version__ = "0.1.0"
