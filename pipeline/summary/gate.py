"""The gate every summary sentence passes before it is shown: :func:`refusal` says why not, or None.

Checked on the sentence and its parse (spaCy, the same model as :mod:`.parse`):

``no-verb``       a finite main verb with its own subject ("Tuesday night's coup." is refused), and
                  no "that" clause cut off from its verb ("It found that among children ..."); no
                  main verb with two subjects ("Memories of the grief Conroy brought ..."), no
                  wh-clause alone ("How fast the database believes itself to be."), no comparison
                  without what it compares ("Worse than X ever did, ...");
``start``         starts with a capital letter (or digit), or a quote mark followed by one;
``end``           ends with ".", "!" or "?" (a closing quote may follow); a question ends with "?"
                  and only a question does, whatever opens it ("Hey, what could go wrong?"); nothing
                  is cut off ("... said." without what was said, "... its minimum value when is.",
                  "either" without its "or");
``unbalanced``    quotation marks and brackets open and close in order; no lone comma between the
                  subject and its verb ("The claims, can turn out ...");
``dangling``      no pronoun or determiner ("their", "this", "these two issues", "others", "the
                  opposite", "the following steps") whose referent is not earlier in the same point;
                  an "it" is empty only with a verb that takes one ("It is clear that"); no leading
                  "But"/"And"; no quotation without its speaker;
``relation``      the subject and main verb stand in the same relation in a linked source sentence
                  (a subject carried into a clause must be the one the article's parse gives it; a
                  source that opens with "He" counts as resolved by :mod:`.pronouns` when the
                  sentence before it is linked too);
``facts``         every name and number is in the linked sentences;
``new-words``     at most :data:`MAX_NEW` of the content words are absent from the linked sentences
                  (words of the plain-words swaps that apply to them excepted).

Each refusal is ``"reason: detail"``; :data:`REASONS` lists the reasons in that order.

(Over 300 lines on purpose: the gate is one function with a reason per refusal, and its checks
share the parse; each check is short and tested on its own.)
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from ..model import Document
from .facts import doc_names, missing_facts
from .pronouns import resolve
from .glossary import WordLists
from .parse import FINITE, SUBJ, nlp
from .plainwords import used

CUT_TAGS = {"CC", "DT", "IN", "TO", "PRP$", "WDT", "WP", "POS"}
OBJECTS = {"dobj", "attr", "ccomp", "xcomp", "acomp", "oprd", "dative"}
REASONS = ("no-links", "start", "end", "unbalanced", "no-verb", "dangling", "relation", "facts", "new-words")
SAYING = {"say", "tell", "add", "explain", "note", "warn", "write", "announce", "insist", "argue", "claim", "declare"}
MAX_NEW = 0.15  # share of content words a point may have that its sources do not (after plain swaps)
CONTENT = {"NOUN", "VERB", "ADJ", "ADV", "PROPN", "NUM"}
PERSONAL = {"he", "him", "his", "himself", "she", "her", "hers", "herself"}
PLURAL = {"they", "them", "their", "theirs", "themselves"}
DEMONSTRATIVE = {"this", "these", "those", "that", "such"}
COLLECTIVE = {"party", "government", "council", "team", "company", "club", "family", "group", "union", "committee",
              "board", "police", "army", "public", "staff", "firm", "organisation", "organization", "country",
              "side", "band", "class", "base", "leadership", "administration", "agency", "court"}
DEICTIC = {"year", "week", "month", "day", "morning", "afternoon", "evening", "night", "time", "season", "summer",
           "winter", "spring", "autumn", "fall", "weekend", "century", "decade", "term", "quarter", "moment", "article",
           "story", "piece", "post", "page", "book", "report"}  # "this year", "this article": not anaphora
ORDINALS = {"first", "second", "third", "last", "latter", "former", "other", "same", "rest"}
PERSON_NOUNS = {"man", "woman", "boy", "girl", "president", "minister", "leader", "mayor", "writer", "author",
                "father", "mother", "son", "daughter", "wife", "husband", "member", "candidate", "chief", "king",
                "queen", "official", "spokesman", "spokeswoman", "founder", "player", "manager", "doctor", "judge",
                "officer", "priest", "reporter", "editor", "friend", "brother", "sister", "ceo", "prime"}


RUNNING = {"paragraph", "quote", "list", "standfirst"}


@dataclass
class Context:
    """What the gate needs to know about the article, computed once."""

    doc: Document
    lists: WordLists
    names: set[str] = field(default_factory=set)
    sentences: dict = field(default_factory=dict)
    parses: dict = field(default_factory=dict)
    before: dict = field(default_factory=dict)  # sentence id -> the sentence before it in running text
    resolutions: dict = field(default_factory=dict)  # sentence id -> its text resolved, or None

    def __post_init__(self):
        self.names = doc_names(self.doc)
        self.sentences = self.doc.sentence_map()
        last = None
        for b in self.doc.blocks:
            if b.kind not in RUNNING:
                last = None  # a heading or figure ends what "he" can lean on
                continue
            for sent in b.sentences:
                if last is not None:
                    self.before[sent.id] = last
                last = sent.id

    def resolved(self, sid: str) -> str | None:
        """Sentence ``sid`` with its opening pronoun resolved (:mod:`.pronouns`), when that is certain
        (worked out once per sentence: the gate asks for every line that links it)."""
        if sid not in self.resolutions:
            prev = self.before.get(sid)
            self.resolutions[sid] = resolve(self.sentences[sid].text, self.sentences[prev].text) if prev else None
        return self.resolutions[sid]

    def parse(self, sid: str):
        if sid not in self.parses:
            self.parses[sid] = nlp()(self.sentences[sid].text)
        return self.parses[sid]


@functools.lru_cache(maxsize=2048)
def _parse(text: str):
    return nlp()(text)


@functools.lru_cache(maxsize=65536)
def _lemmas(word: str) -> frozenset[str]:
    from lemminflect import getAllLemmas

    w = word.lower().replace("’", "'")
    return frozenset({w} | {x.lower() for forms in getAllLemmas(w).values() for x in forms})


@functools.lru_cache(maxsize=65536)
def _keys(text: str, lemma: str) -> frozenset[str]:
    return frozenset({text.lower(), lemma.lower()}) | _lemmas(text)


_PLAIN_HEADS: dict[int, tuple[WordLists, dict[str, frozenset[str]]]] = {}


def _plain_heads(lists: WordLists) -> dict[str, frozenset[str]]:
    """hard word -> lemmas of its plain replacement's first word ("maintained" -> {"keep", "kept"})."""
    got = _PLAIN_HEADS.get(id(lists))
    if got is None or got[0] is not lists:
        got = (lists, {p.hard.lower(): _lemmas(p.plain.split()[0]) for p in lists._plain_all
                       if p.plain and " " not in p.hard})
        _PLAIN_HEADS.clear()
        _PLAIN_HEADS[id(lists)] = got
    return got[1]


def refusal(text: str, sources: list[str], ctx: Context, previous: str = "") -> str | None:
    """Why ``text`` (one sentence, stating ``sources``) may not be shown after ``previous`` (the
    point's earlier sentences), or None when it may."""
    if not sources or any(s not in ctx.sentences for s in sources):
        return "no-links: links to no sentence of the article" if not sources else \
            f"no-links: {[s for s in sources if s not in ctx.sentences]} are not sentences of the article"
    t = text.strip()
    if not re.match(r"^[“\"‘']?[A-Z0-9]", t):
        return f"start: starts with {t[:2]!r}, not a capital letter"
    if not re.search(r"[.!?][”\"’']?$", t):
        return f"end: ends with {t[-2:]!r}, not a full stop, ! or ?"
    problem = _unbalanced(t)
    if problem:
        return f"unbalanced: {problem}"
    doc = _parse(t)
    sents = list(doc.sents)
    question = any(_is_question(s) for s in sents)
    if question != t.rstrip("”\"’'").endswith("?"):
        return "end: a question must end with '?'" if question else "end: ends with '?' but is not a question"
    for s in sents:
        head = [x for x in s if not x.is_punct][:2]
        if len(head) == 2 and head[0].tag_ in ("JJR", "RBR") and head[1].lower_ == "than":
            return f"no-verb: {s.text!r} is a comparison without what it compares"  # "Worse than X ever did, ..."
        root = s.root
        subj = _subject(root)
        if _wh_fragment(s, root):
            return f"no-verb: {s.text!r} is a {next(x for x in s if not x.is_punct).text!r} clause without the sentence it belongs to"
        if sum(1 for c in root.children if c.dep_ in ("nsubj", "nsubjpass")) > 1:  # "Memories of X Conroy brought"
            return f"no-verb: {s.text!r} gives its main verb two subjects (a clause of it is missing)"
        if not _finite(root) or subj is None:
            return f"no-verb: {s.text!r} has no finite main verb with its own subject"
        mark = next((c for c in root.children if c.dep_ == "mark" and c.i < subj.i), None)
        if mark is not None:
            return f"no-verb: {s.text!r} is a {mark.text!r} clause without the sentence it belongs to"
        if not question and any(x.lower_ in ("which", "whom", "whose") for x in subj.subtree):
            return f"no-verb: {s.text!r} is a relative clause without the noun it tells about"  # "Each of which ..."
        stub = next((x for x in s if x.lower_ == "that" and x.tag_ == "IN" and x.dep_ != "mark"), None)
        if stub is not None:  # "It found that among children at high risk." : the clause lost its verb
            return f"no-verb: {s.text!r} has a 'that' clause without its verb"
    for s in sents:
        subj = _subject(s.root)
        if subj is not None and subj.i < s.root.i:
            start = _verb_group_start(s.root)
            commas = sum(1 for x in doc[subj.left_edge.i:start] if x.text == ",")
            if start > 0 and doc[start - 1].text == "," and commas % 2:
                return "unbalanced: a comma between the subject and its verb (an aside lost its other comma)"
        for v in s:
            nxt = doc[v.i + 1] if v.i + 1 < len(doc) else None
            if v.pos_ in ("VERB", "AUX") and nxt is not None and nxt.text == "," and v.i + 2 < len(doc) and any(
                    c.dep_ in ("dobj", "attr") and c.left_edge.i == v.i + 2 for c in v.children) and \
                    sum(1 for x in s if x.text == ",") == 1:
                return "unbalanced: a comma between a verb and its object (an aside lost its other comma)"  # "We had, a duty"
        pair = _unpaired(s)
        if pair:
            return f"end: {pair!r} without the other half of its pair"
    said = sents[0].root
    if said.lemma_ in SAYING and not any(c.i > said.i and not c.is_punct for c in said.children) and not any(
            c.dep_ in OBJECTS for c in said.children):
        return f"end: {said.text!r} without what was said"  # "In an interview, Obama also said."
    words = [x for x in doc if not x.is_punct]
    if words and (words[-1].tag_ in CUT_TAGS or words[-1].dep_ in ("cc", "det", "prep", "mark", "poss")):
        return f"end: cut after {words[-1].text!r}"
    if words and words[-1].pos_ in ("AUX", "VERB") and words[-1].dep_ != "ROOT" and words[-1].tag_ in FINITE and \
            not any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in words[-1].children) and \
            any(c.tag_ in ("WRB", "WDT", "WP") or c.dep_ == "mark" for c in words[-1].children):
        return f"end: {words[-1].text!r} ends a clause that lost its subject"  # "... reaches its minimum when is."
    if _speakerless(t):
        return "dangling: a quotation without its speaker"  # '“Are you drunk?”'
    d = _dangling(doc, previous)
    if d:
        return f"dangling: {d}"
    src_docs = [ctx.parse(s) for s in sources]
    # a source that opens with "He"/"It" counts as it reads resolved, when the sentence before it is
    # linked too and resolves it beyond doubt: "Mr Obama lands in Kenya" from "He lands in Kenya"
    src_docs += [_parse(r) for s in sources if ctx.before.get(s) in sources and (r := ctx.resolved(s))]
    r = _relation(sents[0].root, src_docs, ctx.lists) or _arcs(doc, src_docs, ctx.lists)
    if r:
        return f"relation: {r}"
    source_text = " ".join(ctx.sentences[s].text for s in sources)
    missing = missing_facts(t, source_text, ctx.names)
    if missing:
        return f"facts: states {', '.join(missing)}, which the linked sentences do not"
    new = _new_words(doc, src_docs, source_text, ctx.lists)
    content = [x for x in doc if x.pos_ in CONTENT and not x.is_stop]
    if content and len(new) / len(content) > MAX_NEW:
        return f"new-words: {', '.join(new)} not in the linked sentences"
    return None


PAIRS = {"either": "or", "neither": "nor"}


def _unpaired(sent) -> str:
    """"either"/"neither" before a choice whose second half was cut ("They either vote on the merger.")."""
    words = [x.lower_ for x in sent]
    for i, w in enumerate(words):
        if w in PAIRS and sent[i].dep_ in ("preconj", "cc", "advmod", "det") and PAIRS[w] not in words[i + 1:]:
            if sent[i].dep_ == "det" or (sent[i].dep_ == "advmod" and i + 1 == len(words) - 1):
                continue  # "either side", "me either."
            return w
    return ""


def _verb_group_start(root) -> int:
    """Where the root's verb group (its auxiliaries and "not", then the verb) starts."""
    return min([a.i for a in root.children if a.dep_ in ("aux", "auxpass", "neg") and a.i < root.i] + [root.i])


def _wh_fragment(sent, root) -> bool:
    """A "how"/"what"/"where" clause alone ("How fast the database believes itself to be."): the
    wh-word opens the sentence and hangs on the main verb's own clause, and it is no question."""
    toks = [x for x in sent if not x.is_punct]
    if not toks or toks[0].tag_ not in ("WRB", "WP", "WDT", "WP$") or _is_question(sent):
        return False
    t = toks[0]
    while t.i != root.i and t.head.i != t.i:
        if t.dep_ in ("advcl", "csubj", "csubjpass", "ccomp", "xcomp", "acl", "relcl", "pcomp", "nsubj", "nsubjpass"):
            return False  # "When the vote came, X", "What happened next was Y"
        t = t.head
    return True


def _speakerless(t: str) -> bool:
    """Is the whole sentence a quotation, with nobody outside it who says it?"""
    # (opening mark, closing mark, how often the opening character occurs in a single quotation)
    for a, b, once in (("“", "”", 1), ('"', '"', 2), ("‘", "’", 1)):
        if t.startswith(a) and t.endswith(b) and t.count(a) == once:
            return True
    return False


def _unbalanced(t: str) -> str:
    stack = []
    pairs = {"“": "”", "(": ")", "[": "]"}
    for ch in t:
        if ch in pairs:
            stack.append(pairs[ch])
        elif ch in pairs.values():
            if not stack or stack.pop() != ch:
                return f"{ch!r} closes nothing"
    if stack:
        return f"{stack[-1]!r} never closes"
    if t.count('"') % 2:
        return "odd number of '\"'"
    if t.count("‘") > t.count("’"):
        return "'‘' never closes"
    if t.startswith("’"):
        return "starts with a closing quote"
    return ""


AUX_WORDS = {"am", "is", "are", "was", "were", "do", "does", "did", "have", "has", "had", "can", "could", "will",
             "would", "shall", "should", "may", "might", "must", "isn't", "aren't", "wasn't", "weren't", "don't",
             "doesn't", "didn't", "haven't", "hasn't", "hadn't", "can't", "couldn't", "won't", "wouldn't",
             "shouldn't", "mustn't"}
OPENERS = {"so", "then", "well", "now", "okay", "ok", "oh", "and", "but", "or", "yet"}


def _is_question(sent) -> bool:
    """Is ``sent`` a direct question? Words that only open it ("Hey,", "So", "But") are skipped; then
    a wh-word with the verb's auxiliary before the subject ("So what does this mean"), a wh-word that
    is the subject ("what could go wrong"), or an auxiliary before a subject with another verb, or
    "be" before its subject ("Aren't those the kinds of things ..."), makes it one. An exclamation
    ("What a day it was") is not."""
    toks = [x for x in sent if not x.is_punct]
    while toks and (toks[0].tag_ == "UH" or toks[0].dep_ in ("intj", "cc") or toks[0].lower_ in OPENERS) \
            and len(toks) > 1:
        toks = toks[1:]
    if not toks:
        return False
    first = toks[0]
    subj = _subject(sent.root)
    if first.tag_ in ("WRB", "WP", "WDT", "WP$") and first.head == sent.root and subj is not None:
        return any(a.dep_ == "aux" and a.i < subj.i for a in sent.root.children) or first.dep_ in ("nsubj", "attr")
    if first.tag_ in ("WRB", "WP", "WDT", "WP$") and first.dep_ in ("advmod", "dobj", "nsubj") and len(toks) > 1 \
            and toks[1].lower_ in AUX_WORDS:
        return True  # "Where do X go", "What could go wrong" (whatever the parse hangs them on)
    aux_first = first.dep_ in ("aux", "auxpass") or (first.dep_ == "ROOT" and first.lemma_ in ("be", "have"))
    if aux_first and first.tag_ in FINITE and subj is not None and subj.i > first.i:
        return True
    word = first.lower_.replace("’", "'")
    if len(toks) > 1 and toks[1].lower_ in ("n't", "n’t", "not"):
        word += "n't"
        rest = toks[2:]
    else:
        rest = toks[1:]
    if word not in AUX_WORDS or not rest or rest[0].pos_ not in ("PRON", "DET", "NOUN", "PROPN", "NUM"):
        return False
    # an auxiliary, then a noun phrase: a question when a verb follows it, or when the first word is "be"
    return first.lemma_ == "be" or any(x.pos_ in ("VERB", "AUX") for x in rest[1:])


def _subject(root):
    return next((c for c in root.children if c.dep_ in SUBJ), None)


def _finite(root) -> bool:
    return root.pos_ in ("VERB", "AUX") and (root.tag_ in FINITE or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ in FINITE for c in root.children))


def _refers(tok, before: list, previous: str) -> bool:
    """Is there a referent for pronoun/determiner ``tok`` among ``before`` tokens or in ``previous``?"""
    w = tok.lower_
    prev = list(_parse(previous)) if previous.strip() else []
    pool = prev + before
    if w in PERSONAL:
        return any(x.pos_ == "PROPN" or x.lemma_.lower() in PERSON_NOUNS for x in pool)
    if w in PLURAL:
        return any(x.tag_ in ("NNS", "NNPS") or x.lemma_.lower() in COLLECTIVE or x.dep_ == "conj"
                   or (x.pos_ == "PROPN" and x.dep_ != "compound" and not any(c.dep_ == "compound" for c in x.children))
                   or x.lower_ in ("we", "us") for x in pool)
    if w in ("it", "its"):
        if tok.dep_ == "expl" or (tok.dep_ == "nsubj" and tok.head.lemma_ in EMPTY_IT_HEADS and any(
                c.dep_ in ("ccomp", "xcomp", "csubj") for c in tok.head.children)):
            return True  # "It is important that ...", "it is possible to ..."
        return any(x.pos_ in ("NOUN", "PROPN") for x in pool)
    if w in DEMONSTRATIVE:
        if tok.dep_ == "det" and tok.head.lemma_.lower() in DEICTIC and w == "this":
            return True
        if tok.dep_ == "det":  # "these two issues" needs the issues
            lemma = tok.head.lemma_.lower()
            return any(x.lemma_.lower() == lemma or _lemmas(x.text) & _lemmas(tok.head.text) for x in pool)
        return bool(prev)  # "This dates back ..." needs the sentence before
    return True


# words that point back to something already named: "others", "each", "both", "the latter", "the same
# problem", "such a situation"
ANAPHORIC = {"others", "each", "both", "latter", "former", "same", "aforementioned", "remaining", "rest", "opposite",
             "majority", "minority"}
# verbs an empty "it" goes with ("It is important that ...", "It seems that ..."); "It departed X to
# spread Y" is someone's "it"
EMPTY_IT_HEADS = {"be", "seem", "appear", "become", "remain", "look", "sound", "feel", "matter", "happen", "occur",
                  "take", "make", "cost", "help", "pay", "hurt", "turn"}


def _refers_back(tok, doc) -> bool:
    """Does the point itself name what ``tok`` points back to ("each of the councils", "both teams",
    "the rest of the money", "the same day as the vote")? A noun among them points back only after
    "the" ("its majority" says whose)."""
    w = tok.lower_
    if tok.pos_ in ("NOUN", "ADJ") and w not in ("others", "each", "both") and not any(
            c.lower_ == "the" for c in (tok.children if tok.pos_ == "NOUN" else tok.head.children)):
        return True
    if w in ("each", "both", "rest", "remaining", "majority", "minority") and any(
            c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
        return True  # "each of the councils", "the rest of the money"
    if w in ("each", "both") and tok.dep_ in ("det", "predet"):
        return tok.head.pos_ in ("NOUN", "PROPN") and w == "each" or any(c.dep_ == "nummod" for c in tok.head.children) \
            or tok.head.tag_ in ("NNS", "NNPS")  # "each council", "both teams": the noun says which
    if w == "same" and any(c.lower_ == "as" for c in tok.head.subtree):
        return True  # "the same day as the vote"
    if w == "remaining" and tok.dep_ == "amod":
        return True
    return False


def _dangling(doc, previous: str) -> str:
    first = next((x for x in doc if not x.is_punct), None)
    if first is not None and first.dep_ == "cc" and not previous:
        return f"starts with {first.text!r}"
    for tok in doc:
        w = tok.lower_
        if w in ORDINALS and tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj") and \
                any(c.lower_ == "the" for c in tok.children) and not previous:
            return f"'the {w}' refers to nothing earlier in the point"  # "The first must be ..."
        if (w in ("following", "below", "above") and tok.dep_ in ("amod", "advmod") and tok.head.pos_ == "NOUN"
                and any(c.lower_ == "the" for c in tok.head.children)):
            shown = f"the {w} {tok.head.text}" if tok.i < tok.head.i else f"the {tok.head.text} {w}"
            return f"{shown!r} points to a list or picture the point does not hold"
        if w in ANAPHORIC and tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "det", "amod", "predet") and \
                not previous and not _refers_back(tok, doc):
            return f"{w!r} refers to nothing earlier in the point"  # "Others will get HDR support.", "Each should be ..."
        if w in ("that",) and tok.tag_ != "DT":
            continue  # "that" as a conjunction or relative pronoun
        if w not in PERSONAL | PLURAL | DEMONSTRATIVE | {"it", "its"}:
            continue
        if w in DEMONSTRATIVE and tok.dep_ not in ("det", "nsubj", "nsubjpass", "dobj", "pobj", "attr"):
            continue
        if w == "such" and tok.dep_ != "amod" and tok.dep_ != "det" and tok.dep_ != "predet":
            continue
        if not _refers(tok, [x for x in doc if x.i < tok.i], previous):
            what = f"{w} {tok.head.text}" if tok.dep_ == "det" else w
            return f"{what!r} refers to nothing earlier in the point"
    return ""


def _source_subjects(v) -> list:
    """The subject(s) the source's parse gives verb ``v``: its own, or the one it shares."""
    for _ in range(8):
        s = _subject(v)
        if s is not None:
            if s.tag_ in ("WP", "WDT") and v.dep_ == "relcl":
                return [v.head]
            return [s]
        if v.dep_ in ("relcl", "acl") and v.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return [v.head]
        if v.dep_ in ("conj", "xcomp", "advcl", "pcomp", "ccomp") and v.head != v:
            if v.dep_ == "pcomp" and v.head.dep_ == "prep" and v.head.head != v.head:
                v = v.head  # "After losing X, Labour ...": the phrase's verb is said of the clause's subject
            v = v.head
            continue
        return []
    return []


def _same(a, b, lists: WordLists) -> bool:
    """The same word (any inflection), or ``a`` is the reviewed plain word for ``b``."""
    ka = _keys(a.text, a.lemma_)
    if ka & _keys(b.text, b.lemma_):
        return True
    heads = _plain_heads(lists).get(b.lower_.replace("’", "'"))
    return bool(heads and heads & ka)


def _relation(root, src_docs, lists: WordLists) -> str:
    subj = _subject(root)
    if subj is None:
        return ""
    verbs = [v for d in src_docs for v in d if _same(root, v, lists)]
    if not verbs and root.lemma_ == "be":
        return ""  # a copula the source has as "being" (inflected) or an apposition: checked by new-words
    if not verbs:
        return f"the verb {root.text!r} is not in the linked sentences"
    if not any(c.dep_ in OBJECTS for c in root.children) and all(
            any(c.dep_ in OBJECTS for c in v.children) for v in verbs):
        return f"{root.text!r} has lost the object it has in the linked sentences"
    subj_words = {x.lower_ for x in subj.subtree} | {x.lemma_.lower() for x in subj.subtree}
    for v in verbs:
        for s in _source_subjects(v):
            if _same(subj, s, lists) or s.lower_ in subj_words or s.lemma_.lower() in subj_words:
                return ""
            if subj.lower_ in ("there", "it") and s.lower_ == subj.lower_:
                return ""
    return f"{subj.text!r} is not what {root.text!r} is said of in the linked sentences"


ARC_POS = {"VERB", "NOUN", "PROPN", "ADJ", "NUM"}
ARC_DEPS = {"nsubj", "nsubjpass", "dobj", "dative", "attr", "amod", "compound", "poss", "nummod"}
ARC_HOPS = 4


def _ancestor(a, b, hops: int = ARC_HOPS) -> bool:
    """Is ``b`` among the first ``hops`` heads above ``a``?"""
    for _ in range(hops):
        if a.head == a:
            return False
        a = a.head
        if a == b:
            return True
    return False


def _arcs(doc, src_docs, lists: WordLists) -> str:
    """Every core link between two content words of the point (subject, object, modifier of a noun)
    is a link (within a few steps, either way) between the same words in a source sentence: words
    are not spliced across a misparse ("Tuesday night's coup said"). A subject is also linked to a verb
    the source's parse gives that subject though it is not its head ("After losing X, the party ..." :
    "the party" is what "losing" is said of)."""
    for x in doc:
        h = x.head
        if h == x or x.pos_ not in ARC_POS or h.pos_ not in ARC_POS or x.dep_ not in ARC_DEPS:
            continue
        xs = [t for d in src_docs for t in d if _same(x, t, lists)]
        hs = [t for d in src_docs for t in d if _same(h, t, lists)]
        if not xs or not hs:
            continue  # a plain word: counted by new-words
        if not any(a.doc is b.doc and (_ancestor(a, b) or _ancestor(b, a)) for a in xs for b in hs) and not (
                x.dep_ in ("nsubj", "nsubjpass") and any(_same(x, s, lists) for b in hs for s in _source_subjects(b))):
            return f"{x.text!r} and {h.text!r} are not linked like this in the linked sentences"
    return ""


def _new_words(doc, src_docs, source_text: str, lists: WordLists) -> list[str]:
    src = {x.lower_ for d in src_docs for x in d} | {x.lemma_.lower() for d in src_docs for x in d}
    allowed = used(source_text, "", lists)
    out = []
    for x in doc:
        if x.pos_ not in CONTENT or x.is_stop:
            continue
        forms = {x.lower_, x.lemma_.lower()} | _lemmas(x.text)
        if forms & src or x.lower_ in allowed or x.lower_.strip("’'") in allowed:
            continue
        if "-" in x.text and all(p in src or _lemmas(p) & src for p in x.lower_.split("-")):
            continue
        out.append(x.text)
    return out
