"""Tests for the GIFT parser in `assessments.gift` (pure Python, no database)."""

import copy
import pickle
import re
import time
from pathlib import Path

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.gift import (
    KINDS,
    SUPPORTED_KINDS,
    Choice,
    GiftError,
    MatchPair,
    NumericAnswer,
    ParsedQuestion,
    parse_gift,
)

FIXTURES = Path(__file__).parent / "fixtures"


# The parser's messages are checked in English (its msgids); the Russian ones in test_admin.py.
TEST_LANGUAGE = "en"  # read by tests/conftest.py's _default_language


def fixture(name):
    return (FIXTURES / name).read_text(encoding="utf-8")


def one(source):
    """Parse source that holds exactly one question and return it."""
    questions = parse_gift(source)
    assert len(questions) == 1, questions
    return questions[0]


def error_of(source):
    with pytest.raises(GiftError) as caught:
        parse_gift(source, path="quiz.gift")
    return caught.value


# -- the documentation's own examples ---------------------------------------------------------------


@pytest.fixture(scope="module")
def docs():
    """The documentation examples, by the line each question starts on."""
    return {q.line: q for q in parse_gift(fixture("docs_examples.gift"), path="docs_examples.gift")}


def test_documentation_examples_all_parse_with_their_kinds(docs):
    kinds = {line: q.kind for line, q in docs.items()}
    assert kinds == {
        5: "truefalse",
        7: "single",
        10: "short",
        12: "matching",
        14: "numeric",
        16: "numeric",
        18: "numeric",
        23: "essay",
        26: "single",
        28: "missing_word",
        30: "missing_word",
        36: "single",
        43: "short",
        45: "short",
        48: "truefalse",
        50: "truefalse",
        53: "matching",
        62: "numeric",
        64: "numeric",
        66: "numeric",
        70: "single",
        83: "short",
        86: "missing_word",
        90: "single",
        95: "short",
        99: "truefalse",
        102: "short",
        107: "single",
        109: "missing_word",
        115: "short",
        121: "multiple",
        128: "multiple",
        136: "single",
        142: "single",
        156: "truefalse",
        159: "single",
        162: "matching",
        169: "description",
        171: "essay",
    }
    # Every kind but the platform's own extension (ordering) appears in Moodle's documentation.
    assert set(kinds.values()) == set(KINDS) - {"ordering"}
    assert all(isinstance(q, ParsedQuestion) for q in docs.values())


def test_ordering_extension_lists_items_in_the_right_order():
    (question,) = parse_gift(
        "::Steps::Put them in order.{\n>Apheresis\n>Activation\n>Transduction\n####Because. [S18]\n}"
    )
    assert question.kind == "ordering"
    assert question.items == ("Apheresis", "Activation", "Transduction")
    assert question.general_feedback == "Because. [S18]"


@pytest.mark.parametrize(
    ("gift_text", "problem"),
    [
        ("::x::Order.{\n>Only one\n}", "at least two items"),
        ("::x::Order.{\n>Same\n>Same\n}", "repeats an item"),
        ("::x::Order.{\n>A\n>\n}", "empty"),
    ],
)
def test_ordering_extension_refuses_bad_blocks(gift_text, problem):
    with pytest.raises(GiftError, match=problem):
        parse_gift(gift_text, path="bank.gift")


def test_documentation_quick_examples(docs):
    assert docs[5] == ParsedQuestion(
        kind="truefalse",
        name="Q1",
        text="1+1=2",
        text_format="moodle",
        category="",
        answer_true=True,
        choices=(Choice("True", 1.0), Choice("False", 0.0)),
        line=5,
    )
    assert docs[7].text == "What's between orange and green in the spectrum?"
    assert docs[7].choices == (
        Choice("yellow", 1.0, "right; good!"),
        Choice("red", 0.0, "wrong, it's yellow"),
        Choice("blue", 0.0, "wrong, it's yellow"),
    )
    assert (docs[10].text, docs[10].text_after) == ("Two plus ", " equals four.")
    assert docs[10].choices == (Choice("two", 1.0), Choice("2", 1.0))
    assert docs[12].pairs == (MatchPair("cat", "cat food"), MatchPair("dog", "dog food"))
    assert docs[14].numeric == (NumericAnswer(3.0, 2.0, None, None, 1.0, ""),)
    assert docs[16].numeric == (NumericAnswer(None, 0.0, 1.0, 5.0, 1.0, ""),)
    assert docs[18].numeric == (
        NumericAnswer(1822.0, 0.0, None, None, 1.0, "Correct! Full credit."),
        NumericAnswer(1822.0, 2.0, None, None, 0.5, "He was born in 1822. Half credit for being close."),
    )
    assert (docs[23].name, docs[23].text, docs[23].choices) == ("Q8", "How are you?", ())


def test_documentation_multiple_choice_and_missing_word(docs):
    assert docs[26].name == ""
    assert [c.text for c in docs[26].choices] == ["Grant", "Jefferson", "no one"]
    assert [c.weight for c in docs[26].choices] == [0.0, 0.0, 1.0]
    grant = docs[28]
    assert (grant.text, grant.text_after) == ("Grant is ", " in Grant's tomb.")
    assert [c.text for c in grant.choices] == ["buried", "entombed", "living"]
    thanksgiving = docs[30]
    assert thanksgiving.text == "The American holiday of Thanksgiving is celebrated on the "
    assert thanksgiving.text_after == " Thursday of November."
    assert [c.weight for c in thanksgiving.choices] == [0.0, 0.0, 1.0]
    assert docs[36].text_after == ""
    assert [c.text for c in docs[36].choices] == ["India", "China", "Korea", "Egypt"]


def test_documentation_short_true_false_matching_numeric(docs):
    assert [c.text for c in docs[43].choices] == ["no one", "nobody"]
    assert docs[45].text_after == "."
    assert docs[48].answer_true is True and docs[50].answer_true is False
    assert docs[53].general_feedback == "It's good to know the capitals"
    assert docs[53].pairs[-1] == MatchPair("India", "New Delhi")
    assert docs[62].numeric == (NumericAnswer(1822.0, 5.0, None, None, 1.0, ""),)
    assert docs[64].numeric[0].value == pytest.approx(3.14159)
    assert docs[64].numeric[0].tolerance == pytest.approx(0.0005)
    assert (docs[66].numeric[0].low, docs[66].numeric[0].high) == (3.141, 3.142)


def test_documentation_options(docs):
    tomb = docs[70]
    assert tomb.name == "Grants tomb"
    assert tomb.choices[1] == Choice(
        "No one", 0.0, "Was true for 12 years, but Grant's remains were buried in the tomb in 1897"
    )
    assert docs[83].name == "Kanji Origins"
    assert docs[83].text == "Japanese characters originally\ncame from what country?"
    assert docs[86].kind == "missing_word" and docs[86].name == "Thanksgiving Date"
    assert docs[90].choices[2] == Choice("right answer", 1.0, "Very good!")
    assert docs[95].choices[0].feedback == "excellent answer!"
    assert docs[99].choices == (
        Choice("True", 0.0, "No one is buried in Grant's tomb."),
        Choice("False", 1.0, "You got it!"),
    )
    assert (docs[102].text_format, docs[102].text) == ("markdown", "Who's buried in **Grant's tomb**?")


def test_documentation_weights(docs):
    assert [c.weight for c in docs[107].choices] == [0.0, 0.5, 1.0]
    hometown = docs[109]
    assert (hometown.kind, hometown.text_after) == ("missing_word", ".")
    assert [c.weight for c in hometown.choices] == [0.0, 0.25, 0.5, 1.0]
    assert [c.weight for c in docs[115].choices] == [1.0, 0.75, 0.25]
    assert [c.weight for c in docs[121].choices] == [-1.0, 0.5, 0.5, -1.0]
    assert [c.weight for c in docs[128].choices] == [0.3333333, 0.3333333, 0.3333333, -1.0]


def test_documentation_special_characters(docs):
    assert [c.text for c in docs[136].choices] == ["= 2 + 2", "= 2 + 3", "= 2 + 4"]
    control = docs[142]
    assert [c.text for c in control.choices] == ["~", "=", "#", "{", "}", "\\"]
    assert control.choices[0].feedback == "~ is a control character."
    assert control.choices[-1].weight == 1.0
    assert control.choices[-1].feedback == (
        "Correct! \\ (backslash) is not a control character. BUT,\n"
        "it is used to escape the control characters."
    )


def test_documentation_category_general_feedback_distractor_description_essay(docs):
    assert docs[156].category == "tom/dick/harry"
    assert docs[171].category == "tom/dick/harry"
    assert all(q.category == "" for line, q in docs.items() if line < 156)
    assert docs[159].general_feedback == "<p>Basic <b>arithmetic</b>.</p>"
    assert docs[159].choices == (Choice("4", 1.0, "right answer"), Choice("5", 0.0, "wrong answer"))
    assert docs[162].pairs[-1] == MatchPair("", "CD34")
    assert (docs[169].text_format, docs[169].name) == ("html", "Intro")
    assert docs[169].text == "<p>The next questions are about Grant's tomb.</p>"
    assert docs[171].general_feedback == "Mention the mausoleum."


def test_supported_kinds_exclude_essay_and_description():
    assert frozenset(KINDS) - SUPPORTED_KINDS == {"essay", "description"}
    assert "missing_word" in SUPPORTED_KINDS


# -- constructs ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("block", "value"),
    [("T", True), ("TRUE", True), ("F", False), ("FALSE", False), ("true", True), (" f ", False)],
)
def test_true_false_spellings(block, value):
    question = one(f"The sky is blue.{{{block}}}")
    assert (question.kind, question.answer_true) == ("truefalse", value)


def test_true_false_feedback_is_wrong_then_right():
    true = one("Cells are washed before freezing.{T#No, they are washed.#Right, they are washed.}")
    assert true.choices == (
        Choice("True", 1.0, "Right, they are washed."),
        Choice("False", 0.0, "No, they are washed."),
    )
    false = one("CAR-T cells are made from red cells.{FALSE#They are T cells.}")
    assert false.choices == (Choice("True", 0.0, "They are T cells."), Choice("False", 1.0, ""))


def test_single_choice_and_multiline_answers():
    question = one("::Vector::Which vector is used?\n{\n  =lentivirus # yes\n  ~adenovirus\n  ~plasmid\n}")
    assert question.kind == "single"
    assert question.name == "Vector"
    assert question.text == "Which vector is used?"
    assert question.choices == (
        Choice("lentivirus", 1.0, "yes"),
        Choice("adenovirus", 0.0),
        Choice("plasmid", 0.0),
    )


def test_single_choice_may_have_partial_and_negative_weights():
    question = one("Pick one. {=best ~%50%half ~%-25%bad ~worst}")
    assert [c.weight for c in question.choices] == [1.0, 0.5, -0.25, 0.0]


def test_missing_word_keeps_choices_and_gap_position():
    question = one("Tisagenlecleucel targets {=CD19 ~BCMA ~CD22} on B cells.")
    assert question.kind == "missing_word"
    assert question.text + "_____" + question.text_after == "Tisagenlecleucel targets _____ on B cells."
    assert [c.text for c in question.choices] == ["CD19", "BCMA", "CD22"]


def test_gap_in_other_kinds_keeps_the_kind():
    short = one("The CAR gene is carried by a {=lentiviral =lentivirus} vector.")
    assert (short.kind, short.text, short.text_after) == (
        "short",
        "The CAR gene is carried by a ",
        " vector.",
    )
    numeric = one("Thaw at {#37:1} °C.")
    assert (numeric.kind, numeric.text_after) == ("numeric", " °C.")


def test_answer_block_at_start_of_text():
    question = one("{=CD19 ~CD20} is the target antigen.")
    assert (question.kind, question.text, question.text_after) == (
        "missing_word",
        "",
        " is the target antigen.",
    )


def test_multiple_answer_with_decimal_weights():
    question = one("Which are T-cell markers? {~%33.333%CD3 ~%33.333%CD4 ~%33.334%CD8 ~%-100%CD19}")
    assert question.kind == "multiple"
    assert [c.weight for c in question.choices] == pytest.approx([0.33333, 0.33333, 0.33334, -1.0])


def test_multiple_answer_tolerates_rounding():
    question = one("Q? {~%33.33%a ~%33.33%b ~%33.33%c ~d}")
    assert question.kind == "multiple"


def test_short_answer_with_partial_weights_and_feedback():
    question = one("Name the cell type. {=T cell#Yes =%50%lymphocyte#Too broad}")
    assert question.kind == "short"
    assert question.choices == (Choice("T cell", 1.0, "Yes"), Choice("lymphocyte", 0.5, "Too broad"))


def test_matching_with_distractor_and_no_spaces():
    question = one("Match. {=CD19->B cell =CD3->T cell = -> platelet ####Markers matter.}")
    assert question.kind == "matching"
    assert question.pairs == (
        MatchPair("CD19", "B cell"),
        MatchPair("CD3", "T cell"),
        MatchPair("", "platelet"),
    )
    assert question.general_feedback == "Markers matter."


def test_numeric_forms():
    assert one("Q {#2.5:0.1}").numeric == (NumericAnswer(2.5, 0.1, None, None, 1.0, ""),)
    assert one("Q {#1..5}").numeric == (NumericAnswer(None, 0.0, 1.0, 5.0, 1.0, ""),)
    assert one("Q {#-5..-1}").numeric == (NumericAnswer(None, 0.0, -5.0, -1.0, 1.0, ""),)
    assert one("Q {#1822}").numeric == (NumericAnswer(1822.0, 0.0, None, None, 1.0, ""),)
    assert one("Q {#6.02e23:1e21}").numeric[0].value == 6.02e23
    assert one("Q {# =1822:0 =%50%1822:2}").numeric == (
        NumericAnswer(1822.0, 0.0, None, None, 1.0, ""),
        NumericAnswer(1822.0, 2.0, None, None, 0.5, ""),
    )


def test_numeric_catch_all_feedback_as_moodle_exports_it():
    question = one("Q {#\n=%100%5:0#Right\n~#Count again\n}")
    assert question.numeric == (
        NumericAnswer(5.0, 0.0, None, None, 1.0, "Right"),
        NumericAnswer(None, 0.0, None, None, 0.0, "Count again"),
    )


def test_essay_and_description_are_recognised_but_unsupported():
    essay = one("Describe the chain of identity. {}")
    description = one("::Intro::Section 2 covers cryopreservation.")
    assert (essay.kind, description.kind) == ("essay", "description")
    assert description.text == "Section 2 covers cryopreservation."
    assert essay.kind not in SUPPORTED_KINDS and description.kind not in SUPPORTED_KINDS


def test_text_formats():
    assert one("Q? {T}").text_format == "moodle"
    for tag in ("html", "moodle", "plain", "markdown"):
        question = one(f"::N::[{tag}] Q? {{T}}")
        assert (question.text_format, question.text) == (tag, "Q?")


def test_format_tags_on_answers_and_feedback_are_removed():
    question = one("[html]<p>Q?</p>{=[html]<b>yes</b>#[markdown]**good** ~[plain]no}")
    assert question.choices == (Choice("<b>yes</b>", 1.0, "**good**"), Choice("no", 0.0))


def test_brackets_that_are_not_tags_are_text():
    question = one("[Note] Which is right? {=[1, 2] ~[A]}")
    assert question.text == "[Note] Which is right?"
    assert [c.text for c in question.choices] == ["[1, 2]", "[A]"]


def test_escapes():
    question = one(r"::a\:b::Is 1 \= 1 \{really\} \~ \# \\ here?\nSecond line {=yes\#1 ~no\: not}")
    assert question.name == "a:b"
    assert question.text == "Is 1 = 1 {really} ~ # \\ here?\nSecond line"
    assert [c.text for c in question.choices] == ["yes#1", "no: not"]


def test_unknown_escapes_and_trailing_backslash_are_kept():
    question = one("Path C:\\temp\\data matches \\d+? {=a\\ ~b}")
    assert question.text == "Path C:\\temp\\data matches \\d+?"
    assert [c.text for c in question.choices] == ["a\\", "b"]
    assert one("Ends with a backslash\\").text == "Ends with a backslash\\"
    assert one("Escaped braces \\{are\\} text").kind == "description"


def test_double_backslash_before_n_is_not_a_newline():
    assert one(r"C:\\new {T}").text == "C:\\new"


def test_comments_are_ignored_anywhere_on_their_own_line():
    source = "// heading\n  // indented comment\nQ1 {\n  =a\n  // inside the block\n  ~b\n}\n\n// trailer\n"
    question = one(source)
    assert question.line == 3
    assert [c.text for c in question.choices] == ["a", "b"]


def test_slashes_inside_a_line_are_text():
    assert one("See https://example.org/x // not a comment {T}").text == (
        "See https://example.org/x // not a comment"
    )


def test_questions_separated_by_blank_and_whitespace_lines():
    questions = parse_gift("Q1 {T}\n\n\n\nQ2 {F}\n   \t\nQ3 {T}\n")
    assert [(q.text, q.line) for q in questions] == [("Q1", 1), ("Q2", 5), ("Q3", 7)]


def test_categories_apply_to_following_questions():
    source = (
        "Q0 {T}\n\n$CATEGORY: $course$/top/Apheresis\n\nQ1 {T}\n\nQ2 {F}\n\n$CATEGORY: QC/Release\nQ3 {T}\n"
    )
    questions = parse_gift(source)
    assert [(q.text, q.category, q.line) for q in questions] == [
        ("Q0", "", 1),
        ("Q1", "$course$/top/Apheresis", 5),
        ("Q2", "$course$/top/Apheresis", 7),
        ("Q3", "QC/Release", 10),
    ]


def test_windows_and_old_mac_line_endings():
    source = fixture("docs_examples.gift")
    expected = parse_gift(source)
    assert parse_gift(source.replace("\n", "\r\n")) == expected
    assert parse_gift(source.replace("\n", "\r")) == expected
    assert parse_gift("\ufeff" + source) == expected


def test_russian_question():
    question = one("::Q1:: Какой антиген-мишень у тисагенлеклейсела? {=CD19 ~BCMA ~CD22}")
    assert question.kind == "single"
    assert question.name == "Q1"
    assert question.text == "Какой антиген-мишень у тисагенлеклейсела?"
    assert question.choices == (Choice("CD19", 1.0), Choice("BCMA", 0.0), Choice("CD22", 0.0))


def test_russian_fixture():
    questions = parse_gift(fixture("cart_t_ru.gift"), path="cart_t_ru.gift")
    assert [(q.line, q.kind, q.category) for q in questions] == [
        (4, "single", "CAR-T/Производство"),
        (6, "truefalse", "CAR-T/Производство"),
        (8, "matching", "CAR-T/Производство"),
        (16, "numeric", "CAR-T/Контроль качества"),
    ]
    assert questions[1].choices[0] == Choice("True", 1.0, "Верно!")
    assert questions[2].pairs[0] == MatchPair("Лейкаферез", "сбор мононуклеаров")
    assert questions[3].numeric == (NumericAnswer(None, 0.0, 80.0, 100.0, 1.0, ""),)


def test_empty_and_comment_only_input():
    assert parse_gift("") == []
    assert parse_gift("\n\n  \n// nothing here\n") == []
    assert parse_gift("$CATEGORY: only/a/category\n") == []


def test_questions_are_frozen():
    question = one("Q {T}")
    with pytest.raises(AttributeError):
        question.kind = "single"


# -- errors -------------------------------------------------------------------------------------------


ERRORS = [
    ("unclosed brace", "Q1 {T}\n\nQ2 text\n{=a\n~b\n\nQ3 {T}", 4, "not closed"),
    ("unclosed brace before another", "Q1 {=a ~b\nQ2 {T}", 1, "not closed"),
    ("empty choice", "Q1\n{\n=a\n~\n}", 4, "answer is empty"),
    ("empty only choice", "Q {=}", 1, "answer is empty"),
    ("matching one pair", "Q\n{=a -> 1\n= -> 2}", 2, "at least two pairs"),
    ("matching pair without arrow", "Q {=a -> 1\n=b 2 =c -> 3}", 2, "no '->'"),
    ("matching pair without right side", "Q {=a -> 1 =b -> 2 =c ->}", 1, "nothing after"),
    ("matching feedback", "Q {=a -> 1#fb =b -> 2}", 1, "no weight or feedback"),
    ("single without correct answer", "Q\n\nQ2 {~a ~b ~c}", 3, "no correct answer"),
    ("single without full marks", "Q {=%50%a ~b}", 1, "worth 100%"),
    ("one option", "Q {~%100%a}", 1, "at least two options"),
    ("weight above 100", "Q {\n=a\n~%150%b}", 3, "outside -100..100"),
    ("weight below -100", "Q {=a ~%-100.5%b}", 1, "outside -100..100"),
    ("weight not a number", "Q {=a\n~%abc%b}", 2, "not a number"),
    ("weight not closed", "Q {=a ~%50 b}", 1, "not closed with '%'"),
    ("multiple answer sum", "Q\n{~%50%a\n~%40%b ~c}", 2, "add up to 90%"),
    ("multiple answer sum too high", "Q {~%60%a ~%60%b}", 1, "add up to 120%"),
    ("short without full marks", "Q {=%50%a =%20%b}", 1, "worth 100%"),
    ("numeric word", "Q\n{#abc}", 2, "'abc' is not a number"),
    ("numeric tolerance word", "Q {#1:x}", 1, "not a number"),
    ("numeric range word", "Q {#1..x}", 1, "not a number"),
    ("numeric graded word", "Q {#\n=1822:0\n=%50%eighteen}", 3, "not a number"),
    ("numeric infinity", "Q {#1e999}", 1, "not a number"),
    ("numeric nan", "Q {#nan}", 1, "not a number"),
    ("numeric empty", "Q {#}", 1, "no answer"),
    ("numeric empty range", "Q {#5..1}", 1, "is empty"),
    ("numeric negative tolerance", "Q {#5:-1}", 1, "negative"),
    ("numeric without full marks", "Q {#=%50%5}", 1, "worth 100%"),
    ("numeric tilde with value", "Q {#=5 ~6}", 1, "only gives feedback"),
    ("true/false two answers", "Q {T F}", 1, "only T or F"),
    ("true/false wrong option", "Q {\nTRUE\n~FALSE}", 3, "only T or F"),
    ("true/false right option", "Q {F#fb =x}", 1, "only T or F"),
    ("true/false three feedbacks", "Q {T#a#b#c}", 1, "at most two feedbacks"),
    ("unknown question format", "\n[htm]Q {T}", 2, "unknown format tag [htm]"),
    ("unknown answer format", "Q {=a\n~[rtf]b}", 2, "unknown format tag [rtf]"),
    ("unknown feedback format", "Q {=a#[text]fb ~b}", 1, "unknown format tag [text]"),
    ("two answer blocks", "Q {T} and {F}", 1, "only one answer block"),
    ("two answer blocks on two lines", "Q1 {=a ~b}\n// c\nQ2 {=c ~d}", 3, "only one answer block"),
    ("stray closing brace", "Q } {T}", 1, "without an opening"),
    ("stray closing brace after block", "Q {T}\nand }", 2, "without an opening"),
    ("stray closing brace, no block", "Q\nx } y", 2, "without an opening"),
    ("title not closed", "\n::Title Q {T}", 2, "title '::' is not closed"),
    ("no question text", "::Title:: {T}", 1, "no text"),
    ("text before answers", "Q {Tuesday}", 1, "must start with"),
]


@pytest.mark.parametrize(("source", "line", "message"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS])
def test_errors_name_the_line(source, line, message):
    error = error_of(source)
    assert (error.path, error.line) == ("quiz.gift", line)
    assert message in error.message
    assert str(error) == f"quiz.gift:{line}: {error.message}"


def test_error_lines_count_windows_line_endings_and_comments():
    error = error_of("// c\r\n\r\nQ1 {T}\r\n\r\n// c\r\nQ2 {~a ~b}\r\n")
    assert error.line == 6


def test_broken_fixture_stops_at_the_unclosed_block():
    with pytest.raises(GiftError, match=r"^fixtures/broken\.gift:11: answer block '\{' is not closed"):
        parse_gift(fixture("broken.gift"), path="fixtures/broken.gift")


def test_default_path_and_copying():
    with pytest.raises(GiftError) as caught:
        parse_gift("Q {")
    assert str(caught.value).startswith("<string>:1: ")
    duplicate = copy.deepcopy(caught.value)  # uses __reduce__, like pickling
    assert (duplicate.path, duplicate.line, duplicate.message) == (caught.value.path, 1, caught.value.message)


# -- hostile input ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "\x00",
        "Q\x00 {=\x00 ~b}",
        "\\",
        "\\\\\\",
        "{\\",
        "\\{\\}\\",
        "::",
        "::::",
        "{",
        "}",
        "{}",
        "{#",
        "{####}",
        "#",
        "%",
        "Q {=%",
        "Q {~%%}",
        "Q {=->}",
        "Q {#..}",
        "Q {#:}",
        "Q {#=}",
        "Q {#~}",
        "[",
        "[]",
        "[html]",
        "$CATEGORY:",
        "\u2028\u2029\x85\x0b\x0c\x1c",
        "\ud800 {T}",
    ],
)
def test_hostile_input_raises_only_gift_error(source):
    try:
        result = parse_gift(source)
    except GiftError:
        return
    assert all(isinstance(q, ParsedQuestion) for q in result)


def test_extremely_long_lines_are_parsed_quickly():
    started = time.perf_counter()
    question = one("x" * 1_000_000 + " {=" + "a" * 100_000 + " ~b}")
    assert len(question.text) == 1_000_000
    with pytest.raises(GiftError):
        parse_gift("\\{" * 200_000 + "{" + "1" * 100_000)
    with pytest.raises(GiftError):
        parse_gift("Q {#" + "9" * 500_000 + "}")
    assert time.perf_counter() - started < 5


# -- properties ---------------------------------------------------------------------------------------

GIFT_ALPHABET = "{}=~#:%->.\\[]$/ \n\tTFtrue0123456789eaxhtmlCATEGORY:Ж"
PROPERTY_SETTINGS = settings(max_examples=300, deadline=None, database=None)


def _only_questions_or_gift_error(source):
    try:
        result = parse_gift(source)
    except GiftError as error:
        assert isinstance(error.line, int) and error.line >= 1
        return
    assert isinstance(result, list)
    assert all(isinstance(q, ParsedQuestion) and q.kind in KINDS for q in result)


@PROPERTY_SETTINGS
@given(st.text())
def test_any_text_gives_questions_or_gift_error(source):
    _only_questions_or_gift_error(source)


@PROPERTY_SETTINGS
@given(st.text(alphabet=GIFT_ALPHABET, max_size=200))
def test_gift_like_text_gives_questions_or_gift_error(source):
    _only_questions_or_gift_error(source)


@PROPERTY_SETTINGS
@given(st.binary(max_size=300), st.sampled_from(["utf-8", "latin-1", "utf-16"]))
def test_decoded_random_bytes_give_questions_or_gift_error(data, encoding):
    _only_questions_or_gift_error(data.decode(encoding, errors="replace"))


def escape(text):
    """Write text as GIFT, escaping its control characters and newlines."""
    return "".join("\\n" if c == "\n" else "\\" + c if c in "~=#{}:\\" else c for c in text)


_TAG_LIKE = re.compile(r"\[[a-z]+\]")
_CHARACTERS = st.one_of(
    st.characters(exclude_categories=("Cs", "Cc")),
    st.sampled_from("~=#{}:\\\n%[]->/ T"),
)


def _safe(text, allow_empty=False, percent_start=True):
    return (
        (allow_empty or text != "")
        and text.strip() == text
        and not _TAG_LIKE.match(text)
        and (percent_start or not text.startswith("%"))
    )


TEXTS = st.text(_CHARACTERS, min_size=1, max_size=30).filter(_safe)
NAMES = st.text(_CHARACTERS, max_size=15).filter(lambda t: _safe(t, allow_empty=True))
OPTIONS = st.text(_CHARACTERS, min_size=1, max_size=15).filter(lambda t: _safe(t, percent_start=False))
FEEDBACKS = st.text(_CHARACTERS, max_size=15).filter(lambda t: _safe(t, allow_empty=True))


@st.composite
def single_choice_questions(draw):
    options = draw(st.lists(st.tuples(OPTIONS, FEEDBACKS), min_size=2, max_size=5))
    right = draw(st.integers(0, len(options) - 1))
    name, text = draw(NAMES), draw(TEXTS)
    answers = " ".join(
        ("=" if i == right else "~") + escape(option) + (f"#{escape(feedback)}" if feedback else "")
        for i, (option, feedback) in enumerate(options)
    )
    source = f"::{escape(name)}::{escape(text)} {{{answers}}}"
    choices = tuple(Choice(o, 1.0 if i == right else 0.0, f) for i, (o, f) in enumerate(options))
    return source, name, text, choices


@PROPERTY_SETTINGS
@given(st.lists(single_choice_questions(), min_size=1, max_size=3))
def test_well_formed_single_choice_questions_round_trip(questions):
    source = "\n\n".join(q[0] for q in questions)
    parsed = parse_gift(source)
    assert [(q.kind, q.name, q.text, q.choices) for q in parsed] == [
        ("single", name, text, choices) for _, name, text, choices in questions
    ]
    assert [q.line for q in parsed] == [1 + 2 * i for i in range(len(questions))]


def test_a_message_is_formatted_at_raise_time_and_survives_pickling():
    """The message is a plain str in the language active when the error was raised (not a lazy string), so
    the error pickles (for a task queue) and keeps its words when the language changes later."""
    with translation.override("ru"), pytest.raises(GiftError) as caught:
        parse_gift("::Q::Текст {=a ~b\n", path="q.gift")
    error = caught.value
    assert type(error.message) is str
    assert str(error) == "q.gift:1: блок ответов «{» не закрыт «}»"
    copied = pickle.loads(pickle.dumps(error))  # noqa: S301 (our own bytes)
    assert (copied.path, copied.line, copied.message, str(copied)) == (
        "q.gift",
        1,
        error.message,
        str(error),
    )
