"""Shortening a clause that is still long once it stands alone (:func:`_shorten`).

A clause over :data:`TARGET` words loses asides that state no name or number, longest first, only
where what is left is entailed by what was there: a framing clause before the subject ("As the dust
settles, ..."), a purpose clause ("... to avoid defeat"), a manner adverb ("urgently"; never a time
adverb such as "recently", nor one with a word of its own such as "only recently"), and a
restrictive relative clause only under "must"/"should" (a demand for "local members who are
representative" includes a demand for local members). Prepositional phrases, focus and degree
adverbs ("only", "no longer", "even"), hedges and extent ("probably", "widely", :data:`HEDGES`),
conditions, causes, means and negations are never dropped.
"""

from __future__ import annotations

from .parse import _auxes, _subj


TARGET = 9  # words: a clause longer than this loses its asides (below) until it is not (12 -> 9: +1 page at grade <= 6, see README)
TEMPORAL = {"as", "when", "while", "after", "once", "whilst", "before"}


RARE = 2.5  # wordfreq Zipf: a noun rarer than this is a name written in lower case ("bsdiff")


def _facts(tokens) -> bool:
    """Does a phrase state a name or number (then it is never dropped to shorten a clause)?"""
    from wordfreq import zipf_frequency

    return any(t.pos_ == "PROPN" or t.like_num or t.tag_ == "CD" or t.text[:1].isdigit() or (
        t.pos_ == "NOUN" and t.is_alpha and zipf_frequency(t.lower_, "en") < RARE) for t in tokens)


REFERRING = {"it", "its", "they", "them", "their", "theirs", "he", "him", "his", "she", "her", "hers", "this",
             "these", "those"}


TIME_ADVERBS = {"recently", "previously", "currently", "eventually", "finally", "initially", "originally", "lately",
                "formerly", "subsequently", "immediately", "shortly", "early", "newly", "presently", "daily", "weekly",
                "monthly", "yearly", "annually", "briefly", "temporarily", "permanently", "repeatedly", "increasingly"}
DEONTIC = {"must", "should", "ought", "need", "needs"}
# hedges, frequency, extent and viewpoint: leaving one out states more than the article does
# ("had never been widely in circulation" -> "had never been in circulation")
HEDGES = {"probably", "likely", "possibly", "perhaps", "reportedly", "allegedly", "apparently", "seemingly",
          "supposedly", "purportedly", "ostensibly", "arguably", "potentially", "usually", "typically", "generally",
          "normally", "commonly", "widely", "roughly", "approximately", "largely", "partly", "partially", "fully",
          "entirely", "completely", "totally", "wholly", "individually", "exclusively", "solely", "merely", "nearly",
          "virtually", "practically", "relatively", "comparatively", "occasionally", "frequently", "regularly",
          "traditionally", "historically", "officially", "publicly", "privately", "legally", "technically",
          "fairly", "highly", "slightly", "particularly", "especially", "specifically", "directly", "indirectly",
          "jointly", "separately", "independently", "effectively", "essentially", "basically", "theoretically",
          "unsuccessfully", "successfully", "correctly", "incorrectly", "wrongly", "falsely", "openly", "secretly"}
# a fronted phrase on these says when or where, and may go; one on "without", "with", "by", "under",
# "despite", "for", "unlike" sets a condition, a means or a scope ("Without the ability to protect
# sources, journalists would be handicapped") and stays
FRAMING_PREPS = {"in", "on", "at", "during", "after", "before", "since", "until", "over", "throughout", "across",
                 "around", "within", "amid", "among", "following"}
KEEP_ADVERBS = {"not", "never", "no", "only", "just", "even", "still", "longer", "hardly", "barely", "nearly",
                "almost", "already", "yet", "again", "once", "too", "also", "so", "very", "more", "less", "most",
                "least", "ever", "rarely", "seldom", "always", "often", "sometimes", "mainly", "mostly", "partly"}


SCOPE_DETS = {"both", "either", "each", "all", "such", "this", "that", "these", "those", "which", "every", "any",
              "most", "some", "many"}


def _scope(prep) -> bool:
    """Does a fronted phrase say which cases the clause is about ("In both cases, ...", "In this
    case, ...", "In most states, ...")? Without it the claim would be about every case."""
    return any(c.dep_ in ("det", "predet", "amod") and c.lower_ in SCOPE_DETS
               for o in prep.children if o.dep_ == "pobj" for c in o.children)


def _about_this(prep) -> bool:
    """"With this in mind," / "With that said,": a frame whose object is only "this" or "that"."""
    return prep.lower_ == "with" and any(c.dep_ == "pobj" and c.lower_ in ("this", "that") for c in prep.children)


def _deontic(head) -> bool:
    return any(a.lower_ in DEONTIC for a in _auxes(head)) or head.lower_ in ("need", "needs")


def _shorten(toks: list, head, extra: int) -> list:
    """Leave out asides that state no name or number, longest first, until the clause is short, and
    only those whose removal leaves something the full clause entails: a framing clause or phrase
    before the subject, a purpose clause ("to ..."), a manner adverb on the verb ("urgently"), and a
    restrictive relative clause only in a demand ("must ensure ... members who are ...")."""
    def words(ts):
        return sum(1 for t in ts if not t.is_punct) + extra

    if words(toks) <= TARGET:
        return toks
    kept = {t.i for t in toks}
    subj = _subj(head)
    front = subj.left_edge.i if subj is not None else head.i
    tiers = [
        lambda t: t.head.i == head.i and t.i < front and (
            (t.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in TEMPORAL for c in t.children))
            or (t.dep_ == "advcl" and t.tag_ in ("VBG", "VBN") and _subj(t) is None and not any(
                c.dep_ == "mark" for c in t.children))  # "Confined to their homes, people ..."
            or (t.dep_ == "prep" and (t.lower_ in FRAMING_PREPS and not _scope(t) or _about_this(t))))
        and t.right_edge.i + 1 < len(t.doc)
        and t.doc[t.right_edge.i + 1].text == ",",
        lambda t: t.dep_ == "relcl" and _deontic(head) and not any(c.lower_ in ("a", "an") for c in t.head.children)
                  and not (subj is not None and t.head in subj.subtree),  # "Rules that page a human should be simple"
        lambda t: t.dep_ == "advmod" and t.head.i == head.i and t.lower_.endswith("ly")
                  and t.lower_ not in KEEP_ADVERBS | TIME_ADVERBS | HEDGES and not list(t.children),
        lambda t: t.dep_ == "advcl" and t.head.i == head.i and t.i > head.i and any(c.tag_ == "TO" for c in t.children)
                  and head.lemma_ != "be",  # "Tools such as X are here to help": "are here." says nothing
    ]
    for tier in tiers:
        for t in sorted((t for t in toks if t.i in kept and tier(t)), key=lambda t: -len(list(t.subtree))):
            if words([x for x in toks if x.i in kept]) <= TARGET:
                return [x for x in toks if x.i in kept]
            sub = [x for x in t.subtree if x.i in kept]
            if not sub or t.i == head.i or _facts(sub) or any(x.i == head.i for x in sub):
                continue
            if any(x.lower_ in ("if", "unless", "because", "although", "though", "not", "never", "no") for x in sub):
                continue  # a condition, cause or negation changes what the rest says
            rest = [x for x in toks if x.i in kept and x not in sub]
            if sub[0].i < head.i and any(x.lower_ in REFERRING and x.pos_ in ("PRON", "DET") and not any(
                    n.pos_ in ("NOUN", "PROPN") and n.i < x.i for n in rest) for x in rest):
                continue  # "Speaking of sliders, we're expanding their range": "their" can only mean the sliders
            if words([x for x in toks if x.i in kept and x not in sub]) < 7:
                continue  # what is left would not say enough ("The Labour Party was founded")
            kept -= {x.i for x in sub}
            # the comma after a removed front part, or before a removed later part, goes too
            for j in (sub[0].i - 1, sub[-1].i + 1):
                if j in kept and t.doc[j].text == "," and (j < front or j == sub[0].i - 1):
                    kept.discard(j)
    return [x for x in toks if x.i in kept]
