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
from summitlib.exercises._written import GuidePoint, criteria

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
    prompt="The New START limits became binding on 5 February 2018, the date of a data exchange. "
           "How many deployed warheads below the limit of 1,550 was Russia's declaration on that "
           "day? Answer with one number.",
    expected=_russia_headroom_feb_2018,
    hints=[
        "Find the row of `declarations` for Russia, the category `\"deployed_warheads\"` and "
        "`as_of` equal to `\"2018-02-05\"`.",
        "Take its `declared_count` and subtract it from the warhead limit in `limits`.",
        "`int(declared.iloc[0])` turns a one-row selection into a plain number.",
    ],
    advice="This is a subtraction: the limit (1,550) minus the deployed warheads Russia "
           "declared on 5 February 2018. Check that you took that one row.",
    mistakes=[
        (lambda answer, expected: answer == _warhead_limit() - expected,
         "That is the number Russia declared. The question asks how far below the limit it "
         "was: subtract it from the limit, 1,550."),
        (lambda answer, expected: answer == -expected,
         "The subtraction is the wrong way round: take the limit minus the declared number."),
    ],
    explanation="Russia declared 1,444 deployed warheads on 5 February 2018, so it was 106 "
                "below the 1,550 ceiling on the day the limits took effect. Five months earlier "
                "it had declared 1,561, 11 above it, when the limit was not yet binding.",
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


@table(
    prompt="Make a table of the deployed warheads both countries declared at the four data "
           "exchanges, one row per country and exchange, with the columns `as_of`, `country`, "
           "`declared_count` and `headroom`: the limit of 1,550 minus the declared number "
           "(negative when a declaration is over the limit).",
    expected=_warhead_headroom_table,
    hints=[
        "Keep the rows of `declarations` whose `category` is `\"deployed_warheads\"`: there "
        "should be 8.",
        "Select the three columns with double brackets, add `.copy()`, then make the new column "
        "with `table['headroom'] = limit - table['declared_count']`.",
        "Take `limit` from the `limits` table rather than typing it, so your code would still "
        "work with another treaty's numbers.",
    ],
    explanation="Every headroom is positive except Russia's on 1 September 2017 (-11), before "
                "the limits were binding. The United States kept between 152 and 200 warheads "
                "below the limit, Russia between 89 and 130 once the limits applied. "
                "`summitlib.charts.table_new_start()` computes the same column for all three "
                "limits.",
)
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


@chart(
    prompt="Draw a bar chart of Russia's declared deployed warheads at each of the four data "
           "exchanges (one bar per exchange), with a title and a y-axis label. Pass the Axes "
           "to the check.",
    expected=_russia_warheads_by_exchange,
    hints=[
        "Keep the rows of `declarations` for Russia and `\"deployed_warheads\"`: four rows.",
        "Turn the dates into labels with `rows['as_of'].dt.strftime('%Y-%m-%d')`, then "
        "`fig, ax = plt.subplots()` and `ax.bar(labels, rows['declared_count'])`.",
        "Finish with `ax.set_title(...)` and `ax.set_ylabel(...)`, and "
        "`answer_3 = ax`. A dashed line at the limit, `ax.axhline(1550, linestyle='--')`, is a "
        "good extra and does not disturb the check.",
    ],
    explanation="Russia came down from just above the limit in September 2017 to 1,444 in "
                "February 2018, when the limit took effect, and stayed between 1,420 and 1,461 "
                "afterwards. Bars starting at zero show how small these changes are next to the "
                "total.",
)
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


@choice(
    prompt="According to CGTN, Trump said that the United States and Russia hold 90 percent of "
           "all the nuclear weapons in the world (CGTN, paragraph 47). Using the SIPRI estimates "
           "for the start of 2018 in `arsenals`, how good is that figure? Answer with a letter.",
    choices=_SHARE_CHOICES,
    expected=_ninety_percent_verdict,
    hints=[
        "`arsenals` has one row each for the United States, Russia and the World.",
        "Add the two countries' `warhead_count` and divide by the world's; multiply by 100 for "
        "a percentage.",
    ],
    explanation="13,300 of about 14,465 warheads is 91.9 percent, so 90 percent slightly "
                "understates the two countries' share; the project's fact checks record it as "
                "an understatement rather than an error. Remember that these are total "
                "inventories, a different count from the New START figures.",
)
def q4(arsenals):
    counts = arsenals.set_index('holder')['warhead_count']
    share = 100 * (counts['United States'] + counts['Russia']) / counts['World']
    print(round(share, 1))


@written(
    prompt="According to CGTN, Putin's readiness to extend New START came with conditions "
           "(CGTN, paragraphs 51-52); the CRS Insight gives the offer in one sentence "
           "(paragraph 11). How does the amount of detail change the impression a reader "
           "takes away?",
    rubric=criteria(
        evidence="Compares what each document reports of the offer, with paragraphs from both.",
        reasoning="Explains how the conditions change the offer's meaning for a reader.",
        attribution="Keeps Putin's words as his own (said, added) and writes in own words.",
    ),
    marking_guide=[
        GuidePoint("The CRS Insight reports in one sentence Putin's assurance that Russia is "
                   "prepared to extend the treaty, which expires in 2021", [("crs", 11)]),
        GuidePoint("CGTN adds that the specifics must be agreed first and that Russia has "
                   "questions for the United States", [("cgtn", 50), ("cgtn", 51)]),
        GuidePoint("CGTN also reports Putin's doubt that the US fully complies, which he left "
                   "to experts", [("cgtn", 52)]),
        GuidePoint("The short version reads as an open offer; the long one as a conditional "
                   "position tied to a compliance dispute"),
        GuidePoint("The CRS Insight sets the offer among Russia's wider proposals on strategic "
                   "stability (INF, missile defence, space weapons)", [("crs", 11)]),
    ],
    explanation="Conditions left out of a short summary can turn a conditional position into "
                "what reads like a promise.",
)
def q5():
    return """The CRS Insight's single sentence (paragraph 11) reads as a plain offer
to extend New START. CGTN adds that the details had to be agreed first and that Putin
doubted US compliance (paragraphs 51-52), so the offer looks conditional and tied to a
dispute. More detail makes an agreement look further away, and shows that the offer
was also a way to press the United States."""


EXERCISES = exercises_in(globals())
