"""The seed's two review questions, asked per objective and recorded back into the document.

The seed article ("必要性验证") checks a set of KRs with two questions: remove a KR — is the
objective still reachable? (then the KR is not needed); all KRs met — is the objective then
necessarily met? The checker can only suspect the answers (``kr-redundant``, ``kr-unrelated``,
``kr-set-insufficient``); the person who owns the OKR knows them. ``okr review`` asks, and this
package keeps the answers in the document itself (``review:`` in YAML/JSON, ``[复核: …]`` tags in
text), so that the checker reads them on the next run and they travel with the OKR in git.
"""
from .answers import Answers, load_answers, parse_answers
from .targets import ReviewTarget, targets_of
from .writeback import write_back

__all__ = ["Answers", "load_answers", "parse_answers", "ReviewTarget", "targets_of", "write_back"]
