"""The spoken form: pronunciation lexicon (TOML -> PLS), speech normalisation, ``pipeline script``."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tomllib

import pytest
from lxml import etree

from pipeline.errors import ConfigError
from pipeline.speech.lexicon import PLS_NS, load_lexicons
from pipeline.speech.normalise import Normaliser
from pipeline.speech.spoken import to_spoken
from pipeline.speech.voices import load_profile

from .conftest import APT, REPO, SEED_SLUG, needs, run_cli

LEXICON = REPO / "voices" / "en-GB.lexicon.toml"
needs_espeak = needs("espeak-ng", shutil.which("espeak-ng") is not None, f"{APT} espeak-ng")


def espeak(text: str) -> str:
    """espeak-ng's phonemes for ``text`` with the narration voice (what it will say)."""
    p = subprocess.run(["espeak-ng", "-v", "gmw/en", "-x", "-q", "--", text], capture_output=True, text=True,
                       timeout=30, check=True)
    return " ".join(p.stdout.split())


def norm(text: str) -> tuple[str, dict]:
    fired: dict = {}
    return Normaliser("en-GB")(text, fired), fired.get("normalise", {})


# --- normalisation, one kind at a time ----------------------------------------------------------
@pytest.mark.parametrize("written, spoken, rule", [
    ("at the 2019 election", "at the twenty nineteen election", "year"),
    ("in 1990 and in 2005", "in nineteen ninety and in two thousand and five", "year"),
    ("back to the 90’s where", "back to the nineties where", "decade"),
    ("the 90s", "the nineties", "decade"),
    ("the '90s", "the nineties", "decade"),
    ("the 1990s", "the nineteen nineties", "decade"),
    ("the 2010s", "the twenty tens", "decade"),
    ("a £3.5m deal", "a three point five million pounds deal", "currency"),
    ("cost $20", "cost twenty dollars", "currency"),
    ("a €1bn fund", "a one billion euros fund", "currency"),
    ("£350,000 a year", "three hundred and fifty thousand pounds a year", "currency"),
    ("£3.50 each", "three pounds fifty each", "currency"),
    ("£1 coin", "one pound coin", "currency"),
    ("a 50p piece", "a fifty pence piece", "currency"),
    ("at 10.30am", "at ten thirty A M", "time"),
    ("at 10:05", "at ten oh five", "time"),
    ("at 10:00", "at ten o'clock", "time"),
    ("at 9pm", "at nine P M", "time"),
    ("Mr Smith", "Mister Smith", "abbreviation"),
    ("Mr. Smith", "Mister Smith", "abbreviation"),
    ("Dr Jones", "Doctor Jones", "abbreviation"),
    ("Acacia Dr", "Acacia Drive", "abbreviation"),
    ("St Albans", "Saint Albans", "abbreviation"),
    ("on Downing St", "on Downing Street", "abbreviation"),
    ("Cllr Brown", "Councillor Brown", "abbreviation"),
    ("No. 10", "Number 10", "abbreviation"),
    ("Ian Lavery MP", "Ian Lavery M P", "initialism"),
    ("the NHS", "the N H S", "initialism"),
    ("Labour MPs", "Labour M P's", "initialism"),
    ("the DUP", "the D U P", "initialism"),
    ("World War II", "World War Two", "roman"),
    ("Henry VIII", "Henry the Eighth", "roman"),
    ("economic & social", "economic and social", "ampersand"),
    ("working people – an alternative", "working people, an alternative", "dash"),
    ("“had nowhere else to go”", "had nowhere else to go", "quotes"),
    ("by ‘progressive’ elites", "by progressive elites", "quotes"),
    ("see www.example.com/page", "see example dot com", "url"),
    ("see https://example.org/a/b.", "see example dot org.", "url"),
    ("write to info@example.com", "write to info at example dot com", "email"),
    ("great 😀", "great", "symbol"),
    ("→ next", "next", "symbol"),
    ("and then… ★ nothing", "and then... nothing", "symbol"),
    ("from 1990-1995", "from nineteen ninety to nineteen ninety-five", "year_range"),
    ("the 2019/20 season", "the twenty nineteen to twenty twenty season", "year_range"),
    ("5-10 years", "5 to 10 years", "range"),
    ("a 10km run", "a ten kilometres run", "unit"),
    ("12°C today", "twelve degrees Celsius today", "unit"),
])
def test_each_normalisation_kind(written, spoken, rule):
    out, counts = norm(written)
    assert out == spoken
    assert counts.get(rule, 0) >= 1, counts


def test_rules_are_counted_per_occurrence():
    out, counts = norm("In 2019 and 2020 the MP and the MP met.")
    assert out == "In twenty nineteen and twenty twenty the M P and the M P met."
    assert counts == {"year": 2, "initialism": 2}


@pytest.mark.parametrize("text", ["★★★", "— ", "😀 🎉", "“ ”"])
def test_nothing_speakable_becomes_empty(text):
    assert norm(text)[0] == ""


@pytest.mark.parametrize("text", [
    "Labour’s voters", "it’s 20% more", "the 1st and 22nd", "3.14 and 1,234,567", "NATO and Covid",
    "ordinary words only", "fell to -5",
])
def test_what_espeak_reads_right_is_left_alone(text):
    out, counts = norm(text)
    assert out == text.replace("’", "'")
    assert counts == {}


def test_all_capitals_sentence_is_not_spelled_out():
    assert norm("THE MPS ARE IN THE NHS")[0] == "THE MPS ARE IN THE NHS"


def test_numbers_with_commas_are_counts_not_years():
    assert norm("2,019 people")[0] == "2,019 people"
    assert norm("£2019")[0] == "two thousand and nineteen pounds"


@needs_espeak
@pytest.mark.parametrize("written, espeak_says", [
    ("the 2019 election", "T'aUz@nd"),        # "two thousand and nineteen"
    ("the 90s", "n'aInti z"),                 # "ninety z"
    ("£20", "p'aUnd tw'Enti"),               # "pound twenty"
    ("£3.5m", "'Em"),                         # "pound three point five M"
    ("at 10:05", "z'i@roU f'aIv"),            # "ten zero five"
    ("Labour MPs", ",Emp'i:"),                # the plural s is dropped
    ("the DUP", "d'u:p"),                     # "doop"
    ("5-10 years", "d'aS"),                   # "five dash ten"
])
def test_normalised_cases_are_ones_espeak_gets_wrong(written, espeak_says):
    """Evidence for each rule: espeak-ng's own reading of the written form is wrong."""
    raw = espeak(written)
    assert espeak_says in raw
    spoken = norm(written)[0]
    assert espeak(spoken) != raw


@needs_espeak
@pytest.mark.parametrize("written, espeak_says", [
    ("22nd", "tw'Enti s'Ek@nd"), ("1st", "f'3:st"), ("20%", "p3s'Ent"), ("3.14", "pOInt"),
    ("fell to -5", "m'aIn@s f'aIv"), ("fell to −5", "m'aIn@s f'aIv"),
])
def test_left_alone_cases_espeak_reads_right(written, espeak_says):
    assert espeak_says in espeak(written)


# --- lexicon -----------------------------------------------------------------------------------
def write_lexicon(tmp_path, body: str, name="test.lexicon.toml"):
    p = tmp_path / name
    p.write_text(body, encoding="utf-8")
    return p


def test_shipped_lexicon_loads_and_applies():
    lex = load_lexicons([LEXICON])
    fired: dict = {}
    out = lex.apply("Councils in Preston and Salford, and Salford’s mayor.", fired)
    assert out == "Councils in Preston and Sawlford, and Sawlford’s mayor."
    assert fired == {"lexicon": {"Salford": 2}}


def test_context_rules_preceded_and_followed_by():
    lex = load_lexicons([LEXICON])
    fired: dict = {}
    assert lex.apply("He lives in Reading.", fired) == "He lives in Redding."
    assert lex.apply("Reading West voted.", fired) == "Redding West voted."
    assert lex.apply("Reading the report, he sighed.", fired) == "Reading the report, he sighed."
    assert lex.apply("Sir Menzies Campbell spoke.", fired) == "Sir Mingis Campbell spoke."
    assert lex.apply("Robert Menzies spoke.", fired) == "Robert Menzies spoke."
    assert fired["lexicon"] == {"Reading": 2, "Menzies": 1}


def test_match_case_languages_and_later_file_wins(tmp_path):
    a = write_lexicon(tmp_path, """
[[entry]]
grapheme = "Gove"
alias = "Guv"
note = "test"
[[entry]]
grapheme = "tomato"
alias = "tomahto"
match_case = false
languages = ["en-GB"]
""", "a.lexicon.toml")
    b = write_lexicon(tmp_path, '[[entry]]\ngrapheme = "Gove"\nalias = "Goave"\n', "b.lexicon.toml")
    lex = load_lexicons([a, b])
    fired: dict = {}
    assert lex.apply("Gove and gove", fired, language="en-GB") == "Goave and gove"
    assert lex.apply("Tomato, TOMATO", fired, language="en-GB") == "tomahto, tomahto"
    assert lex.apply("Tomato", fired, language="en-US") == "Tomato"
    assert lex.apply("Tomato", fired, language="en") == "Tomato"


def test_multiword_grapheme_and_ascii_variant():
    lex = load_lexicons([LEXICON])
    fired: dict = {}
    assert lex.apply("Sinn Féin and Sinn  Fein and Plaid Cymru", fired) == "Shin Fane and Shin Fane and Plyde Cumree"
    assert fired["lexicon"] == {"Sinn Féin": 2, "Plaid Cymru": 1}


def test_pls_is_well_formed_and_has_the_entries():
    lex = load_lexicons([LEXICON])
    pls = lex.to_pls("en-GB")
    root = etree.fromstring(pls.encode("utf-8"))
    assert root.tag == f"{{{PLS_NS}}}lexicon"
    assert root.get("version") == "1.0" and root.get("alphabet") == "ipa"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en-GB"
    ns = {"p": PLS_NS}
    lexemes = root.findall("p:lexeme", ns)
    assert len(lexemes) == sum(1 for e in lex.entries if not e.has_context)
    by = {lx.findtext("p:grapheme", namespaces=ns): lx for lx in lexemes}
    assert by["Salford"].findtext("p:phoneme", namespaces=ns) == "ˈsɔːlfəd"
    assert by["Salford"].findtext("p:alias", namespaces=ns) == "Sawlford"
    assert [g.text for g in by["Sinn Féin"].findall("p:grapheme", ns)] == ["Sinn Féin", "Sinn Fein"]
    assert "Reading" not in by  # context-dependent: cannot be said in PLS, left out
    assert pls == load_lexicons([LEXICON]).to_pls("en-GB")  # deterministic


def test_pls_escapes_markup_characters(tmp_path):
    p = write_lexicon(tmp_path, '[[entry]]\ngrapheme = "A&E <x>"\nalias = "A and E"\nphoneme = "ˌeɪ ən ˈiː"\n')
    root = etree.fromstring(load_lexicons([p]).to_pls("en-GB").encode())
    assert root.findtext(f"{{{PLS_NS}}}lexeme/{{{PLS_NS}}}grapheme") == "A&E <x>"


def test_digest_tracks_speech_not_notes(tmp_path):
    body = '[[entry]]\ngrapheme = "Gove"\nalias = "Guv"\nnote = "one"\n'
    d1 = load_lexicons([write_lexicon(tmp_path, body)]).digest()
    assert d1 == load_lexicons([write_lexicon(tmp_path, body)]).digest()
    assert d1 == load_lexicons([write_lexicon(tmp_path, body.replace("one", "two"))]).digest()
    assert d1 != load_lexicons([write_lexicon(tmp_path, body.replace("Guv", "Goave"))]).digest()


@pytest.mark.parametrize("body, expect", [
    ('[[entry]]\ngrapheme = "Gove"\nnote = "x"\n[[entry]]\ngrapheme = "Raab"\n', ["entry 2", "'Raab'", "alias"]),
    ('[[entry]]\ngrapheme = "Gove"\nalias = "Guv"\n[[entry]]\nalias = "x"\n', ["entry 2", "grapheme"]),
    ('[[entry]]\ngrapheme = "Gove"\nalias = "Guv"\nspeling = "x"\n', ["entry 1", "unknown key 'speling'"]),
    ('[[entry]]\ngrapheme = "Gove"\nalias = "Guv"\nfollowed_by = "Michael"\npreceded_by = []\n',
     ["entry 1", "preceded_by"]),
    ('[[entry]]\ngrapheme = "Gove"\nphoneme = "[[g\'oUv]]"\n', ["entry 1", "IPA"]),
    ('[[entry]]\ngrapheme = "Gove"\nalias = "Guv"\n[[entry]]\ngrapheme = "Gove"\nalias = "Goave"\n',
     ["entry 2", "same grapheme"]),
    ('[[entry]\ngrapheme = "Gove"\n', ["TOML syntax error"]),
])
def test_malformed_lexicon_names_file_and_entry(tmp_path, body, expect):
    p = write_lexicon(tmp_path, body)
    with pytest.raises(ConfigError) as e:
        load_lexicons([p])
    msg = str(e.value)
    assert str(p) in msg
    for part in expect:
        assert part in msg


# --- the real engine ----------------------------------------------------------------------------
# entries with only `misaki` are for the natural voice (espeak-ng says them right: see [[checked]]);
# their hibari evidence is re-checked in tests/test_voices.py
SHIPPED = [e for e in tomllib.loads(LEXICON.read_text("utf-8"))["entry"] if "alias" in e]


@needs_espeak
@pytest.mark.parametrize("entry", SHIPPED, ids=lambda e: e.get("grapheme") or e["graphemes"][0])
def test_every_shipped_entry_matters_to_espeak(entry):
    """espeak-ng says the grapheme wrongly (as recorded) and the alias as recorded, and they differ."""
    word = entry.get("grapheme") or entry["graphemes"][0]
    raw, said = espeak(word), espeak(entry["alias"])
    assert raw != said, f"{word}: the alias changes nothing for espeak-ng"
    assert raw == entry["espeak"]["raw"], f"{word}: espeak-ng now says {raw!r}; re-check the entry"
    assert said == entry["espeak"]["alias"], f"{word}: alias now gives {said!r}; re-check the entry"


@needs_espeak
def test_pyttsx3_engine_does_not_take_phoneme_input():
    """Why the engine gets respellings: with pyttsx3's Synth flags, [[...]] is read out, not obeyed."""
    code = """
import sys
from pyttsx3.drivers import _espeak as E
if E.dll is None: E.load_library()
E.Initialize(E.AUDIO_OUTPUT_SYNCHRONOUS, 1000)
E.SetVoiceByName(b"gmw/en")
E.SetSynthCallback(lambda w, n, e: 0)
E.SetPhonemeTrace(1, None)
E.Synth(sys.argv[1].encode(), flags=E.ENDPAUSE | E.CHARS_UTF8)
E.Synchronize()
"""
    p = subprocess.run([sys.executable, "-c", code, "in [[s'O:lf3d]] today"], capture_output=True, text=True,
                       timeout=60)
    said = " ".join(p.stderr.split())  # espeak-ng writes the phoneme trace to stderr
    assert "t@d'eI" in said  # the trace is real
    assert "s'O:lf3d" not in said  # the phonemes were not used ...
    assert "k'oUl@n" in said  # ... the ':' was read out as "colon"


# --- to_spoken and the dump command ------------------------------------------------------------
def test_to_spoken_applies_lexicon_then_normalisation(project):
    profile = load_profile(project.voices, "en-GB")
    fired: dict = {}
    out = to_spoken("Mr  Sunak’s £3.5m plan – in Salford.", profile, fired)
    assert out == "Mister Soonack's three point five million pounds plan, in Sawlford."
    assert fired["lexicon"] == {"Sunak": 1, "Salford": 1}
    assert fired["normalise"] == {"abbreviation": 1, "currency": 1, "dash": 1}


def test_seed_script(project):
    r = run_cli(project, "script", SEED_SLUG)
    assert r.code == 0, r.err
    d = json.loads(r.out)
    sents = d["sentences"]
    texts = " ".join(s["text"] for s in sents)
    spoken = " ".join(s["spoken"] for s in sents)
    assert d["slug"] == SEED_SLUG and d["profile"] == "en-GB"
    assert len({s["id"] for s in sents}) == len(sents)
    # reviewed corrections are already in the text, and so in what is said
    assert "rural leave voting" in spoken and "Andy Burnham" in spoken
    assert "reave" not in spoken and "Burham" not in spoken
    # no page furniture
    assert not any(s["text"].strip() in ("Share", "Leave a Reply") for s in sents)
    # the lexicon and the normaliser at work; the written text keeps what was written
    assert "Salford" in texts and "Sawlford" in spoken and "Sawlford" not in texts
    assert "the nineties" in spoken and "the 90’s" in texts
    assert "twenty nineteen election" in spoken
    assert "Ian Lavery M P" in spoken
    assert "“" not in spoken and "–" not in spoken
    assert d["fired"]["lexicon"] == {"Salford": 1}
    assert d["fired"]["normalise"]["year"] == 1 and d["fired"]["normalise"]["decade"] == 1
    assert all(s["pause_after_ms"] > 0 for s in sents)
    assert sents[0]["chapter"] == "Ian Lavery exclusive – Following Hartlepool, Labour must\u2026"  # the headline, <= 60
    # the written text is exactly the segmented document's: only "spoken" differs
    seg = run_cli(project, "segment", SEED_SLUG)
    written = [s["text"] for b in json.loads(seg.out)["blocks"] for s in b["sentences"]]
    assert sorted(written) == sorted(s["text"] for s in sents if not s["id"][4:5] == "a")


def test_script_with_broken_lexicon_is_a_clear_error(project):
    (project.voices / "en-GB.lexicon.toml").write_text('[[entry]]\ngrapheme = "Gove"\n', encoding="utf-8")
    r = run_cli(project, "script", SEED_SLUG)
    assert r.code == 4
    assert "en-GB.lexicon.toml" in r.err and "entry 1" in r.err and "Traceback" not in r.err


def test_script_unknown_profile(project):
    r = run_cli(project, "script", SEED_SLUG, "--profile", "nope")
    assert r.code == 4 and "no voice profile 'nope'" in r.err
