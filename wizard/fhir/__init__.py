"""HL7 FHIR for flows: a flow out as a Questionnaire, answers out and in as a QuestionnaireResponse.

Only the questions and their branching travel: red flags, triage, causes and exercises
stay in the flow, and `wizard run` assesses a response with the one engine. Nothing here
imports Textual, and `answers` (which `wizard run` loads) needs nothing beyond the flow and
the engine.
"""
