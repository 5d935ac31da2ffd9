"""The condition language of flows: parsed and checked here, never handed to Python's eval.

`parser` turns the YAML (a string or an all/any/not mapping) into the nodes of `tree`, `checker`
checks them against the flow's questions and links definitions, and `evaluator` reads them
against the answers in three values.
"""
