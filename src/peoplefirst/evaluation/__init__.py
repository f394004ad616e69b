"""Measuring ranking quality on expert-finding datasets in PeopleFirst's neutral format."""
