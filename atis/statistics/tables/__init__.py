"""The annual tables. Importing this package registers every table in `base.TABLES`."""

from atis.statistics.tables import (  # noqa: F401
    base,
    coordination,
    identification,
    justice,
    protection,
    trends,
    victims,
)
