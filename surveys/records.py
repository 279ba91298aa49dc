"""What the database lets change in the survey records (see zi_tracker.records).

A visitor's response and its answers are written once and never changed or removed.
"""

from zi_tracker.records import RecordRules

RESPONSE = RecordRules(table="surveys_response", updatable=False)
ANSWER = RecordRules(table="surveys_answer", updatable=False)

RULES = (RESPONSE, ANSWER)
