"""The shared normaliser: width, case, traditional → simplified, publisher masks, offset maps."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sucai.normalize import fingerprint, normalize, normalize_map


def test_width_case_and_traditional_fold() -> None:
    assert normalize("２０２３") == "2023"
    assert normalize("ＡＢＣ abc") == "abc abc"
    assert normalize("黨建") == "党建"
    assert normalize("，；：（）") == ",;:()"


def test_masks_next_to_han_are_unmasked() -> None:
    assert normalize("统筹D建、发展与安全") == "统筹党建、发展与安全"
    assert normalize("一名D员干部") == "一名党员干部"
    assert normalize("局D组专题研究") == "局党组专题研究"
    assert normalize("全面从严治D。") == "全面从严治党。"
    assert normalize("D委书记讲DK1次") == "党委书记讲党课1次"
    assert normalize("TD日活动") == "主题党日活动"
    assert normalize("通过AAA、电话等方式") == "通过微信、电话等方式"
    assert normalize("做好DP核算") == "做好gdp核算"


def test_latin_words_and_numbers_stay() -> None:
    assert normalize("3D打印") == "3d打印"
    assert normalize("CAD制图") == "cad制图"
    assert normalize("Vitamin D and more") == "vitamin d and more"
    assert normalize("D") == "d"
    assert normalize("A、B两套专班") == "a、b两套专班"
    assert normalize("TD") == "td"


def test_offset_map_points_at_what_the_reader_sees() -> None:
    source = "讲DK1次，TD日"
    nm = normalize_map(source)
    assert nm.text == "讲党课1次,主题党日"
    start = nm.text.index("党课")
    assert source[slice(*nm.source_span(start, start + 2))] == "DK"
    start = nm.text.index("题党")
    assert source[slice(*nm.source_span(start, start + 2))] == "TD"
    start = nm.text.index("党日")
    assert source[slice(*nm.source_span(start, start + 2))] == "TD日"


def test_offset_map_with_expanding_characters() -> None:
    source = "Straße㈠黨"
    nm = normalize_map(source)
    assert nm.text == normalize(source) == "strasse(一)党"
    start = nm.text.index("ss")
    assert source[slice(*nm.source_span(start, start + 2))] == "ß"
    assert source[slice(*nm.source_span(nm.text.index("党"), len(nm.text)))] == "黨"


def test_fingerprint_is_stable() -> None:
    assert fingerprint() == fingerprint()
    assert fingerprint().startswith("n")


_TEXT = st.text(alphabet=st.sampled_from(list("党建D黨ＤＫDKTA日的a3２０，。 ßİ㈠發展工作AAAP")), max_size=30)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_fast_and_mapped_forms_agree(text: str) -> None:
    nm = normalize_map(text)
    assert nm.text == normalize(text)
    assert len(nm.starts) == len(nm.text) == len(nm.ends)
    for start, end in zip(nm.starts, nm.ends, strict=True):
        assert 0 <= start < end <= len(text)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_normalising_twice_changes_nothing(text: str) -> None:
    assert normalize(normalize(text)) == normalize(text)


def test_long_text_fast_path_matches_short_path() -> None:
    text = "统筹D建、发展与安全，黨建２０２３ＡＢＣ。" * 100  # long enough for the array path
    assert normalize(text) == "".join(normalize(part) for part in [text[i:i + 22] for i in range(0, len(text), 22)])
