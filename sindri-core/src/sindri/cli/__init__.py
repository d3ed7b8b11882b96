"""Sindri command line."""
