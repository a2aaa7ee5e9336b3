"""Signals (signalen): concerns logged by partners. Models arrive with the signals issue."""
