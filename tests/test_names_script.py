"""indexer.names: script detection and transliteration, per script, with real letters."""
from __future__ import annotations

import pytest

from indexer.names import detect_script, name_words, readings, transliterate


@pytest.mark.parametrize("word, script", [
    ("Kazybek", "latin"), ("Qazıbek", "latin"), ("Gúlpııa", "latin"),
    ("Қазыбек", "cyrillic"), ("Казыбек", "cyrillic"),
    ("قازىبەك", "arabic"), ("ٴبىلاش", "arabic"), ("گۈلپىيە", "arabic"),
    ("古丽", "han"), ("別克", "han"),
    ("Γιώργος", "other"), ("", "other"), ("123", "other"),
])
def test_detect_script(word, script):
    assert detect_script(word) == script


def test_detect_script_majority_of_a_mixed_word():
    assert detect_script("Kазыбек") == "cyrillic"   # Latin K, Cyrillic rest


# --- Kazakh Cyrillic: all 42 letters --------------------------------------
KAZAKH_LETTERS = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "yo",
    "ж": "zh", "з": "z", "и": "i", "й": "y", "к": "k", "қ": "k", "л": "l", "м": "m", "н": "n",
    "ң": "ng", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "u",
    "ү": "u", "ф": "f", "х": "kh", "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "y", "і": "i", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}


def test_kazakh_table_has_all_42_letters():
    assert len(KAZAKH_LETTERS) == 42


@pytest.mark.parametrize("letter, latin", sorted(KAZAKH_LETTERS.items()))
def test_every_kazakh_letter(letter, latin):
    # in a word with a Kazakh-only letter, between consonants
    assert transliterate(f"ғб{letter}д") == f"gb{latin}d"


@pytest.mark.parametrize("cyr, latin", [
    ("Гүлпия Қазыбек", "gulpiya kazybek"),
    ("Құмысхан Бабан", "kumyskhan baban"),
    ("Серікжан Біләш", "serikzhan bilash"),
    ("Тұрсынгүл Нұрақай", "tursyngul nurakay"),
    ("Сайрагүл Сауытбай", "sayragul sauytbay"),
    ("Өмірәлі", "omirali"),
    ("Жаңыл", "zhangyl"),
    ("Қасым-Жомарт Тоқаев", "kasym-zhomart tokayev"),
    ("ҚАЗЫБЕК", "kazybek"),
])
def test_kazakh_cyrillic(cyr, latin):
    assert transliterate(cyr) == latin


@pytest.mark.parametrize("cyr, latin", [
    ("Кумысхан Бабан", "kumyskhan baban"),
    ("Гульпия Казыбекова", "gulpiya kazybekova"),
    ("Назарбаев", "nazarbayev"),
    ("Токаев", "tokayev"),
    ("Жакаева", "zhakayeva"),
    ("Кирилл Каргаполов", "kirill kargapolov"),
    ("Щукин", "shchukin"),
    ("Цой", "tsoy"),
    ("Эльмира", "elmira"),
    ("Юлия", "yuliya"),
    ("Фёдор", "fyodor"),
    ("Джамиля", "dzhamilya"),
])
def test_russian_cyrillic(cyr, latin):
    assert transliterate(cyr) == latin


@pytest.mark.parametrize("variant, latin", [
    ("Qazybek", "kazybek"),                  # 2021 / 2018 / 2017: q = қ
    ("Gülpiya", "gulpiya"),                  # 2021 ü
    ("Būryñğy", "burynggy"),                  # 2021 ū ñ ğ
    ("Biläş", "bilash"),                     # 2021 ä ş
    ("Şoqan", "shokan"),
    ("Çingiz", "chingiz"),                   # Turkish ç
    ("Qazıbek", "kazibek"),                  # Turkish / 2021 ı
    ("Saýytbaı", "sauytbai"),                # 2018 ý = у, ı = й
    ("Gúlbaran", "gulbaran"),                # 2018 ú = ү
    ("Sháken", "shaken"),                    # 2018 sh
    ("Ómirálі", "omirali"),                  # 2018 ó á (and a Cyrillic і typed inside)
    ("Ńurlan", "ngurlan"),                   # 2018 ń
    ("Gu'lpi'ia", "gulpiia"),                # 2017 u' = ү, i' = и
    ("Say'ytbai'", "sauytbai"),              # 2017 y' = у
    ("Bilas'", "bilash"),                    # 2017 s' = ш
    ("C'ingiz", "chingiz"),                  # 2017 c' = ч
    ("Ža", "zha"), ("Šaken", "shaken"), ("Čingiz", "chingiz"),   # Czech-style
    ("Almaxan", "almakhan"),                 # Uyghur Latin x
    ("İlyas", "ilyas"),                      # Turkish capital İ
    ("Gul’piya", "gulpiya"),                 # typed soft sign
])
def test_kazakh_latin_variants(variant, latin):
    assert transliterate(variant) == latin


def test_latin_sh_may_be_s_plus_kh_and_j_may_be_y():
    assert "kumyskhan" in readings("Qūmyshan")      # 2021: х is h
    assert "baybolat" in readings("Bajbolat")        # German/Polish j = й


@pytest.mark.parametrize("arabic, latin", [
    ("بايبولات كۇنبولات", "baybolat kunbolat"),
    ("قازىبەك", "kazibek"),                # ە and ك make the word front: ى is і
    ("ٴبىلاش", "bilash"),                    # hamza: front word, ى read і
    ("قۇمىسحان", "kumyskhan"),              # Kazakh ح = х
    ("سەرىكجان", "serikzhan"),              # Kazakh ج = ж
    ("نۇرسۇلتان", "nursultan"),
    ("نازاربايەۆ", "nazarbayev"),            # Kazakh ۆ = в
    ("ٴومىرالى", "omirali"),
])
def test_arabic_script_kazakh(arabic, latin):
    assert transliterate(arabic) == latin


def test_kazakh_hamza_marks_front_vowels():
    assert transliterate("ٴبىلاش") == "bilash"
    assert transliterate("بىلاش") == "bylash"


def test_precomposed_hamza_letters():
    # ٵ ٶ ٷ ٸ decompose (NFKC) into letter + ٴ
    assert transliterate("\u0675\u0644\u0649") in ("ali", "aly")


@pytest.mark.parametrize("uyghur, latin", [
    ("تۇرسۇنگۈل", "tursungul"),
    ("گۈلپىيە", "gulpiye"),
    ("ئالماخان", "almakhan"),               # ئ silent, خ = x
    ("سېرىكجان", "serikjan"),               # ې, ج = j
    ("ئۆمىرئالى", "omirali"),               # ۆ = ö in Uyghur
])
def test_uyghur_arabic_script(uyghur, latin):
    assert transliterate(uyghur) == latin


def test_uyghur_waw_is_v_in_russian_names():
    assert "nazarbayev" in readings("نازاربايېۋ")


@pytest.mark.parametrize("han, latin", [
    ("努尔苏丹·纳扎尔巴耶夫", "nursultan nazarbayev"),
    ("努爾蘇丹·納扎爾巴耶夫", "nursultan nazarbayev"),     # traditional
    ("托卡耶夫", "tokayev"),
    ("古丽皮亚", "gulpiya"),
    ("古麗", "gul"),
    ("别克", "bek"), ("別克", "bek"),
    ("江", "zhan"), ("汗", "khan"), ("拜", "bay"), ("阿", "a"),
    ("努尔苏丹纳扎尔巴耶夫", "nursultannazarbayev"),       # no dot: one word
    ("努尔苏丹•纳扎尔巴耶夫", "nursultan nazarbayev"),     # bullet as the dot
    ("努尔苏丹・纳扎尔巴耶夫", "nursultan nazarbayev"),     # katakana middle dot
    ("努尔苏丹.纳扎尔巴耶夫", "nursultan nazarbayev"),
])
def test_chinese(han, latin):
    assert transliterate(han) == latin


def test_chinese_alternative_readings():
    assert "zhamila" in readings("加米拉")
    assert "sairagul" in readings("沙依拉古丽")
    assert "kiril" in readings("基里尔")


def test_chinese_unknown_characters_fall_back_to_pinyin():
    assert transliterate("王芳") in ("vanfan", "wangfang", "wanfan")
    assert transliterate("龘") != ""


def test_mixed_scripts_per_word():
    assert transliterate("Gulpiya Қазыбек") == "gulpiya kazybek"
    assert transliterate("托卡耶夫 Kassym-Jomart") == "tokayev kassym-zhomart"


def test_unicode_forms_do_not_matter():
    import unicodedata
    for form in ("NFC", "NFD", "NFKC", "NFKD"):
        assert transliterate(unicodedata.normalize(form, "Gülpiya Қазыбек")) == "gulpiya kazybek"


def test_transliterate_never_raises_on_junk():
    for junk in ("", " ", "---", "١٢٣", "\u0674", "·", "\x00", "🙂", "ⓐⓑ", "A\u0301\u0301"):
        assert isinstance(transliterate(junk), str)
    assert transliterate("ⓐⓑ") != ""


def test_name_words():
    assert name_words("Kassym-Jomart Tokayev") == ["kassym", "zhomart", "tokayev"]
    assert name_words("努尔苏丹·纳扎尔巴耶夫") == ["nursultan", "nazarbayev"]
    assert name_words("努尔苏丹纳扎尔巴耶夫") == ["nursultannazarbayev"]
    assert name_words("  Гүлпия   Қазыбек ") == ["gulpiya", "kazybek"]
