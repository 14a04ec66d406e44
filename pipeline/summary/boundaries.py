"""Where a sentence may be cut: the clauses that can stand as sentences of their own, and the asides
that are dropped (:func:`_clauses`), on the spaCy parse (:mod:`.parse`).

The detachable clauses:

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
- "X; Y", "X – Y", "X: Y" (only when both are full clauses: :func:`.clauses._at_colon`), "X,
  while/whereas/although Y", "X, as well as doing Y"; but a pair of dashes encloses an aside,
  dropped like a parenthesis ("500 leaks — most of them small — in a month" -> "500 leaks in a
  month"), never split there (that would cut "in a month" off the claim).

Asides that add words but not the point are dropped here: parentheses, appositions set off by commas
or dashes ("people, particularly key workers, who ..."), "among others". Conditional and causal
clauses ("if", "because", "unless" ...) are never cut off: without them the sentence would say
something the article does not.

A clause without a subject of its own is said of the subject :func:`_subject_for` finds for it in the
same sentence (the noun a relative or participial clause tells about, or the governing clause's
subject and auxiliaries), never a guessed one ("There" and "a X" are never carried).

Where a cut would state something the sentence does not, it is not made: :mod:`.guards`.
"""

from __future__ import annotations

from .guards import (RESULT_VERBS, _a_list, _about_the_clause, _bare_be, _bare_mark, _cancels, _indefinite_subject,
                     _main_conj, _restricted)
from .parse import _auxes, _np, _past, _subj

SPLIT_MARKS = {"while", "whereas", "although", "though", "whilst"}
# a clause with its own subject and a past-tense verb under one of these states a fact of its own:
# "After Labour lost Hartlepool, X" entails "Labour lost Hartlepool." ("before", "until", "if" do not)
PAST_MARKS = {"after", "since", "once", "when"}
DROP_PREP_OBJECTS = {"others"}  # "among others"


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
        if t.dep_ == "conj" and t.pos_ in ("VERB", "AUX") and t.head.pos_ in ("VERB", "AUX") and _main_conj(t) and \
                len([x for x in t.subtree if not x.is_punct and x.dep_ != "cc"]) >= 3 and not _cancels(t):
            if _subj(t) or not _indefinite_subject(t.head):
                units.append(_Clause(t, "conj" if _subj(t) else "conj-drop"))
        elif t.dep_ == "relcl" and after_comma and _described(t.head) and not _restricted(t.head) and not any(
                u.head.i == t.i for u in units) and not _about_the_clause(t) and any(
                c.dep_ in ("nsubj", "nsubjpass") and c.tag_ in ("WP", "WDT") and c.lower_ != "that" for c in t.children):
            # "that" makes a restrictive clause, which says which thing is meant, even after a comma
            units.append(_Clause(t, "relcl"))
            _commas_round(t, p, sent, drop)
        elif t.dep_ == "advcl" and t.tag_ == "VBG" and t.i > root.i and after_comma \
                and not any(
                c.dep_ == "mark" for c in t.children) and not _subj(t):
            if (t.head.i == root.i or (t.head.dep_ == "conj" and t.head.head.i == root.i)) and not _bare_be(t.head) \
                    and t.lemma_ not in RESULT_VERBS and not _indefinite_subject(t.head):
                units.append(_Clause(t, "participle"))
            # else: a phrase hung on a subordinate clause ("X died before he was two, leaving his mother a
            # widow") may be a misparse of one on the main clause: whose it is is not clear, so it stays
        elif t.dep_ == "advcl" and _subj(t) and after_clause(t) and any(
                c.dep_ == "mark" and c.lower_ in SPLIT_MARKS for c in t.children):  # "X rose, while Y fell"
            units.append(_Clause(t, "advcl"))
        elif t.dep_ == "advcl" and _subj(t) is not None and _past(t) and after_clause(t) and any(
                c.dep_ == "mark" and c.lower_ in PAST_MARKS for c in t.children):
            if _bare_mark(t):
                units.append(_Clause(t, "advcl"))  # "After Labour lost Hartlepool, ..." -> "Labour lost Hartlepool."
        elif t.dep_ == "pcomp" and t.tag_ == "VBG" and t.head.lower_ == "after" and t.head.dep_ == "prep" and \
                t.head.head.i == root.i and t.i < root.i and not _auxes(t) and not _subj(t) and _subj(root) is not None \
                and _subj(root).i > t.right_edge.i and _past(root) and _comma_after(t):
            units.append(_Clause(t, "participle", root))  # "After losing X, Labour faced Y" -> "Labour lost X."
            drop.update((t.head.i, t.right_edge.i + 1))
        elif t.dep_ == "acl" and t.tag_ == "VBG" and len(list(t.subtree)) >= 5 and t.head.pos_ in ("NOUN", "PROPN") \
                and not _restricted(t.head) and (after_comma or (t.i == t.head.i + 1 and t.head.dep_ != "dobj")):
            # set off by a comma ("Jeff Goldblum, playing X, was pausing") or right after its noun ("bold
            # actions taking the buses into public hands"); hung on a noun further back, it is more often
            # the parse taking a compound for it ("an increase in developer onboarding times" -> "An
            # increase onboarded times."); nor on a verb's object, whose own phrases the parse gives it ("giving
            # foods containing peanuts to babies" -> "Foods contain peanuts to babies.")
            units.append(_Clause(t, "acl"))
            if after_comma:
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
        if t.dep_ == "appos" and after_comma and not _a_list(t):
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
    # parentheses, unless the parse hangs words outside them on a word inside ("XMLHttpRequest (XHR)"
    # with "XHR" as the object): dropping the brackets would then take those words with them
    depth, span = 0, []
    for t in toks:
        if t.text == "(":
            depth += 1
        if depth:
            span.append(t)
        if t.text == ")" and depth:
            depth -= 1
            if not depth:
                inside = {x.i for x in span}
                if not any(c.i not in inside and not c.is_punct for x in span for c in x.children):
                    drop.update(inside)
                span = []
    drop.update(x.i for x in span)  # a bracket never closed: dropped to the end, as before
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
            if s.dep_ == "expl" or s.lower_ == "there":
                return None, []  # "There is X and allows you ...": "There allows you" says nothing
            if any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in s.children):
                return None, []  # "A gunman opened fire, killing two": "A gunman killed two" is another gunman
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
