"""Cover art: one square image per article and one for the podcast channel.

An editor's cover (``seeds/<stem>.cover.jpg/png``) always wins. Without one, a cover is drawn
with Pillow: the title in large white type on a dark blue ground (contrast 14:1), the publisher
(or "Narrated article") below it in yellow, in DejaVu Sans (Debian ``fonts-dejavu-core``).
Covers are square, :data:`SIZE` px (Apple Podcasts asks for 1400-3000 px, JPEG or PNG), and the
same input gives the same bytes (no dates or metadata in the PNG).

The chosen cover is written next to the outputs (``output/<slug>/cover.png``, or ``cover.jpg`` for
an editor's JPEG) so that the MP3 (APIC), the EPUB (cover image and cover page) and the feed
(episode artwork) all use the same file.
"""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

from .errors import ConfigError, DependencyError, OutputError
from .files import output_error, write_bytes

SIZE = 1400  # px, square; Apple Podcasts: 1400-3000 px
MIN_SIZE, MAX_SIZE = 1400, 3000
BACKGROUND = (16, 36, 62)  # #10243e
TITLE_COLOUR = (255, 255, 255)  # 14.9:1 on the background
SUBTITLE_COLOUR = (255, 216, 77)  # #ffd84d, 10.6:1 on the background
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
FONT_REGULAR = FONT_DIR / "DejaVuSans.ttf"
FONT_PACKAGE = "fonts-dejavu-core"
MARGIN = 110
NAMES = ("cover.png", "cover.jpg")


def _font(path: Path, size: int):
    from PIL import ImageFont

    if not path.is_file():
        raise DependencyError(f"cover art needs the font {path}",
                              hint=f"install it: sudo apt-get install -y {FONT_PACKAGE}")
    return ImageFont.truetype(str(path), size)


def _wrap(text: str, font, width: int) -> list[str]:
    """Greedy word wrap measured with the font; a word wider than a line is cut."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        while font.getlength(word) > width:  # a very long word: cut it where it stops fitting
            cut = max(1, next((i for i in range(len(word), 0, -1) if font.getlength(word[:i]) <= width), 1))
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:cut])
            word = word[cut:]
        trial = f"{line} {word}".strip()
        if font.getlength(trial) <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def _fit(text: str, width: int, height: int, sizes=range(150, 47, -6)):
    """The largest title size whose wrapped lines fit the box; at the smallest, cut with an ellipsis."""
    for size in sizes:
        font = _font(FONT_BOLD, size)
        lines = _wrap(text, font, width)
        if len(lines) * round(size * 1.2) <= height:
            return font, lines, round(size * 1.2)
    font = _font(FONT_BOLD, sizes[-1])
    step = round(sizes[-1] * 1.2)
    keep = max(1, height // step)
    lines = _wrap(text, font, width)
    if len(lines) > keep:
        lines = lines[:keep]
        while lines[-1] and font.getlength(lines[-1] + "…") > width:
            lines[-1] = lines[-1][:-1]
        lines[-1] = lines[-1].rstrip() + "…"
    return font, lines, step


def render_cover(title: str, subtitle: str, *, size: int = SIZE) -> bytes:
    """A square PNG: ``title`` large and bold, ``subtitle`` (the publisher) under a rule."""
    from PIL import Image, ImageDraw

    scale = size / SIZE
    margin = round(MARGIN * scale)
    img = Image.new("RGB", (size, size), BACKGROUND)
    draw = ImageDraw.Draw(img)
    sub_font = _font(FONT_REGULAR, round(64 * scale))
    sub_lines = _wrap(" ".join(subtitle.split()) or "Narrated article", sub_font, size - 2 * margin)[:2]
    sub_step = round(64 * scale * 1.25)
    sub_top = size - margin - sub_step * len(sub_lines)
    rule_y = sub_top - round(40 * scale)
    title_box = rule_y - round(50 * scale) - margin
    font, lines, step = _fit(" ".join(title.split()) or "Untitled article", size - 2 * margin, title_box,
                             sizes=range(round(150 * scale), round(47 * scale), -max(1, round(6 * scale))))
    y = margin
    for line in lines:
        draw.text((margin, y), line, font=font, fill=TITLE_COLOUR)
        y += step
    draw.rectangle((margin, rule_y, margin + round(240 * scale), rule_y + round(12 * scale)), fill=SUBTITLE_COLOUR)
    for i, line in enumerate(sub_lines):
        draw.text((margin, sub_top + i * sub_step), line, font=sub_font, fill=SUBTITLE_COLOUR)
    buf = io.BytesIO()
    img.save(buf, format="PNG", compress_level=6)  # optimize=True: 3x slower, same size
    return buf.getvalue()


def conform(path: Path) -> tuple[bytes, str]:
    """An editor's image as (bytes, suffix): kept byte for byte when it is already a square JPEG or
    PNG of 1400-3000 px, else centre-cropped to a square and scaled into that range (as PNG)."""
    from PIL import Image, UnidentifiedImageError

    data = path.read_bytes()
    try:
        with Image.open(io.BytesIO(data)) as im:
            fmt, (w, h) = im.format, im.size
            if fmt in ("JPEG", "PNG") and w == h and MIN_SIZE <= w <= MAX_SIZE and im.mode in ("RGB", "L", "P"):
                return data, ".jpg" if fmt == "JPEG" else ".png"
            side = min(w, h)
            box = ((w - side) // 2, (h - side) // 2, (w - side) // 2 + side, (h - side) // 2 + side)
            target = min(MAX_SIZE, max(MIN_SIZE, side))
            out = im.convert("RGB").crop(box).resize((target, target), Image.Resampling.LANCZOS)
    except (UnidentifiedImageError, OSError) as e:
        raise ConfigError(f"{path}: not a readable JPEG or PNG image ({e})") from None
    buf = io.BytesIO()
    out.save(buf, format="PNG", compress_level=6)
    return buf.getvalue(), ".png"


def _write(dest_dir: Path, data: bytes, suffix: str) -> Path:
    dest = Path(dest_dir) / f"cover{suffix}"
    for name in NAMES:  # one cover per folder: drop the other format's stale file
        stale = Path(dest_dir) / name
        if name != dest.name and stale.is_file():
            try:
                stale.unlink()
            except OSError as e:
                raise output_error(stale, e) from None
    if not (dest.is_file() and dest.read_bytes() == data):
        write_bytes(dest, data)
    return dest


def editor_cover(project, doc) -> Path | None:
    """``seeds/<article stem>.cover.{jpg,jpeg,png}`` (or ``<slug>.cover.*``) when an editor supplied one."""
    stems = [Path(doc.meta.source).stem if doc.meta.source else "", doc.meta.slug]
    for stem in filter(None, stems):
        for ext in ("jpg", "jpeg", "png"):
            p = Path(project.seeds) / f"{stem}.cover.{ext}"
            if p.is_file():
                return p
    return None


COVER_VERSION = 1  # part of the generated covers' cache key: bump when the drawing changes


def generated_cover(project, title: str, subtitle: str) -> bytes:
    """``render_cover``, remembered in ``output/.cache/covers`` by its inputs (drawing a 1400 px
    cover takes ~0.2 s, most of a warm narration's run); the cache is optional (unwritable: drawn)."""
    key = hashlib.sha256(json.dumps([COVER_VERSION, title, subtitle, FONT_BOLD.name, FONT_REGULAR.name],
                                    ensure_ascii=False).encode("utf-8")).hexdigest()
    cached = Path(project.output) / ".cache" / "covers" / f"{key}.png"
    try:
        return cached.read_bytes()
    except OSError:
        pass
    data = render_cover(title, subtitle)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(cached, data)
    except (OSError, OutputError):
        pass  # a cache we cannot write only costs time
    return data


def article_cover(doc, project, out_dir: Path) -> Path:
    """Write the article's cover to ``out_dir`` (the editor's, else a generated one); return its path."""
    supplied = editor_cover(project, doc)
    if supplied is not None:
        data, suffix = conform(supplied)
    else:
        data, suffix = generated_cover(project, doc.meta.title or doc.meta.slug, doc.meta.publisher), ".png"
    return _write(out_dir, data, suffix)


def channel_cover(output: Path, title: str, subtitle: str, artwork: Path | None = None) -> Path:
    """The podcast channel's artwork in ``output/``: ``artwork`` (conformed) when given, else generated."""
    if artwork is not None:
        data, suffix = conform(Path(artwork))
    else:
        data, suffix = render_cover(title, subtitle), ".png"
    return _write(output, data, suffix)


def find(out_dir: Path) -> Path | None:
    """The cover already written in ``out_dir``, if any."""
    return next((Path(out_dir) / n for n in NAMES if (Path(out_dir) / n).is_file()), None)
