"""Intake: how a complaint, compliment or comment comes in, whoever logs it.

The web's residents' forms, ``redress-starter log``, the benchmarks and the tests all log
through `intake.service`: the policy profile, organisation and calendar are settled, the
reference is taken and the submission kept in one transaction, then the workflow is
started. `intake.retrier` starts, beside the worker, what was kept while Temporal was down;
`intake.calendar` builds the working-day calendar a workflow starts with.
"""
