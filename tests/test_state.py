"""Bad links fall back with a clear note, never a traceback."""

import pytest

from conftest import run_page

BAD = [
    ({"lang": "fr"}, "home"),
    ({"lang": "en", "indicator": "nonsense"}, "delta"),
    ({"lang": "en", "year": "1800"}, "delta"),
    ({"lang": "en", "year": "20x4"}, "delta"),
    ({"lang": "en", "cities": "999999,310000"}, "delta"),
    ({"lang": "en", "indicator": "<script>alert(1)</script>"}, "delta"),
    ({"lang": "en", "cities": "," * 500}, "delta"),
    ({"lang": "en", "foo": "bar"}, "sources"),
]


@pytest.mark.parametrize("params,page", BAD)
def test_bad_parameter_gives_a_note(params, page):
    at = run_page(page, params)
    assert not at.exception, [e.value for e in at.exception]
    assert at.info, "a visible note explains the fallback"
    assert "<script>" not in " ".join(i.value for i in at.info)


def test_unknown_city_is_dropped_and_valid_one_kept():
    at = run_page("delta", {"lang": "en", "cities": "999999,310000"})
    assert at.multiselect[0].value == ["310000"]
    assert "999999" in at.info[0].value
