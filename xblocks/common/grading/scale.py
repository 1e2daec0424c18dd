"""The WikiLearn grading scale as data.

The pilot graded every assignment on four values: poor, needs improvement, good, excellent.
A course team may relabel the levels or change their points; a scale is therefore plain data
(a list of levels) that blocks store in a field and that assessments snapshot.
"""

from dataclasses import asdict, dataclass

from xblocks.common.runtime.errors import SettingsError
from xblocks.common.runtime.i18n import gettext_noop as _


@dataclass(frozen=True)
class Level:
    """One value of a grading scale."""

    key: str
    label: str
    points: int

    def to_dict(self):
        """Plain-data form, for fields and JSON."""
        return asdict(self)


DEFAULT_LEVELS = (
    Level("poor", _("Poor"), 0),
    Level("needs_improvement", _("Needs improvement"), 1),
    Level("good", _("Good"), 2),
    Level("excellent", _("Excellent"), 3),
)


class ScaleError(SettingsError):
    """A scale definition that cannot be used for grading."""


def _whole_points(value):
    """Points as an int: whole numbers only (``2`` or ``"2"``, not ``2.5``, ``True`` or ``"two"``)."""
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise ValueError(value)
    return int(value)


class Scale:
    """An ordered list of levels, lowest first."""

    def __init__(self, levels):
        try:
            self.levels = tuple(
                level if isinstance(level, Level) else Level(str(level["key"]), str(level["label"]),
                                                             _whole_points(level["points"]))
                for level in levels
            )
        except (KeyError, TypeError, ValueError):
            raise ScaleError(_("Every scale level needs a key, a label and a whole number of points.")) from None
        self._validate()
        self._by_key = {level.key: level for level in self.levels}

    def _validate(self):
        if len(self.levels) < 2:
            raise ScaleError(_("A scale needs at least two levels."))
        keys = [level.key for level in self.levels]
        if len(set(keys)) != len(keys):
            raise ScaleError(_("Scale level keys must be unique."))
        if any(not key for key in keys):
            raise ScaleError(_("Every scale level needs a key."))
        points = [level.points for level in self.levels]
        if any(p < 0 for p in points):
            raise ScaleError(_("Scale points cannot be negative."))
        if points != sorted(points) or len(set(points)) != len(points):
            raise ScaleError(_("Scale points must increase strictly from the lowest level."))

    @classmethod
    def default(cls):
        """The four WikiLearn levels, 0-3 points."""
        return cls(DEFAULT_LEVELS)

    @classmethod
    def from_data(cls, data):
        """Build a scale from field data, falling back to the default when empty."""
        return cls(data) if data else cls.default()

    def to_data(self):
        """The list-of-dicts form stored in fields and snapshots."""
        return [level.to_dict() for level in self.levels]

    def __contains__(self, key):
        return key in self._by_key

    def __iter__(self):
        return iter(self.levels)

    def __len__(self):
        return len(self.levels)

    def level(self, key):
        """The level with this key; KeyError when it is not on the scale."""
        return self._by_key[key]

    def points(self, key):
        """Points of the level with this key."""
        return self._by_key[key].points

    def rank(self, key):
        """Position of the level, 0 for the lowest."""
        return self.levels.index(self._by_key[key])

    @property
    def max_points(self):
        """Points of the highest level."""
        return self.levels[-1].points

    @property
    def top(self):
        """The highest level."""
        return self.levels[-1]

    def at_least(self, key, minimum_key):
        """True when level ``key`` is ``minimum_key`` or better."""
        return self.rank(key) >= self.rank(minimum_key)
