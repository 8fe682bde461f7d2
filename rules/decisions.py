"""R-S1-6 / R-S2-3: the overall decision of a stage response follows from the decisions on
each issue. A leaf of the rules, so the letter models can check a response with it."""

from models.enums import Decision


def overall_decision(decisions: list[Decision]) -> Decision:
    if all(d == Decision.UPHELD for d in decisions):
        return Decision.UPHELD
    if all(d == Decision.NOT_UPHELD for d in decisions):
        return Decision.NOT_UPHELD
    return Decision.PARTIALLY_UPHELD
