"""What the narrator says for written forms: one example per rule and per edge a listener would
notice (amounts, times, Roman numerals, capitals, punctuation left by removed symbols), with the
per-article rule counts the report shows. Fast and in-process (no espeak-ng): `make mutate` uses
these with test_spoken.py's in-process tests for pipeline/speech/normalise.py.

Equivalent mutants (no input tells them apart, so no test kills them):
- ``_time``'s guards ``h > 23`` -> ``h > 24`` and ``mins > 59`` -> ``mins > 60`` (or joined by
  ``and``): the TIME pattern only matches hours 0-23 and minutes 00-59.
- ``_unit``'s ``.lower()`` lookup: UNIT only matches lower-case units (and °C/°F, which fall through
  to the written key either way).
- ``roman_value``'s ``2 <= total`` -> ``1 <= total``: the pattern needs two numerals, and every
  valid two-or-more numeral is worth at least 2.
- the comma removal in ``number()`` and in ``_money()``: either one alone is enough.
- ``number()`` always using ``float``: num2words says 3.0 as "three".
- the year rule reading ``group(1)`` instead of ``group(0)``, and ``_decade`` treating two digits
  as a year: the same digits and num2words gives the same words.
- ``_decade`` splitting on another separator, or always joining head and last word: the plural
  ending goes on the last word either way, and tidy() removes the extra space.
- the cents padded to 3 instead of 2 before taking 2 digits.
- ``Normaliser``'s default "en-GB" -> "en-gb": both are English number words.
"""

from __future__ import annotations

import pytest

from pipeline.errors import ConfigError
from pipeline.speech.normalise import Normaliser


def say(text: str, language: str = "en-GB") -> tuple[str, dict]:
    fired: dict = {}
    out = Normaliser(language)(text, fired)
    return out, fired["normalise"]


@pytest.mark.parametrize("written,spoken,counts", [
    # money
    ("£1.5 each", "one pound fifty each", {"currency": 1}),
    ("£1.05 each", "one pound five each", {"currency": 1}),
    ("£2.00 each", "two pounds each", {"currency": 1}),
    ("£3.456 each", "three pounds forty-five each", {"currency": 1}),
    ("£1,500.50 owed", "one thousand, five hundred pounds fifty owed", {"currency": 1}),
    ("€1 only", "one euro only", {"currency": 1}),
    ("¥100 only", "one hundred yen only", {"currency": 1}),
    ("$5k raised", "five thousand dollars raised", {"currency": 1}),
    ("£3M deal", "three million pounds deal", {"currency": 1}),
    ("£2 billion gap", "two billion pounds gap", {"currency": 1}),
    ("a 1p rise", "a one penny rise", {"currency": 1}),
    ("a 2p rise", "a two pence rise", {"currency": 1}),
    # decades and years
    ("the 1900s", "the nineteen hundreds", {"decade": 1}),
    ("the early 80s", "the early eighties", {"decade": 1}),
    ("in the 20s", "in the twenties", {"decade": 1}),
    ("90s music", "nineties music", {"decade": 1}),
    ("from 1990-95", "from nineteen ninety to nineteen ninety-five", {"year_range": 1}),
    ("in 1066 and 2099", "in 1066 and twenty ninety-nine", {"year": 1}),   # years are 1100-2099
    ("in 1100 and 2000", "in eleven hundred and two thousand", {"year": 2}),
    # times
    ("at 18:00", "at eighteen hundred", {"time": 1}),
    ("at 13:00", "at thirteen hundred", {"time": 1}),
    ("at 12:00", "at twelve o'clock", {"time": 1}),
    ("at 10:00am", "at ten A M", {"time": 1}),
    ("at 10:10", "at ten ten", {"time": 1}),
    ("at 23:00", "at twenty-three hundred", {"time": 1}),
    ("at 23:30", "at twenty-three thirty", {"time": 1}),
    ("at 10:59", "at ten fifty-nine", {"time": 1}),
    ("at 10:09", "at ten oh nine", {"time": 1}),
    ("at 9.15pm", "at nine fifteen P M", {"time": 1}),
    ("at 10.30 a.m.", "at ten thirty A M", {"time": 1}),
    ("at 10AM", "at ten A M", {"time": 1}),
    ("at 7 p.m. sharp", "at seven P M sharp", {"time": 1}),
    ("rose 10.30 points", "rose 10.30 points", {}),  # a decimal, not a time
    # units
    ("a 1km walk", "a one kilometre walk", {"unit": 1}),
    ("2.5kg of flour", "two point five kilograms of flour", {"unit": 1}),
    ("at 30 km/h", "at thirty kilometres per hour", {"unit": 1}),
    ("a 5°F drop", "a five degrees Fahrenheit drop", {"unit": 1}),
    # Roman numerals
    ("Chapter III begins", "Chapter Three begins", {"roman": 1}),
    ("Part II of it", "Part Two of it", {"roman": 1}),
    ("Act VI ends", "Act Six ends", {"roman": 1}),
    ("Volume XII out", "Volume Twelve out", {"roman": 1}),
    ("Phase II starts", "Phase Two starts", {"roman": 1}),
    ("Stage IV cancer", "Stage Four cancer", {"roman": 1}),
    ("Level III pass", "Level Three pass", {"roman": 1}),
    ("Chapter IX ends", "Chapter Nine ends", {"roman": 1}),
    ("Chapter XIV ends", "Chapter Fourteen ends", {"roman": 1}),
    ("Chapter XXXIX ends", "Chapter Thirty-nine ends", {"roman": 1}),
    ("Henry IV spoke", "Henry the Fourth spoke", {"roman": 1}),
    ("Pope John XXIII spoke", "Pope John the Twenty-third spoke", {"roman": 1}),
    ("Henry VIIII spoke", "Henry V I I I I spoke", {"initialism": 1}),   # not a numeral
    ("Grade XXXX beer", "Grade X X X X beer", {"initialism": 1}),        # 40: out of range
    # initialisms and acronyms
    ("the MP's seat", "the M P's seat", {"initialism": 1}),
    ("the NHS’s budget", "the N H S's budget", {"initialism": 1}),
    ("NATOs of old", "NATOs of old", {}),
    # capitals: only a mostly-capital sentence is left as it is
    ("THE NHS", "T H E N H S", {"initialism": 2}),
    ("THE NHS WINS", "THE NHS WINS", {}),
    ("THE NHS is", "THE NHS is", {}),
    ("the NHS and DUP", "the N H S and D U P", {"initialism": 2}),
    ("Part II OF THE BBC", "Part II OF THE BBC", {}),
    # addresses
    ("mail john.smith@example.co.uk now", "mail john dot smith at example dot co dot uk now", {"email": 1}),
    ("mail a..b@example.com now", "mail a dot b at example dot com now", {"email": 1}),
    ("visit bbc.co.uk today", "visit bbc dot co dot uk today", {"url": 1}),
    # symbols and punctuation
    ("#hashtag wins", "hashtag wins", {"hashtag": 1}),
    ("join #StopTheWar now", "join StopTheWar now", {"hashtag": 1}),
    ("yes - no", "yes, no", {"dash": 1}),
    ("yes -- no", "yes, no", {"dash": 1}),
    ("He left –.", "He left.", {"dash": 1}),
    ("Well – , so", "Well, so", {"dash": 1}),
    ("– Hello there", "Hello there", {"dash": 1}),
    ("( “quoted” words )", "(quoted words)", {"quotes": 2}),
    ("snake_case name", "snake case name", {"symbol": 1}),
    ("up +5% today", "up +5% today", {}),
    ("word  ,  spaced   out", "word, spaced out", {}),
    ("café", "café", {}),
    ("cafe\u0301 au lait", "café au lait", {}),
])
def test_what_the_narrator_says(written, spoken, counts):
    assert say(written) == (spoken, counts)


@pytest.mark.parametrize("text", ["from 1995-1990", "from 1990-1990", "from 1999-00"])
def test_a_range_that_does_not_go_forward_is_not_read_as_one(text):
    out, counts = say(text)
    assert " to " not in out and "year_range" not in counts


def test_counts_add_to_what_the_article_already_fired():
    fired = {"normalise": {"year": 3}, "lexicon": {"x": 1}}
    assert Normaliser()("In 2019 and 1990.", fired) == "In twenty nineteen and nineteen ninety."
    assert fired == {"normalise": {"year": 5}, "lexicon": {"x": 1}}


def test_every_rule_kind_is_counted_under_its_name():
    _, counts = say("“Hi” mail a@b.com see bbc.co.uk £5 and 5p in the 90s, 1990-1995, 2019 at 10:05 and 9pm, "
                    "5-10 times, 10km, Mr Smith, World War II, the MP, A & B, #tag – ★ done")
    assert counts == {"quotes": 2, "email": 1, "url": 1, "currency": 2, "decade": 1, "year_range": 1, "year": 1,
                      "time": 2, "range": 1, "unit": 1, "abbreviation": 1, "roman": 1, "initialism": 1,
                      "ampersand": 1, "hashtag": 1, "dash": 1, "symbol": 1}


@pytest.mark.parametrize("text", ["...", "!!! ???", "___", "( )", "“…”"])
def test_nothing_speakable_is_silence(text):
    assert say(text)[0] == ""


@pytest.mark.parametrize("text", ["a", "7", "é"])
def test_one_letter_or_digit_is_spoken(text):
    assert say(text)[0] == text


def test_numbers_follow_the_article_language():
    assert say("im Jahr 1990", "de")[0] == "im Jahr neunzehnhundertneunzig"
    assert say("im Jahr 1990", "de-AT")[0] == "im Jahr neunzehnhundertneunzig"
    assert say("in 1990")[0] == say("in 1990", "en")[0] == "in nineteen ninety"


def test_a_language_without_number_words_is_a_config_error():
    with pytest.raises(ConfigError, match=r"^no number words for language 'xx-YY' \(num2words knows: .*\ben\b.*\)$"):
        Normaliser("xx-YY")
