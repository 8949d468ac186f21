"""Capture a real estate, record and replay SSH sessions, bundle a running estate for a bug report."""
