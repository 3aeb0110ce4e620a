"""Helpers shared by tests in more than one folder (a test module never imports another)."""
