"""Exercises of notebook 04, Arms control and New START.

The declared New START forces against the treaty's limits, a chart of one country's warheads,
and Trump's share of the world's arsenal checked against the SIPRI estimates.
"""

import pandas as pd

from summitlib.datasets import (
    load_new_start_declarations,
    load_new_start_limits,
    load_nuclear_arsenals,
)
from summitlib.exercises._declare import chart, choice, exercises_in, table, value, written

SETUP = (
    "import summitlib\n"
    "import matplotlib.pyplot as plt\n"
    "declarations = summitlib.load_new_start_declarations()\n"
    "limits = summitlib.load_new_start_limits()\n"
    "arsenals = summitlib.load_nuclear_arsenals()"
)

_WARHEADS = "deployed_warheads"


def _warhead_limit():
    limits = load_new_start_limits()
    return int(limits.loc[limits["category"] == _WARHEADS, "limit_count"].iloc[0])


def _declared_warheads(country=None):
    d = load_new_start_declarations()
    rows = d[d["category"] == _WARHEADS]
    if country is not None:
        rows = rows[rows["country"] == country]
    return rows


def _russia_headroom_feb_2018():
    rows = _declared_warheads("Russia")
    declared = rows.loc[rows["as_of"] == pd.Timestamp("2018-02-05"), "declared_count"]
    return int(_warhead_limit() - declared.iloc[0])


@value(
    expected=_russia_headroom_feb_2018,
    mistakes=[
        (lambda answer, expected: answer == _warhead_limit() - expected,
         "That is the number Russia declared. The question asks how far below the limit it "
         "was: subtract it from the limit, 1,550."),
        (lambda answer, expected: answer == -expected,
         "The subtraction is the wrong way round: take the limit minus the declared number."),
    ],
)
def q1(declarations, limits):
    row = declarations[(declarations['country'] == 'Russia')
                       & (declarations['category'] == 'deployed_warheads')
                       & (declarations['as_of'] == '2018-02-05')]
    limit = limits.loc[limits['category'] == 'deployed_warheads', 'limit_count'].iloc[0]
    return int(limit - row['declared_count'].iloc[0])


def _warhead_headroom_table():
    rows = _declared_warheads()[["as_of", "country", "declared_count"]].copy()
    rows["headroom"] = _warhead_limit() - rows["declared_count"]
    return rows.reset_index(drop=True)


@table(expected=_warhead_headroom_table)
def q2(limits, declarations):
    limit = limits.loc[limits['category'] == 'deployed_warheads', 'limit_count'].iloc[0]
    warheads = declarations[declarations['category'] == 'deployed_warheads']
    answer_2 = warheads[['as_of', 'country', 'declared_count']].copy()
    answer_2['headroom'] = limit - answer_2['declared_count']
    return answer_2


def _russia_warheads_by_exchange():
    rows = _declared_warheads("Russia")
    return {d.strftime("%Y-%m-%d"): int(n)
            for d, n in zip(rows["as_of"], rows["declared_count"], strict=True)}


@chart(expected=_russia_warheads_by_exchange)
def q3(declarations, plt):
    rows = declarations[(declarations['country'] == 'Russia')
                        & (declarations['category'] == 'deployed_warheads')]
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.bar(rows['as_of'].dt.strftime('%Y-%m-%d'), rows['declared_count'])
    ax.axhline(1550, linestyle='--', color='black', label='New START limit (1,550)')
    ax.set_title("Russia's declared deployed warheads at each data exchange")
    ax.set_ylabel('Deployed warheads')
    ax.legend(loc='lower right')
    return ax


_SHARE_CHOICES = [
    "An overstatement: the two countries held less than 90 percent",
    "About right: they held 90 percent, to the nearest whole percent",
    "An understatement: the two countries held more than 90 percent",
]


def _ninety_percent_verdict():
    a = load_nuclear_arsenals()
    counts = dict(zip(a["holder"].astype(str), a["warhead_count"], strict=True))
    share = 100 * (counts["United States"] + counts["Russia"]) / counts["World"]
    if round(share) == 90:
        return _SHARE_CHOICES[1]
    return _SHARE_CHOICES[0] if share < 90 else _SHARE_CHOICES[2]


@choice(choices=_SHARE_CHOICES, expected=_ninety_percent_verdict)
def q4(arsenals):
    counts = arsenals.set_index('holder')['warhead_count']
    share = 100 * (counts['United States'] + counts['Russia']) / counts['World']
    print(round(share, 1))


@written()
def q5():
    return """The CRS Insight's single sentence (paragraph 11) reads as a plain offer
to extend New START. CGTN adds that the details had to be agreed first and that Putin
doubted US compliance (paragraphs 51-52), so the offer looks conditional and tied to a
dispute. More detail makes an agreement look further away, and shows that the offer
was also a way to press the United States."""


EXERCISES = exercises_in(globals())
