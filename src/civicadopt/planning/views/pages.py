"""Pages of a long plan: a hundred rows at a time, so a 1,000-task plan renders as fast as a short one.

A page that starts inside a phase opens with that phase (and the phases around it), marked as continued
from an earlier page, so every row is read in its place in the outline.
"""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator

from ..schedule import Row

PAGE_ROWS = 100


@dataclass(frozen=True)
class RowPage:
    rows: list[Row]  # the rows of this page
    phases: list[Row]  # the phases, from earlier pages, that this page's first row sits in (outermost first)
    page: Page

    @property
    def number(self) -> int:
        return int(self.page.number)


def page_of(row: int) -> int:
    """The page that shows the task in row ``row`` (rows are numbered from 1)."""
    return max(row - 1, 0) // PAGE_ROWS + 1


def row_page(rows: list[Row], number: object) -> RowPage:
    """Page ``number`` of ``rows`` (the last page for a number past the end, the first for nonsense)."""
    page = Paginator(rows, PAGE_ROWS).get_page(number)
    shown = list(page.object_list)
    phases: list[Row] = []
    if shown:
        level = shown[0].task.outline_level
        index = page.start_index() - 2  # the row above the page's first
        while level > 1 and index >= 0:
            if rows[index].task.outline_level < level:
                phases.insert(0, rows[index])
                level = rows[index].task.outline_level
            index -= 1
    return RowPage(shown, phases, page)
