"""Errors raised when a rule of the lab refuses an action.

A domain error carries a message key and its parameters, not a sentence: the UI and the CLI translate it
into the person's language from the message catalogs.
"""

from __future__ import annotations


class DomainError(Exception):
    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key, params)
        self.key = key
        self.params = params
