"""One exception tree. Each error renders as one line naming the thing and the reason."""


class PalimpsestError(Exception):
    """Base of every error palimpsest raises on purpose."""


class ConfigError(PalimpsestError):
    """The config file is missing or invalid; `key` names the offending key."""

    def __init__(self, key: str, problem: str, path: str | None = None) -> None:
        self.key, self.problem, self.path = key, problem, path
        where = f"{path}: " if path else ""
        super().__init__(f"{where}{key}: {problem}" if key else f"{where}{problem}")


class StoreLocked(PalimpsestError):
    """Another daemon holds the store."""


class ParseTimeout(PalimpsestError):
    """Parsing a page (extraction, a listing, feed or sitemap) took longer than the time limit; its
    worker process was killed."""


class WorkerDied(PalimpsestError):
    """The worker process parsing a page died (the parser crashed)."""


def unreadable_store(exc: Exception) -> str:
    """The line for a store damaged where it was read (a row past UTF-8, a bad page): every command's, and a run's
    that the damage stopped."""
    return f"the store cannot be read here ({exc}); `palimpsest verify` names what is damaged"
