"""Errors the query layer reports to people, with messages the web app translates."""
from __future__ import annotations


def N_(message: str) -> str:
    """Mark a message for translation; the web app translates it when it is shown."""
    return message


class QueryError(ValueError):
    """A search parameter that cannot be understood.

    `message` is an English template marked with N_ and filled from `params`,
    so each interface language can show it in its own words.
    """

    def __init__(self, param: str, message: str, **params):
        self.param = param
        self.message = message
        self.params = {"param": param, **params}
        super().__init__(self.render())

    def render(self, translate=lambda s: s) -> str:
        return translate(self.message) % self.params
