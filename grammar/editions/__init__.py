"""The official template editions, as data. A future edition is one new module listed here."""
from ..template import Edition
from .edition2019 import EDITION as EDITION_2019
from .edition2021 import EDITION as EDITION_2021

EDITIONS: dict[str, Edition] = {e.id: e for e in (EDITION_2019, EDITION_2021)}
LATEST = EDITION_2021


def edition_for_year(year: int | None) -> Edition | None:
    """The edition that applies to a report year (None when no year is known)."""
    if year is None:
        return None
    for edition in EDITIONS.values():
        if edition.covers(year):
            return edition
    return EDITION_2019 if year < EDITION_2019.first_year else LATEST
