"""The week as seen from one zone: the aggregate heat map, and a grid shown in another zone.

Like :mod:`~xblocks.timezone_poll.schedule`, everything is evaluated on the actual course dates,
so a view cell means the same instants on every date, across daylight-saving changes.
"""

import datetime
import functools

from xblocks.timezone_poll.schedule import (
    CELL_MINUTES,
    CELLS_PER_DAY,
    CELLS_PER_WEEK,
    EMPTY,
    UTC,
    bits_of,
    covered_cells,
    grid_bits,
    zone,
)


def heat_map(settings, responses, view_zone):
    """Per cell of the week in ``view_zone``: learners available / only if need be on every date.

    Each half-hour cell stands for the ``settings.step`` minutes starting there. A view cell
    counts a learner as available when, on every course date falling on that weekday in
    ``view_zone``, every local cell of the learner it overlaps is marked available.
    """
    available_counts = [0] * CELLS_PER_WEEK
    if_need_be_counts = [0] * CELLS_PER_WEEK
    for response in responses:
        masks = view_masks(settings, view_zone, response.zone)
        by_cell = view_cells(settings, view_zone, response.zone)
        available, attendable = grid_bits(response.grid)
        touched = set()
        for local in bits_of(attendable):
            touched.update(by_cell[local])
        for cell in touched:
            mask = masks[cell]
            if mask & available == mask:
                available_counts[cell] += 1
            elif mask & attendable == mask:
                if_need_be_counts[cell] += 1
    return available_counts, if_need_be_counts


@functools.lru_cache(maxsize=256)
def view_masks(settings, view_zone, zone_name):
    """For every view-zone cell, the union of learner-local cells it covers over the course range."""
    view, tz = zone(view_zone), zone(zone_name)
    masks = [0] * CELLS_PER_WEEK
    day = settings.first_date
    while day <= settings.last_date:
        for slot in range(CELLS_PER_DAY):
            local = datetime.datetime.combine(day, datetime.time(slot // 2, (slot % 2) * 30), tzinfo=view)
            masks[day.weekday() * CELLS_PER_DAY + slot] |= covered_cells(local.astimezone(UTC), settings.step, tz)
        day += datetime.timedelta(days=1)
    return tuple(masks)


@functools.lru_cache(maxsize=256)
def view_cells(settings, view_zone, zone_name):
    """For each local cell of ``zone_name``: the view-zone cells whose mask includes it."""
    lists = [[] for _ in range(CELLS_PER_WEEK)]
    for cell, mask in enumerate(view_masks(settings, view_zone, zone_name)):
        for local in bits_of(mask):
            lists[local].append(cell)
    return tuple(tuple(found) for found in lists)


def convert_grid(grid, from_zone, to_zone, reference):
    """Show a grid painted in ``from_zone`` in ``to_zone``, as the week starting on ``reference`` has it.

    Each target cell takes the weakest mark of the source cells it overlaps. Used only to show an
    answer in another zone; the learner saves it again in the new zone.
    """
    if from_zone == to_zone:
        return grid
    source, target = zone(from_zone), zone(to_zone)
    monday = reference - datetime.timedelta(days=reference.weekday())
    cells = []
    for index in range(CELLS_PER_WEEK):
        day = monday + datetime.timedelta(days=index // CELLS_PER_DAY)
        minutes = (index % CELLS_PER_DAY) * CELL_MINUTES
        local = datetime.datetime.combine(day, datetime.time(minutes // 60, minutes % 60), tzinfo=target)
        mask = covered_cells(local.astimezone(UTC), CELL_MINUTES, source)
        marks = [grid[bit] for bit in range(CELLS_PER_WEEK) if mask >> bit & 1]
        cells.append(min(marks) if marks else EMPTY)
    return "".join(cells)
