"""Helpers shared by sindri-core's tests."""
