"""Exercises for notebook 06, Counterterrorism and Cybersecurity.

The statements search (:func:`summitlib.queries.filter_statements`, the function behind
``explore_statements``) used as a tool: which topics the word "terror" turns up in, which
document mentions the proposed cybersecurity working group, and every statement about a
working group.
"""

from summitlib.datasets import load_statements
from summitlib.exercises._declare import choice, exercises_in, reflection, table, value, written
from summitlib.exercises._written import GuidePoint, criteria
from summitlib.queries import filter_statements

SETUP = (
    "import summitlib\n"
    "from summitlib.queries import filter_statements\n"
    "statements = summitlib.load_statements()"
)


def _terror_topics():
    hits = filter_statements(load_statements(), text="terror")
    return sorted(hits["topic_id"].astype(str).unique())


@value(
    prompt=(
        "Search the statements for the text `\"terror\"` (it also finds *terrorism* and "
        "*terrorists*). Which topics do the matching statements belong to? Answer with a list "
        "of `topic_id` values, like `[\"syria\", \"sanctions\"]`."
    ),
    expected=_terror_topics,
    hints=[
        "`filter_statements(statements, text=\"terror\")` keeps the statements whose quote or "
        "paraphrase contains the text, ignoring case.",
        "Take the `topic_id` column of the result and keep each value once: `.unique()`.",
        "Turn the result into a plain list with `list(...)`; the order does not matter.",
    ],
    explanation=(
        "Most matches are on counterterrorism, but one is filed under Syria: in the CRS "
        "Insight (paragraph 9) Putin describes the Syrian government's offensive in the "
        "south-west as crushing terrorists. The same word serves different arguments, so a "
        "word search crosses the topic boundaries the dataset draws."
    ),
)
def q1(filter_statements, statements):
    hits = filter_statements(statements, text='terror')
    return list(hits['topic_id'].astype(str).unique())


_DOCUMENT_CHOICES = [
    "Only the CRS Insight",
    "Only the CGTN article",
    "Both documents",
    "Neither document",
]


def _cyber_documents():
    hits = filter_statements(load_statements(), text="cyber")
    found = set(hits["source_id"].astype(str))
    if found == {"crs", "cgtn"}:
        return "Both documents"
    if found == {"crs"}:
        return "Only the CRS Insight"
    if found == {"cgtn"}:
        return "Only the CGTN article"
    return "Neither document"


@choice(
    prompt=(
        "Which of the two documents reports the proposal for a US-Russia working group on "
        "cybersecurity? Search the statements for `\"cyber\"`, then answer with a letter."
    ),
    choices=_DOCUMENT_CHOICES,
    expected=_cyber_documents,
    hints=[
        "Use `filter_statements(statements, text=\"cyber\")` or type `cyber` in the search "
        "box of the widget above.",
        "Look at the `source_id` column of the matching rows: `crs`, `cgtn` or both?",
    ],
    explanation=(
        "Only the CRS Insight mentions it (paragraph 14): Putin reiterated a proposal for a "
        "working group on cybersecurity. The CGTN article reports the agreement "
        "on terrorism (paragraphs 62-63) but does not mention the cybersecurity proposal."
    ),
)
def q2(filter_statements, statements):
    hits = filter_statements(statements, text='cyber')
    print(hits[['statement_id', 'source_id', 'speaker_id']])


_WORKING_GROUP_COLUMNS = ["statement_id", "speaker_id", "topic_id"]


def _working_group_statements():
    hits = filter_statements(load_statements(), text="working group")
    return hits[_WORKING_GROUP_COLUMNS]


@table(
    prompt=(
        "Make a table of every statement whose quote or paraphrase contains the text "
        "`\"working group\"`, with the columns `statement_id`, `speaker_id` and `topic_id`."
    ),
    expected=_working_group_statements,
    hints=[
        "Start from `filter_statements(statements, text=\"working group\")`.",
        "Keep three columns with double brackets: "
        "`hits[[\"statement_id\", \"speaker_id\", \"topic_id\"]]`.",
    ],
    explanation=(
        "Three statements, all in the CRS Insight: Putin's call to restore the "
        "counterterrorism working group and the proposal he reiterated for one on "
        "cybersecurity (paragraph 14), and "
        "the State Department's business working group (paragraph 16), which the dataset "
        "files under another topic. A search by word finds what a search by topic misses."
    ),
)
def q3(filter_statements, statements):
    hits = filter_statements(statements, text='working group')
    return hits[['statement_id', 'speaker_id', 'topic_id']]


@reflection(
    prompt=(
        "According to CGTN (paragraph 15), the US Justice Department had charged Russian "
        "intelligence officers with hacking three days before the summit; according to the "
        "CRS Insight (paragraph 14), Putin reiterated a proposal for a working group on "
        "cybersecurity at the summit. How might a supporter and a critic of closer US-Russia "
        "contacts each read that proposal? Write two or three sentences."
    ),
    explanation=(
        "Neither document reports how the cybersecurity proposal itself was received in "
        "Washington; CGTN reports only that Trump's critics rejected Putin's separate offer "
        "about questioning the accused (paragraph 9). Keep the two apart when you discuss it."
    ),
)
def q4():
    return """
A supporter could see a working group as a channel to manage cyber disputes and
build rules both sides accept. A critic could see it as a way to change the subject
from the charges, or to gain a say over how the US investigates. The sources report
the proposal, not how it was received.
"""


@written(
    prompt="The counterterrorism working group was put on hold in 2014, when Russia invaded "
           "Ukraine, and Putin asked for it back (CRS Insight, paragraph 14). Should cooperation "
           "against a shared threat be kept apart from disputes such as Ukraine? Give an "
           "argument for each side.",
    rubric=criteria(
        evidence="Uses what the sources report (the suspension, Putin's request, Trump's words), "
                 "with paragraphs.",
        reasoning="Gives one real argument for each side, then weighs them.",
        attribution="Keeps the sources' verbs (called for, reiterated, said) and "
                    "writes in own words.",
    ),
    marking_guide=[
        GuidePoint("The group was suspended after the 2014 invasion of Ukraine; Putin called "
                   "for restoring it and reiterated a proposal for a cybersecurity group",
                   [("crs", 14)]),
        GuidePoint("Trump said they agreed to keep communication open between security "
                   "agencies against terrorism", [("crs", 14), ("cgtn", 63)]),
        GuidePoint("For keeping them apart: terrorism threatens citizens of both countries, and "
                   "sharing information can save lives whatever the dispute"),
        GuidePoint("Against: the suspension was a cost imposed for Ukraine; restoring it "
                   "without change may read as accepting Russia's course, which some observers "
                   "make the condition of better relations", [("crs", 4)]),
        GuidePoint("The cyber proposal came days after the US indicted Russian officers for "
                   "hacking, a reason for wariness", [("cgtn", 15)]),
    ],
    explanation="Linking cooperation to disputes is leverage; separating them can protect "
                "shared interests. Good answers weigh both.",
)
def q5():
    return """For: terrorism threatens both countries, and Trump said they agreed to
keep their security agencies talking (CRS Insight, paragraph 14). Against: the group was
suspended as a cost of the 2014 invasion of Ukraine, and bringing it back with nothing
changed may look like accepting it; some observers tie better relations to Russia's
course in Ukraine (CRS Insight, paragraph 4). I would cooperate on specific threats
while keeping the wider group as a bargaining point."""


EXERCISES = exercises_in(globals())
