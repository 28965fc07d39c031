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


class RowRejectedError(AtlasError):
    """One imported row cannot be accepted: which field, its value, and why."""

    def __init__(self, field_name: str, value: str, reason: str) -> None:
        super().__init__(reason)
        self.field_name, self.value, self.reason = field_name, value, reason


class UsageError(AtlasError):
    """An option or name the library does not know (a format, a preset): which one, and what it accepts."""


class UnknownPlaceError(AtlasError):
    """Incidents name places that no gazetteer knows."""


class StoreBusyError(AtlasError):
    """Another process kept the data folder locked for longer than we wait; nothing was changed."""


class DiskFullError(AtlasError):
    """The disk filled up while a change was being prepared; nothing was changed."""


class RecordRefusedError(AtlasError):
    """A change to one record cannot be made (it breaks the contract, or the record is retracted or merged)."""


class StaleRecordError(RecordRefusedError):
    """The record was changed by someone else since it was read; the message names that change."""


class NotAllowedError(AtlasError):
    """The account acting may not do this (its role, a disabled account, a wrong password); nothing was changed."""
