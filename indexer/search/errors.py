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

    def __init__(self, param: str, message: str, shown: str | None = None, **params):
        self.param = param
        self.message = message
        # `shown` names what the person wrote when it is not the parameter itself
        # (`year:abc` inside q, `language` for the API's `lang`).
        self.params = {"param": shown or param, **params}
        super().__init__(self.render())

    def written_as(self, shown: str) -> "QueryError":
        """The same error, naming the parameter as the person wrote it."""
        return QueryError(self.param, self.message, shown=shown,
                          **{k: v for k, v in self.params.items() if k != "param"})

    def render(self, translate=lambda s: s) -> str:
        return translate(self.message) % self.params
