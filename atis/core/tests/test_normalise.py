from hypothesis import given
from hypothesis import strategies as st

from atis.core.normalise import document_key, fold, name_key, phone_key
from atis.core.translit import to_cyrillic, to_latin

SERBIAN_LATIN = "abcčćddžđefghijklljmnnjoprsštuvzžABCČĆDĐEFGHIJKLMNOPRSŠTUVZŽ "


def test_serbian_spellings_of_one_name_fold_together():
    assert fold("Đorđević") == fold("Djordjevic") == fold("Ђорђевић") == fold("DJORDJEVIĆ")


def test_name_key_ignores_order_case_and_punctuation():
    assert name_key("Marko", "Petrović") == name_key("PETROVIC,", "marko")
    assert name_key("Marko", "Petrović") != name_key("Marija", "Petrović")


def test_phone_key_folds_international_prefix():
    assert phone_key("+381 64 123 4567") == phone_key("064/123-4567") == "0641234567"


def test_document_key_ignores_spaces_and_case():
    assert document_key("ab 12-34") == document_key("AB1234")


def test_cyrillic_transliteration_keeps_placeholders_and_markup():
    assert to_cyrillic("Ima %(count)d prijava {x} <b>sada</b> %s") == \
        "Има %(count)d пријава {x} <b>сада</b> %s"
    assert to_cyrillic("%(share).1f%% postupljeno, 10% sredstava") == \
        "%(share).1f%% поступљено, 10% средстава"
    assert to_cyrillic("Ljubljana, Njegoš, Džon") == "Љубљана, Његош, Џон"


def _unambiguous(text: str) -> bool:
    # н+ј, л+ј and д+ж are written like њ, љ and џ in Latin: the one real ambiguity.
    lowered = text.lower()
    return not any(pair in lowered for pair in ("нј", "лј", "дж"))


@given(st.text(alphabet="абвгдђежзијклљмнњопрстћуфхцчџшАБВГДЂЕЖЗИЈКЛЉМНЊОПРСТЋУФХЦЧЏШ ")
       .filter(_unambiguous))
def test_cyrillic_survives_a_round_trip_through_latin(text):
    assert to_cyrillic(to_latin(text)).lower() == text.lower()


@given(st.text(alphabet=SERBIAN_LATIN))
def test_fold_is_the_same_for_latin_and_its_cyrillic(text):
    assert fold(text) == fold(to_cyrillic(text))
