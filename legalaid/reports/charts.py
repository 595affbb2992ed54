"""Server-rendered SVG charts (no chart library, no CDN): stacked horizontal bars."""

from dataclasses import dataclass

from markupsafe import Markup, escape

from legalaid.reports.presentation import number
from legalaid.reports.services import known_total

PALETTE = ("#1f4e79", "#c55a11", "#548235", "#7f6000", "#7030a0", "#2e75b6", "#a5a5a5")
# Drawn in a narrow box that the page widens to its column (CSS `.chart`: width 100%): 320 units
# fill a 360 px phone at about one pixel each, so 13-unit text reads at 13 px or more anywhere.
WIDTH = 320
FONT_SIZE = 13
LINE_HEIGHT = 16
CHAR_WIDTH = 0.6 * FONT_SIZE  # a generous average for sans-serif letters, to wrap before the edge
BAR_HEIGHT = 14
TOTAL_ROOM = 56  # right of the longest bar, for its total ("12 345")
SWATCH = 11
LABEL_INDENT = 2  # room for letters that reach left of their origin (J, j)


@dataclass
class Chart:
    """Rows of stacked values, the same data for the SVG and its table alternative."""

    title: str
    series: list[tuple[str, str]]  # (key, label)
    # (row label, {series key: value}); a value is a count, or "< 5" where it is hidden
    rows: list[tuple[str, dict[str, int | str]]]

    @property
    def empty(self) -> bool:
        """Nothing to show: every value is zero (a hidden small count is something)."""
        return not any(any(values.values()) for _label, values in self.rows)

    def svg(self) -> Markup:
        """The chart; the table next to it carries the same figures for screen readers.

        Each row's label sits on its own lines above its bar, wrapped, never cut. A hidden count
        is drawn as nothing, and a row holding one prints no total.
        """
        largest = max((drawn_total(values) for _label, values in self.rows), default=0) or 1
        parts, y = self._legend()
        for label, values in self.rows:
            for line in wrap(str(label), WIDTH - LABEL_INDENT):
                y += LINE_HEIGHT
                parts.append(_text(LABEL_INDENT, y - 4, line))
            offset = 0.0
            for index, (key, _label) in enumerate(self.series):
                length = round((WIDTH - TOTAL_ROOM) * drawn(values.get(key, 0)) / largest, 1)
                if length:
                    parts.append(
                        f'<rect x="{offset}" y="{y}" width="{length}" height="{BAR_HEIGHT}" '
                        f'fill="{PALETTE[index % len(PALETTE)]}"/>'
                    )
                offset += length
            total = known_total(values.values())
            if total is not None:
                parts.append(_text(offset + 4, y + BAR_HEIGHT - 2, number(total)))
            y += BAR_HEIGHT + 8
        opening = (
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {WIDTH} {y}" '
            f'class="chart" aria-label="{escape(self.title)}"><title>{escape(self.title)}</title>'
        )
        # Safe: every text that comes from data went through escape() in _text() or above.
        return Markup(opening + "".join(parts) + "</svg>")  # noqa: S704

    def _legend(self) -> tuple[list[str], int]:
        """The series' colours and names, flowing onto as many lines as they need; a name too
        long for one line ("Conciliation foncière (commission foncière)") wraps beside its
        colour."""
        parts: list[str] = []
        x, y = 0.0, LINE_HEIGHT
        for index, (_key, label) in enumerate(self.series):
            lines = wrap(str(label), WIDTH - SWATCH - 4)
            width = SWATCH + 4 + max(len(line) for line in lines) * CHAR_WIDTH
            if x and x + width > WIDTH:
                x, y = 0.0, y + LINE_HEIGHT
            parts.append(
                f'<rect x="{x}" y="{y - SWATCH - 1}" width="{SWATCH}" height="{SWATCH}" '
                f'fill="{PALETTE[index % len(PALETTE)]}"/>'
            )
            for row, line in enumerate(lines):
                parts.append(_text(x + SWATCH + 4, y - 2 + row * LINE_HEIGHT, line))
            if len(lines) > 1:  # the next name starts below the wrapped one
                x, y = WIDTH, y + (len(lines) - 1) * LINE_HEIGHT
            else:
                x += width + 10
        return parts, y + 6


def wrap(text: str, width: float) -> list[str]:
    """`text` cut between words into lines that fit `width` at the chart's font size."""
    most = max(1, int(width // CHAR_WIDTH))
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= most:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _text(x: float, y: float, text: str) -> str:
    return f'<text x="{round(x, 1)}" y="{y}" font-size="{FONT_SIZE}">{escape(text)}</text>'


def drawn(value: int | str) -> int:
    """The length a value is drawn at: a hidden count gets none."""
    return value if isinstance(value, int) else 0


def drawn_total(values: dict[str, int | str]) -> int:
    """The length a row of values is drawn at."""
    return sum(drawn(value) for value in values.values())
