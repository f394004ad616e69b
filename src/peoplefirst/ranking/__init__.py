"""Ranking people for a need: text analysis, BM25 retrieval and expert-search models. Pure."""
