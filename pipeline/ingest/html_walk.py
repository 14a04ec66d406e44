"""The chosen (and sanitised) article fragment -> plain-text pieces in reading order.

The walk is iterative (lxml ``iterwalk``), so deep nesting cannot exhaust the stack. Only text
nodes are kept: no markup reaches a piece. Structure kept: headings, paragraphs, pull quotes with
their attribution, lists (``ul``/``ol``: one item per ``li``, nested lists flattened), figures
(``figure``/``figcaption`` or a caption element: the caption without its photo credit, plus the
image's ``alt``), data tables (a ``list`` block: one item per row, cells joined by "; ", the
caption first; a table that lays out paragraphs, lists or code is walked like any container), and
the standfirst (an element marked dek/standfirst/summary).

Furniture inside the article is removed by general rules, never per-site lists:
- what readers are not shown: ``hidden``, ``aria-hidden="true"``, a ``hidden`` class (topic tags,
  tracking lists), unless it holds most of the article;
- containers whose class or id says share/related/promo/newsletter/ad/... (:data:`FURNITURE_MARK`),
  unless they hold most of the article;
- link lists and link boxes: a list or small container whose text is mostly links and none of
  whose entries has words of its own (a list of sentences with links is article);
- short all-link paragraphs ("Read the full transcript of his interview", "Related: ..."), unless
  one opens in lower case (the end of a sentence a page split at its link);
- never inside ``<pre>``/``<code>``, whose classes name syntax ("hljs-comment"), not furniture;
- short paragraphs that open like a promo ("Read more", "Related:", "Sign up", "Subscribe").

(Just over 300 lines on purpose: the walk and the furniture rules it applies on the way are one
pass over the tree; split apart, every rule would need the walk's state passed to it.)
"""

from __future__ import annotations

import html as html_lib
import re
from html.entities import html5
from dataclasses import dataclass, field

from lxml import etree

from ..decode import normalise_inline
from .html_meta import SKIP, TAG_LIKE
from .invisible import strip_invisible

BLOCK = {"p", "div", "section", "article", "main", "header", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
         "blockquote", "li", "ul", "ol", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "td",
         "th", "caption", "pre", "figure", "figcaption", "hr", "address", "details", "summary", "center",
         "body", "html"}
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 3, "h5": 3, "h6": 3}
_HAS_WORD = re.compile(r"\w")
FURNITURE_MARK = re.compile(
    r"(?:^|[\s_-])(?:related(?:posts?|-?(?:articles?|stories|links?|content))?|relatedposts|share|sharing|sharedaddy|"
    r"social|comments?|advert\w*|ads?|promo\w*|newsletter\w*|subscribe|subscription|signup|sign-up|sponsor\w*|popup|"
    r"modal|cookie|breadcrumbs?|pagination|likes|outbrain|taboola|read-?more|more-?stories|recommend\w*|"
    r"visually-?hidden|sr-only|screen-reader-text)(?:$|[\s_-])",
    re.I,
)
CAPTION_MARK = re.compile(r"(?:^|[\s_-])(?:wp-caption-text|caption|media-caption|image-caption|img-caption)(?:$|[\s_-])", re.I)
CREDIT_MARK = re.compile(r"(?:^|[\s_-])(?:credits?|copyright|photographer|image-?source|media-credit|attribution)(?:$|[\s_-])", re.I)
STANDFIRST_MARK = re.compile(r"(?:^|[\s_-])(?:standfirst|dek|deck|strapline|subhead(?:line)?|sub-?title|"
                             r"article-?summary|story-?summary)(?:$|[\s_-])", re.I)
HIDDEN_CLASS = re.compile(r"(?:^|\s)(?:hidden|d-none|is-hidden|u-hidden)(?:$|\s)", re.I)  # not shown to readers
DROP_CAP_MARK = re.compile(r"drop-?cap|dropcap|initial|first-?letter", re.I)
# "Credit: X", "Photo: X", "(Photo by X)", "Image: X" at the end of a caption
CREDIT_TAIL = re.compile(r"\s*[(\[]?\s*(?:(?:photo(?:graph)?|image|picture|credit|foto|bild)s?\s*(?:by|:|credit:?)|©)"
                         r"[^()\[\]]*[)\]]?\s*$", re.I)
PROMO_START = re.compile(r"^(?:read (?:more|the full|our|next)|related(?: stories| articles| coverage)?:|see also:|"
                         r"more:|sign up|subscribe|click here|follow us|join (?:us|our)|don't miss|watch:|listen:)(?!\w)", re.I)
PROMO_MAX_WORDS = 20  # a promo line is short; a paragraph of running text that starts "Read more" is kept
STANDFIRST_MAX_CHARS = 500  # a dek is a sentence or two
LINK_BOX_DENSITY = 0.6  # a list or box whose text is this much links is navigation, not article
OWN_WORDS = 4  # an item with this many words outside its links is running text, not a link (so its box is no link box)
LAYOUT_INSIDE = {"table", "ul", "ol", "dl", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "figure", "blockquote"}
CODE = ("pre", "code")  # inside code, classes name syntax ("hljs-comment"), not page furniture
ATTRIB_DASH = re.compile(r"^[\s\-–—―~]+")


@dataclass
class Piece:
    kind: str  # heading / paragraph / quote / list / figure / standfirst
    text: str
    level: int = 0
    attribution: str = ""
    items: list[str] = field(default_factory=list)
    ordered: bool = False
    alt: str = ""


def link_density(el) -> float:
    text = len(" ".join(el.text_content().split()))
    links = sum(len(" ".join(a.text_content().split())) for a in el.iter("a"))
    return links / text if text else 0.0


def _chars(text: str) -> int:
    """Characters other than white space (link shares must not count a page's indentation)."""
    return len("".join(text.split()))


def _marks(el) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}"


# An entity left in the text after parsing: the page escaped it twice ("400&amp;percnt;" shows
# "400&percnt;"), so a reader sees, and a voice reads, "ampersand percnt". Decoded once more.
ESCAPED_TWICE = re.compile(r"&(?:#\d{2,7}|#[xX][0-9a-fA-F]{2,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _unescape_twice(text: str) -> str:
    def decode(m):
        known = m.group().startswith("&#") or m.group()[1:] in html5
        return html_lib.unescape(m.group()) if known else m.group()

    return ESCAPED_TWICE.sub(decode, text) if "&" in text else text


def _clean(text: str) -> str:
    return normalise_inline(strip_invisible(_unescape_twice(TAG_LIKE.sub(" ", text))))


def _text(el, skip=lambda node: False) -> str:
    """Visible text of ``el`` (block elements separate words), leaving out subtrees ``skip`` names."""
    parts = []
    walker = etree.iterwalk(el, events=("start", "end"))
    for event, node in walker:
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        if event == "start":
            if node is not el and (not tag or tag in SKIP or skip(node)):
                walker.skip_subtree()
                parts.append(node.tail or "")
                continue
            parts.append(" " if tag in BLOCK or tag == "br" else "")
            parts.append(node.text or "")
        elif node is not el:
            parts.append(node.tail or "")
    return _clean("".join(parts))


def _caption_text(el) -> str:
    """The caption of ``el`` without credit elements or a credit tail."""
    text = _text(el, lambda n: bool(CREDIT_MARK.search(_marks(n)) or FURNITURE_MARK.search(_marks(n))))
    return CREDIT_TAIL.sub("", text).rstrip(" -–—|/·")  # "caption - <credit>": the dash goes with the credit


def _figure(el) -> Piece | None:
    caps = [c for c in el.iter() if isinstance(c.tag, str) and (c.tag == "figcaption" or CAPTION_MARK.search(_marks(c)))]
    caption = " ".join(t for t in (_caption_text(c) for c in caps if not any(a in caps for a in c.iterancestors())) if t)
    if not caps and el.tag != "figure":
        caption = _caption_text(el)
    alt = next((_clean(i.get("alt") or "") for i in el.iter("img") if _clean(i.get("alt") or "")), "")
    return Piece("figure", caption, alt=alt) if caption or alt else None


def _list(el) -> Piece | None:
    """One item per ``li`` (its own text; a nested list's items follow as items of their own)."""
    items = []
    for li in el.iter("li"):
        text = _text(li, lambda n: n.tag in ("ul", "ol"))
        if _HAS_WORD.search(text):
            items.append(text)
    return Piece("list", "\n".join(items), items=items, ordered=el.tag == "ol") if items else None


def is_data_table(el) -> bool:
    """A table of data (rows of short cells), not one that lays out a page: two rows or more, two
    columns somewhere, and no cell holding its own table, list, heading, code or figure."""
    rows = [tr for tr in el.iter("tr")]
    return (len(rows) >= 2 and any(len(_cells(tr)) >= 2 for tr in rows)
            and not any(d.tag in LAYOUT_INSIDE for d in el.iterdescendants()))


def _cells(tr) -> list:
    return [c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]


def _table(el) -> Piece | None:
    """A data table as rows of text: one item per row (the caption first), its cells joined by
    "; ", so the full text and the EPUB show rows and narration reads a row, pauses, reads the next,
    instead of one paragraph per cell."""
    rows = [" ".join(_text(c).split()) for c in el.iter("caption")]
    for tr in el.iter("tr"):
        cells = [t for t in (_text(c) for c in _cells(tr)) if _HAS_WORD.search(t)]
        if cells:
            rows.append("; ".join(cells))
    rows = [r for r in rows if _HAS_WORD.search(r)]
    return Piece("list", "\n".join(rows), items=rows) if rows else None


NOTE_MARK = re.compile(r"(?:\[[^\[\]]{1,30}\])+")  # "[1]", "[a]", "[citation needed]", "[1][2]"


def is_note_mark(sup) -> bool:
    """Is this ``<sup>`` a footnote or citation mark ("[1]", "[citation needed]", or a number linking to
    a note on the page), not a superscript of the text ("m<sup>2</sup>", "A<sup>H</sup>")? A mark is
    not read aloud ("5 seconds.23") and not shown in the running text."""
    text = " ".join(sup.text_content().split())
    if not text or len(text) > 32:
        return False
    if NOTE_MARK.fullmatch(text):
        return True
    links = list(sup.iter("a"))
    return bool(links) and all((a.get("href") or "").startswith("#") for a in links) and \
        " ".join("".join(a.text_content() for a in links).split()) == text.replace(" ", "") and \
        bool(re.fullmatch(r"[\w*†‡§,\- ]{1,8}", text))


def box_rule(el, whole: int) -> str:
    """The rule that makes ``el`` furniture ("" when none): a share bar, related-links box, ad slot,
    newsletter sign-up... by its class or id, or a small box made mostly of links; never an element
    holding most of the article."""
    size = len(el.text_content())
    if size >= 0.5 * whole:
        return ""
    if el.tag == "sup" and is_note_mark(el):
        return "html:note-mark"
    if el.get("hidden") is not None or el.get("aria-hidden") == "true" or HIDDEN_CLASS.search(el.get("class") or ""):
        return "html:hidden"
    if FURNITURE_MARK.search(_marks(el)):
        return "html:furniture-class"
    if el.tag in ("ul", "ol", "div", "section", "table", "dl") and len(list(el.iter("a"))) >= 2 \
            and link_density(el) > LINK_BOX_DENSITY and not any(_own_words(i) >= OWN_WORDS for i in _items(el)):
        return "html:link-box"
    return ""


def _items(el) -> list:
    """The entries of a box: its list items, else its child elements."""
    items = list(el.iter("li", "dt", "dd", "tr"))
    return items or [c for c in el if isinstance(c.tag, str)]


def _own_words(el) -> int:
    """Words of ``el``'s text outside its links ("Neil has patches up to <a>...</a>, and <a>...</a>": 6)."""
    return len(el.text_content().split()) - sum(len(a.text_content().split()) for a in el.iter("a"))


def _short(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def is_promo(text: str, link_share: float) -> bool:
    """A short all-link paragraph, or a short line that opens like a promo. An all-link line that
    opens in lower case is the end of a sentence a page split at its link ("... from" / "the
    repository."), not a promo."""
    words = len(text.split())
    if link_share > 0.9 and words <= PROMO_MAX_WORDS and not text[:1].islower():
        return True
    return bool(PROMO_START.match(text)) and words <= PROMO_MAX_WORDS


def walk(root, dropped: list[tuple[str, str]] | None = None) -> list[Piece]:
    """Plain-text pieces of an article fragment (an lxml element), in reading order. What the
    furniture rules removed is appended to ``dropped`` as (text, rule)."""
    dropped = dropped if dropped is not None else []
    pieces: list[Piece] = []
    stack: list[str] = []
    buf: list[str] = []
    links: list[int] = [0]  # non-space characters of the buffer inside <a>
    quote: list[list[str]] | None = None  # [texts, attribution]
    standfirst_depth: list[int] = []

    def flush() -> None:
        raw = "".join(buf)
        text = _clean(raw)
        share = links[0] / max(1, _chars(raw))
        buf.clear()
        links[0] = 0
        if not _HAS_WORD.search(text):
            return
        if quote is not None:
            at = stack.index("blockquote")
            (quote[1] if "cite" in stack[at:] or "footer" in stack[at:] else quote[0]).append(text)
            return
        level = next((HEADINGS[t] for t in reversed(stack) if t in HEADINGS), 0)
        if not level and is_promo(text, share):
            dropped.append((text, "html:promo-line"))
            return
        if standfirst_depth:
            pieces.append(Piece("standfirst", text))
        else:
            pieces.append(Piece("heading", text, level) if level else Piece("paragraph", text))

    whole = len(root.text_content())
    skipped: set = set()
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if event == "start":
            rule = box_rule(el, whole) if tag and tag not in SKIP and el is not root and not any(
                t in CODE for t in stack) and tag not in CODE else ""
            if rule and _HAS_WORD.search(el.text_content()):
                dropped.append((_short(_clean(_text(el))), rule))
            if not tag or tag in SKIP or rule:
                skipped.add(el)
                walker.skip_subtree()
                continue
            special = None
            if quote is None and (tag in ("figure", "figcaption")
                                  or (tag != "img" and CAPTION_MARK.search(_marks(el)))):
                special = _figure(el)
            elif quote is None and tag in ("ul", "ol"):
                special = _list(el)
            elif quote is None and tag == "table" and is_data_table(el):
                special = _table(el)
            if special is not None or (quote is None and tag in ("figure", "ul", "ol")):
                flush()
                if special is not None:
                    pieces.append(special)
                skipped.add(el)
                walker.skip_subtree()
                buf.append(el.tail or "")
                continue
            if tag == "br":
                buf.append(" ")
                continue
            if tag in BLOCK or (tag == "cite" and quote is not None):
                flush()
            if tag == "blockquote" and quote is None and next(el.iter("table"), None) is None:  # a quote, not an indented table
                quote = [[], []]
            if (STANDFIRST_MARK.search(_marks(el)) and tag not in ("body", "article", "main")
                    and len(el.text_content()) <= STANDFIRST_MAX_CHARS
                    and not any(p.kind in ("paragraph", "list", "quote") for p in pieces)):
                standfirst_depth.append(len(stack))
            stack.append(tag)
            text = el.text or ""
            if DROP_CAP_MARK.search(_marks(el)) and len(text.strip()) == 1:
                text, el.tail = text.strip(), (el.tail or "").lstrip()
            buf.append(text)
            if "a" in stack:
                links[0] += _chars(text)
        else:
            if el not in skipped and tag != "br":
                if tag in BLOCK or (tag == "cite" and quote is not None):
                    flush()
                stack.pop()
                if standfirst_depth and standfirst_depth[-1] == len(stack):
                    standfirst_depth.pop()
                if tag == "blockquote" and "blockquote" not in stack and quote is not None:
                    pieces.extend(_quote_pieces(*quote))
                    quote = None
            tail = el.tail or ""
            buf.append(tail)
            if "a" in stack:
                links[0] += _chars(tail)
    flush()
    return pieces


def _quote_pieces(texts: list[str], attribution: list[str]) -> list[Piece]:
    att = ATTRIB_DASH.sub("", " ".join(attribution)).strip()
    if not texts:
        return [Piece("paragraph", att)] if att else []
    return [Piece("quote", " ".join(texts), attribution=att)]
