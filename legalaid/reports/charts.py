"""Server-rendered SVG charts (no chart library, no CDN): stacked horizontal bars."""

from dataclasses import dataclass

from markupsafe import Markup, escape

from legalaid.reports.services import known_total

PALETTE = ("#1f4e79", "#c55a11", "#548235", "#7f6000", "#7030a0", "#2e75b6", "#a5a5a5")
ROW_HEIGHT = 22
LABEL_WIDTH = 170
BAR_WIDTH = 300


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

        A hidden count is drawn as nothing, and a row holding one prints no total.
        """
        largest = max((_drawn_total(values) for _label, values in self.rows), default=0) or 1
        legend_height = 20
        height = legend_height + ROW_HEIGHT * len(self.rows) + 6
        width = LABEL_WIDTH + BAR_WIDTH + 50
        parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
            f'class="chart" aria-label="{escape(self.title)}"><title>{escape(self.title)}</title>'
        ]
        x = 0
        for index, (_key, label) in enumerate(self.series):
            colour = PALETTE[index % len(PALETTE)]
            parts.append(f'<rect x="{x}" y="4" width="10" height="10" fill="{colour}"/>')
            parts.append(f'<text x="{x + 14}" y="13" font-size="11">{escape(label)}</text>')
            x += 18 + 7 * len(str(label))
        for row, (label, values) in enumerate(self.rows):
            y = legend_height + row * ROW_HEIGHT
            parts.append(
                f'<text x="0" y="{y + 15}" font-size="11">{escape(str(label)[:28])}</text>'
            )
            offset = LABEL_WIDTH
            for index, (key, _label) in enumerate(self.series):
                length = round(BAR_WIDTH * _drawn(values.get(key, 0)) / largest, 1)
                if length:
                    colour = PALETTE[index % len(PALETTE)]
                    bar_height = ROW_HEIGHT - 6
                    parts.append(
                        f'<rect x="{offset}" y="{y + 3}" width="{length}" '
                        f'height="{bar_height}" fill="{colour}"/>'
                    )
                offset += length
            total = known_total(values.values())
            if total is not None:
                parts.append(f'<text x="{offset + 4}" y="{y + 15}" font-size="11">{total}</text>')
        parts.append("</svg>")
        # Safe: every text that comes from data went through escape() above.
        return Markup("".join(parts))  # noqa: S704


def _drawn(value: int | str) -> int:
    """The length a value is drawn at: a hidden count gets none."""
    return value if isinstance(value, int) else 0


def _drawn_total(values: dict[str, int | str]) -> int:
    return sum(_drawn(value) for value in values.values())
