import pytest

from xblocks.common.grading.scale import DEFAULT_LEVELS, Scale, ScaleError


def test_default_scale_is_the_four_wikilearn_levels():
    scale = Scale.default()
    assert [level.key for level in scale] == ["poor", "needs_improvement", "good", "excellent"]
    assert [level.points for level in scale] == [0, 1, 2, 3]
    assert scale.max_points == 3
    assert scale.top.key == "excellent"


def test_round_trip_through_field_data():
    scale = Scale.default()
    assert Scale.from_data(scale.to_data()).to_data() == scale.to_data()
    assert Scale.from_data([]).to_data() == Scale(DEFAULT_LEVELS).to_data()


def test_comparisons():
    scale = Scale.default()
    assert scale.at_least("excellent", "good")
    assert scale.at_least("good", "good")
    assert not scale.at_least("needs_improvement", "good")
    assert scale.rank("poor") == 0
    assert "good" in scale and "great" not in scale
    with pytest.raises(KeyError):
        scale.points("great")


def test_relabelled_scale_with_other_points():
    scale = Scale([{"key": "a", "label": "Low", "points": 0}, {"key": "b", "label": "High", "points": 10}])
    assert scale.max_points == 10
    assert scale.level("b").label == "High"


@pytest.mark.parametrize("levels", [
    [{"key": "a", "label": "A", "points": 0}],
    [{"key": "a", "label": "A", "points": 0}, {"key": "a", "label": "B", "points": 1}],
    [{"key": "a", "label": "A", "points": 2}, {"key": "b", "label": "B", "points": 1}],
    [{"key": "a", "label": "A", "points": 1}, {"key": "b", "label": "B", "points": 1}],
    [{"key": "a", "label": "A", "points": -1}, {"key": "b", "label": "B", "points": 1}],
    [{"key": "", "label": "A", "points": 0}, {"key": "b", "label": "B", "points": 1}],
])
def test_invalid_scales_are_refused(levels):
    with pytest.raises(ScaleError):
        Scale(levels)
