"""Pandera models of the published tables and the checks across them."""
