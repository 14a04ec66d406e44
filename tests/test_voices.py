"""A voice per article: the profile choice, the natural voice (hibari-tts), misaki pronunciations,
normalisation by language, and non-English narration with espeak-ng's voice for the language."""

from __future__ import annotations

import json
import wave

import pytest

from pipeline.errors import ConfigError
from pipeline.speech.cache import SpeechCache, sentence_key
from pipeline.speech.engine import engine_class, verify, word_count
from pipeline.speech.lexicon import load_lexicon_file
from pipeline.speech.normalise import Normaliser
from pipeline.speech.pool import Job, synthesise
from pipeline.speech.spoken import to_spoken
from pipeline.speech.voices import choose_profile, load_profile

from .audio_support import make_doc
from .conftest import REPO, add_articles, run_cli

VOICES = REPO / "voices"


# --- the choice, in order ----------------------------------------------------------------------
@pytest.mark.parametrize("language, profile, voice", [
    ("en-GB", "en-GB", "gmw/en"),
    ("en", "en-US-natural", "heart"),
    ("en-US", "en-US-natural", "heart"),
    ("en-AU", "en-US-natural", "heart"),
    ("de", "espeak-de", "gmw/de"),
    ("fr", "espeak-fr", "roa/fr"),
    ("cs", "espeak-cs", "zlw/cs"),
    ("es", "espeak-es", "roa/es"),
    ("pt-BR", "espeak-pt-BR", "roa/pt-br"),
    ("zh", "espeak-zh", "sit/cmn"),
    ("zh-TW", "espeak-zh-TW", "sit/cmn"),
])
def test_the_built_in_default_follows_the_language_and_region(language, profile, voice):
    choice = choose_profile(VOICES, language)
    assert (choice.profile.name, choice.profile.voice) == (profile, voice)
    assert choice.reason.startswith(f"built-in default for {language}")


def test_meta_beats_cli_beats_configured_beats_built_in():
    assert choose_profile(VOICES, "de", meta_profile="en-US", cli_profile="en-GB",
                          configured={"de": "en-GB"}).reason == "profile = 'en-US' in meta.toml"
    assert choose_profile(VOICES, "de", cli_profile="en-GB", configured={"de": "en-US"}).profile.name == "en-GB"
    chosen = choose_profile(VOICES, "en-GB", configured={"en": "en-US-natural"})
    assert chosen.profile.name == "en-US-natural" and "pipeline.toml" in chosen.reason
    assert choose_profile(VOICES, "en-GB", configured={"en": "en-US", "en-GB": "en-GB"}).profile.name == "en-GB"


@pytest.mark.parametrize("language, named", [("ja", "Japanese"), ("yo", "Yoruba")])
def test_a_language_without_a_usable_voice_is_a_config_error_naming_it(language, named):
    with pytest.raises(ConfigError) as e:
        choose_profile(VOICES, language)
    assert e.value.exit_code == 4 and repr(language) in e.value.message and named in e.value.message
    assert "pipeline.toml" in e.value.hint


def test_japanese_article_exits_4_instead_of_being_read_by_the_english_voice(empty_project):
    add_articles(empty_project, {"tokyo.txt": "東京の天気。\n\n今日は晴れです。明日は雨が降るでしょう。\n"})
    r = run_cli(empty_project, "script", "tokyo")
    assert r.code == 4 and "error[config]: no voice for language 'ja' (Japanese)" in r.err


def test_meta_toml_profile_is_used_and_script_says_why(empty_project):
    add_articles(empty_project, {"note.txt": "A short note\n\nThe council met in Salford on Monday.\n"})
    (empty_project.seeds / "note.meta.toml").write_text('language = "en-GB"\nprofile = "en-US-natural"\n')
    r = run_cli(empty_project, "script", "note")
    assert r.code == 0, r.err
    assert "voice profile en-US-natural (profile = 'en-US-natural' in note.meta.toml)" in r.err
    script = json.loads(r.out)
    assert script["profile"] == "en-US-natural"
    assert "[Salford](/sˈɔlfəd/)" in " ".join(s["spoken"] for s in script["sentences"])


@pytest.mark.slow
def test_pipeline_toml_defaults_by_language_and_a_default_only_for_its_own_language(empty_project):
    add_articles(empty_project, {"note.txt": "A short note\n\nThe council met on Monday.\n"})
    root = empty_project.seeds.parent
    (root / "pipeline.toml").write_text('[voices]\ndefault = "en-US"\n[voices.by_language]\nen-GB = "en-US-natural"\n')
    env = {"PIPELINE_ROOT": str(root)}
    for language, expect in (("en-GB", "voice profile en-US-natural (pipeline.toml [voices.by_language] for en-GB)"),
                             ("en-AU", "voice profile en-US (pipeline.toml [voices] default (it speaks en-AU))"),
                             ("de", "voice profile espeak-de (built-in default for de")):
        (empty_project.seeds / "note.meta.toml").write_text(f'language = "{language}"\n')
        r = run_cli(empty_project, "script", "note", env=env)
        assert r.code == 0 and expect in r.err, r.err


# --- pronunciation for the natural voice --------------------------------------------------------
def test_misaki_entries_go_to_hibari_and_leave_espeak_alone():
    text = "Andy Burnham spoke in Hartlepool and Salford."
    natural, gb = load_profile(VOICES, "en-US-natural"), load_profile(VOICES, "en-GB")
    assert to_spoken(text, natural, {}) == ("Andy [Burnham](/bˈɜɹnəm/) spoke in [Hartlepool](/hˈɑɹtlɪpˌul/) "
                                            "and [Salford](/sˈɔlfəd/).")
    assert to_spoken(text, gb, {}) == "Andy Burnham spoke in Hartlepool and Sawlford."


def test_a_possessive_goes_inside_the_phonemes_voiced_as_english_says_it():
    natural = load_profile(VOICES, "en-US-natural")
    assert to_spoken("Hartlepool's mayor", natural, {}) == "[Hartlepool's](/hˈɑɹtlɪpˌulz/) mayor"
    assert to_spoken("Southwark’s schools", natural, {}) == "[Southwark’s](/sˈʌðəɹks/) schools"
    assert to_spoken("Salford's mayor", load_profile(VOICES, "en-GB"), {}) == "Sawlford's mayor"


@pytest.mark.slow
def test_hibari_evidence_in_the_lexicon_is_still_true():
    """``hibari.raw`` is what hibari's G2P says for the grapheme; the misaki form is taken verbatim."""
    from hibari.g2p import G2P

    g2p = G2P()
    _, entries = load_lexicon_file(VOICES / "en-GB.lexicon.toml")
    checked = 0
    for e in entries:
        raw = dict(e.hibari).get("raw")
        if raw:
            assert g2p(e.graphemes[0]) == raw, e.graphemes[0]
            assert e.misaki and e.misaki != raw
            assert g2p(f"[{e.graphemes[0]}](/{e.misaki}/)") == e.misaki
            checked += 1
    assert checked >= 3  # Salford, Hartlepool, Burnham at least


def test_misaki_phonemes_must_not_break_the_inline_markup(tmp_path):
    bad = tmp_path / "x.lexicon.toml"
    bad.write_text('[[entry]]\ngrapheme = "Salford"\nmisaki = "sˈɔl](fəd"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="'misaki' must be phonemes only"):
        load_lexicon_file(bad)


# --- normalisation by language -----------------------------------------------------------------
@pytest.mark.parametrize("language, written, spoken", [
    ("de", "Im Jahr 2019 kostete es 3,5 Mio. € – „viel“.", "Im Jahr zweitausendneunzehn kostete es 3,5 Mio. €, viel."),
    ("fr", "En 2015, « le projet » coûtait 12 %.", "En deux mille quinze, le projet coûtait 12 %."),
    ("cs", "V roce 2019 to bylo 5 km.", "V roce dva tisíce devatenáct to bylo 5 km."),
    ("zh-TW", "2019年，他說：「今天天氣很好。」", "2019年，他說：「今天天氣很好。」"),
])
def test_other_languages_get_no_english_words(language, written, spoken):
    assert Normaliser(language)(written, {}) == spoken


def test_chinese_text_counts_as_many_words_not_one():
    assert word_count("今天天气很好") == 4  # six characters, ~1.5 a word
    import numpy as np

    three_seconds = (np.sin(np.arange(3 * 22050) / 10) * 8000).astype("<i2")
    verify(three_seconds, 22050, "今天天气很好，明天会下雨。", 165)  # not "audio too long for 1 word"


# --- the natural voice -------------------------------------------------------------------------
@pytest.mark.slow
def test_hibari_is_deterministic_through_the_pool_and_in_the_cache_key(tmp_path):
    engine = engine_class("hibari")
    assert "seed0" in engine.version and "hibari-tts-0.2.1" in engine.version
    profile = load_profile(VOICES, "en-US-natural")
    settings = profile.settings()
    text = "The council met in Hartlepool on Monday evening."
    outs = []
    for run in ("a", "b"):
        cache = SpeechCache(tmp_path / run)
        key = sentence_key(engine.name, engine.version, settings, "", text)
        assert synthesise([Job("s1", key, text)], engine, settings, cache, workers=1) == 1
        outs.append(cache.path(key).read_bytes())
        with wave.open(str(cache.path(key))) as w:
            assert w.getframerate() == 24000 and w.getnframes() > 24000
    assert outs[0] == outs[1]


@pytest.mark.slow
def test_hibari_says_a_sentence_the_same_after_others_in_one_worker_as_alone(tmp_path):
    """What lets the pool give hibari one process per worker, not per sentence: its audio is a
    function of the text alone, whatever the same process said before."""
    engine = engine_class("hibari")
    assert engine.ONE_SENTENCE_PER_PROCESS is False
    settings = load_profile(VOICES, "en-US-natural").settings()
    texts = ["The council met in Hartlepool on Monday evening to talk about the new library.",
             "Hundreds of readers queued outside in the rain.", "It opens every day."]
    jobs = [Job(f"s{i}", sentence_key(engine.name, engine.version, settings, "", t), t) for i, t in enumerate(texts)]
    shared, alone = SpeechCache(tmp_path / "shared"), SpeechCache(tmp_path / "alone")
    assert synthesise(jobs, engine, settings, shared, workers=1) == 3  # one share, said longest first
    assert synthesise(jobs[2:], engine, settings, alone, workers=1) == 1
    assert shared.path(jobs[2].key).read_bytes() == alone.path(jobs[2].key).read_bytes()


def test_hibari_refuses_voices_that_would_download(tmp_path):
    engine = engine_class("hibari")
    with pytest.raises(ConfigError, match="not inside the package") as e:
        engine.preload({"voice": "emma", "rate": 1.0})
    assert "heart" in e.value.hint


def test_profile_rate_is_checked_against_the_engine(tmp_path):
    (tmp_path / "fast.toml").write_text('engine = "hibari"\nvoice = "heart"\nlanguage = "en-US"\nrate = 165\n')
    with pytest.raises(ConfigError, match=r"'rate' must be a number from 0.5 to 2.0"):
        load_profile(tmp_path, "fast")


# --- non-English narration ----------------------------------------------------------------------
@pytest.mark.slow
def test_a_german_article_is_narrated_by_the_german_voice_and_labelled_so(empty_project):
    from mutagen.id3 import ID3

    from pipeline.speech.narrate import narrate
    from pipeline.speech.choose import choose_profile

    doc = make_doc([("heading", ["Neue Bibliothek eröffnet"]),
                    ("paragraph", ["Die Stadt hat im Jahr 2019 eine neue Bibliothek gebaut.",
                                   "Hunderte Leser warteten am Montag vor der Tür."])], slug="bibliothek")
    doc.meta.language = "de"
    profile, why = choose_profile(empty_project, doc)
    assert profile.voice == "gmw/de" and why == "built-in default for de: espeak-ng's German voice gmw/de"
    out = empty_project.output / "bibliothek"
    r = narrate(doc, empty_project, out, profile=profile, progress=False)
    tags = ID3(out / "bibliothek.mp3")
    assert tags.getall("TLAN")[0].text == ["ger"]
    assert tags.getall("COMM")[0].text == ["eSpeak NG synthetic voice (German)"]
    assert r.report["voice"] == "gmw/de" and r.report["narrator"] == "eSpeak NG synthetic voice (German)"
    assert "zweitausendneunzehn" in (out / "script.json").read_text("utf-8")
