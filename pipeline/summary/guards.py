"""When a sentence is not cut where :mod:`.boundaries` would otherwise cut it.

Each guard names a shape in which the cut would state something the sentence does not (found by
reading every candidate point of the English corpus pages as their reader would, 2026-12-02); each
has a case in ``tests/test_summary_points.py`` that the code without it got wrong:

- a clause on "the only / first / any / a X" is part of what X means (:func:`_restricted`);
- a conjunct of a subordinate clause shares its "if" (:func:`_main_conj`);
- "a X" carried into a second sentence reads as another X (:func:`_indefinite_subject`);
- ", which ..." may be about the whole clause before it (:func:`_about_the_clause`);
- "but" may take the first half back (:func:`_cancels`);
- "Two years after ..." carries words on its "after" (:func:`_bare_mark`);
- a list the parse took for an apposition is no aside (:func:`_a_list`);
- "be" with nothing it is is no sentence (:func:`_bare_be`);
- a participle of :data:`RESULT_VERBS` tells what the whole event brought about.
"""

from __future__ import annotations

from .parse import _subj

INDEFINITE = {"a", "an", "another"}  # "a server, which uses X" -> "A server uses X" reads as any server
RESTRICTED = {"only", "first", "last", "next", "sole", "any", "every", "each", "no", "all", "few", "many", "most",
              "some", "none"}


# a participle of these tells what the whole event brought about, not what its subject did: in
# "Thousands flocked to Syria, making the country a major source of fighters" it was the flocking
RESULT_VERBS = {"make", "allow", "enable", "leave", "cause", "give", "lead", "bring", "result", "mean", "help",
                "force", "prompt", "spark", "trigger", "put", "render", "raise", "drive", "let", "create", "set",
                "push", "send", "keep", "prevent", "ensure", "turn"}


def _restricted(noun) -> bool:
    """Does a word before ``noun`` make a clause on it part of what it means ("the only SDK allowing
    that", "the first team that won", "any party which ...")? Then "The only SDK allows that." would
    say something the sentence does not: such a clause is never split off."""
    return any(c.lower_ in RESTRICTED | INDEFINITE or c.tag_ in ("JJS", "RBS") or c.ent_type_ == "ORDINAL"
               for c in noun.children if c.i < noun.i)


def _main_conj(t) -> bool:
    """Is ``t`` a conjunct of the main clause (its chain of conjuncts ends at the root)? A conjunct of a
    subordinate clause shares its "if" or "that": in "If you want X, and you want Y, you should Z",
    "You want Y." alone would state what the sentence only supposes."""
    while t.dep_ == "conj":
        t = t.head
    return t.dep_ == "ROOT"


def _indefinite_subject(verb) -> bool:
    """Is the subject ``verb`` shares "a X"? Carried into a second sentence it would read as another X
    ("A gunman opened fire, killing two people" -> "A gunman killed two people."), so the clause stays."""
    for _ in range(6):
        s = _subj(verb)
        if s is not None:
            return any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in s.children)
        if verb.dep_ != "conj" or verb.head is verb:
            return False
        verb = verb.head
    return False


# verbs that say what an event means or brings about: ", which suggests / means / led to ..."
EVENT_VERBS = {"mean", "cause", "lead", "result", "suggest", "show", "indicate", "imply", "explain", "prove", "allow",
               "enable", "prompt", "spark", "trigger", "force", "ensure", "prevent", "render"}


def _about_the_clause(relcl) -> bool:
    """Is ", which ..." about the whole clause before it, not the noun it follows? "... underwritten by
    GIS companies, which suggests that ..." (a singular verb after a plural noun, or a verb that says
    what an event means or brings about) would become "GIS companies suggests ..."."""
    verb, noun = relcl, relcl.head
    if not any(c.lower_ == "which" for c in verb.children):
        return False  # "who" is about a person: "held by his father, who was in uniform"
    plural = noun.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in noun.children)
    if plural and (verb.tag_ == "VBZ" or any(a.tag_ == "VBZ" for a in verb.children if a.dep_ in ("aux", "auxpass"))):
        return True
    if verb.lemma_ in EVENT_VERBS:
        return True
    # ", which is a disgrace" after an object or a phrase's noun may judge the whole clause
    return verb.lemma_ == "be" and noun.dep_ not in ("nsubj", "nsubjpass")


def _cancels(conj) -> bool:
    """Does "but" join a clause that the second one takes back? "I would like to say I'm surprised,
    but I'm not": the first half alone says the opposite of the sentence. So a "but"/"yet" clause is
    not split from a first half with "would"/"could"/"might", nor when it is a negation that leaves its
    verb out ("but I'm not", "but it didn't"); "..., but the residents were not told" is split."""
    cc = next((c for c in conj.head.children if c.dep_ == "cc" and c.i < conj.i), None)
    if cc is None or cc.lower_ not in ("but", "yet"):
        return False
    first_modal = any(a.tag_ == "MD" and a.lower_ in ("would", "could", "might") for a in conj.head.children)
    negated = any(c.dep_ == "neg" for c in conj.children)
    elliptical = conj.lemma_ in ("be", "do", "have") and not any(
        c.dep_ in ("attr", "acomp", "dobj", "xcomp", "ccomp", "prep", "oprd") for c in conj.children)
    return first_modal or (negated and elliptical)  # "..., but I'm not" / "..., but it didn't"


def _bare_mark(t) -> bool:
    """Does the subordinating word of clause ``t`` stand alone? In "Two years after Hamilton arrived,
    ..." the mark carries "Two years": splitting would leave "Two years Hamilton arrived."."""
    return not any(c.dep_ in ("npadvmod", "advmod", "nummod") and c.i < t.i and not any(m.dep_ == "mark" and m.i < c.i for m in t.children)
                   for c in t.children) and not any(list(c.children) for c in t.children if c.dep_ == "mark")


def _a_list(appos) -> bool:
    """Is this "apposition" really an item of a list ("the number of web pages, Wikipedia articles, and
    pieces of content, our algorithms can analyze")? Dropping it as an aside would cut the list and
    the clause after it ("The number of web pages can analyze in seconds ...")."""
    return any(c.dep_ in ("cc", "conj") for c in appos.children) or \
        sum(1 for c in appos.head.children if c.dep_ == "appos") > 1


def _bare_be(verb) -> bool:
    """"be" with nothing it is: in "Kaplan had now been, for several years, selling decks" the -ing
    phrase is the verb's own (a misparse), and "Kaplan had now been, for several years." is no sentence."""
    return verb.lemma_ == "be" and not any(c.dep_ in ("attr", "acomp", "oprd", "ccomp", "xcomp") for c in verb.children)
