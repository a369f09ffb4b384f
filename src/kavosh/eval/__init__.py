"""Evaluation: topics and qrels in (TSV, BEIR, TREC), runs out, metrics by ir-measures."""

from .metrics import MEASURES, evaluate
from .trec import read_qrels, read_run, read_topics, write_run

__all__ = ["MEASURES", "evaluate", "read_qrels", "read_run", "read_topics", "write_run"]
