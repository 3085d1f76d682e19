"""The question editor: one StreamField block per question kind, each producing a version's content.

Each kind supplies its block (`QuestionKind.block_class`) and converts both ways (`to_data`,
`editor_value`): editors write weights in percent, versions store fractions, so questions imported from
GIFT can be edited in the admin and edits become new versions.
"""

from __future__ import annotations

from wagtail import blocks

from .kinds import registry
from .kinds.base import WEIGHT_LABEL, QuestionKeyBlock
from .kinds.matching import MatchingKey, MatchPairBlock
from .kinds.missing_word import MissingWordKey
from .kinds.numeric import NumericAnswerBlock, NumericKey
from .kinds.ordering import OrderingKey
from .kinds.short import ShortAnswerBlock, ShortAnswerKey
from .kinds.single import ChoiceBlock, SingleChoiceKey
from .kinds.truefalse import TrueFalseKey

__all__ = [
    "WEIGHT_LABEL",
    "ChoiceBlock",
    "MatchPairBlock",
    "MatchingKey",
    "MissingWordKey",
    "NumericAnswerBlock",
    "NumericKey",
    "OrderingKey",
    "QuestionKeyBlock",
    "QuestionKeyStream",
    "ShortAnswerBlock",
    "ShortAnswerKey",
    "SingleChoiceKey",
    "TrueFalseKey",
    "from_version",
    "to_version",
]


class QuestionKeyStream(blocks.StreamBlock):
    """Exactly one block: the question, of one of the registered kinds that have an editor block."""

    def __init__(self, local_blocks=None, **kwargs):
        editors = [(kind.name, kind.editor_block()) for kind in registry.all()]
        editors = [(name, block) for name, block in editors if block is not None]
        super().__init__(editors + list(local_blocks or []), **kwargs)

    class Meta:
        min_num = 1
        max_num = 1


def to_version(stream_value) -> dict:
    """Version content (kind, text, data, feedback, source) from the editor's single block."""
    block = stream_value[0]
    value = block.value
    return {
        "kind": block.block_type,
        "text": value["text"],
        "text_format": "plain",
        "data": registry.get(block.block_type).to_data(value),
        "general_feedback": value["general_feedback"],
        "source_reference": value["source_reference"],
    }


def from_version(version) -> list[dict]:
    """The editor's raw stream data for a version's content (empty for a kind without an editor block)."""
    kind = registry.get(version["kind"])
    if kind.block_class is None:
        return []
    value = {
        "text": version["text"],
        "general_feedback": version.get("general_feedback", ""),
        "source_reference": version.get("source_reference", ""),
        **kind.editor_value(version["data"]),
    }
    return [{"type": kind.name, "value": value}]
