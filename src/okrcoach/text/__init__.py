"""Offline understanding of OKR text, Chinese first and English too.

Everything here is pure computation on strings: numbers, time expressions, deliverables, vague
wording and semantic relatedness. Nothing is downloaded; the embedding model ships in a package
and is loaded only when a rule first asks for a similarity.
"""
