"""The library's small exception tree: every error carries a one-line message fit for a user."""


class AtlasError(Exception):
    """Base class: a problem the user can act on, described in one line."""


class InputFileError(AtlasError):
    """A file could not be read as the kind of input expected (empty, binary, too large, a folder)."""


class DataValidationError(AtlasError):
    """The data directory breaks the data contract."""

    def __init__(self, problems: list) -> None:
        self.problems = list(problems)
        first = self.problems[0] if self.problems else "no details"
        super().__init__(f"{len(self.problems)} problem(s) in the data; first: {first}")
