"""Moodle GIFT and Moodle XML: parse into neutral `ParsedQuestion`s, write them back. No database here."""

from assessments.formats.common import ParsedChoice, ParsedQuestion, QuestionError, decode, guess_format

__all__ = ["ParsedChoice", "ParsedQuestion", "QuestionError", "decode", "guess_format"]
