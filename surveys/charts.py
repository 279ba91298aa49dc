"""Charts as SVG geometry, drawn by templates/surveys/_bars.html: the same markup shows on
the page and in WeasyPrint's PDF (as the Kurva S is drawn), with no script."""

LABEL_WIDTH = 300
BAR_WIDTH = 300
ROW_HEIGHT = 22


def bars(rows, maximum, decimals=2):
    """A horizontal bar chart of (label, value) rows on a 0..maximum scale."""
    drawn = []
    for index, (label, value) in enumerate(rows):
        width = 0
        if value and maximum:
            width = round(BAR_WIDTH * min(value, maximum) / maximum, 1)
        drawn.append(
            {
                "label": str(label)[:45],
                "y": index * ROW_HEIGHT,
                "text_y": index * ROW_HEIGHT + 15,
                "width": width,
                "value": "–" if value is None else f"{value:.{decimals}f}".replace(".", ","),
                "value_x": LABEL_WIDTH + width + 6,
            }
        )
    return {
        "rows": drawn,
        "height": max(len(rows), 1) * ROW_HEIGHT + 4,
        "width": LABEL_WIDTH + BAR_WIDTH + 60,
        "bar_x": LABEL_WIDTH,
        "label_x": LABEL_WIDTH - 6,
    }


def element_chart(results):
    return bars([(f"U{e.item.number} {e.item.name}", e.nrr) for e in results.elements], 4)


def trend_chart(points):
    """IKM per period (0-100); IPKP and IPAK x 25 beside it."""
    rows = []
    for period, ikm, ipkp, ipak in points:
        rows.append((f"{period} IKM", ikm))
        rows.append((f"{period} IPKP x 25", None if ipkp is None else ipkp * 25))
        rows.append((f"{period} IPAK x 25", None if ipak is None else ipak * 25))
    return bars(rows, 100)


def profile_charts(breakdown, labels, titles):
    """One chart per profile question: respondents per answer ("–" for none given)."""
    charts = []
    for name, rows in breakdown.items():
        choices = labels.get(name, {})
        counted = [(choices.get(value, value) or "–", n) for value, n in rows]
        top = max((n for _label, n in counted), default=0)
        charts.append((titles[name], bars(counted, top, decimals=0)))
    return charts
