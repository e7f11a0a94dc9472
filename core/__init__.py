"""Shared records, settings and errors used by every stage."""
