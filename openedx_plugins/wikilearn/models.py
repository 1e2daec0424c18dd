"""Models behind the WikiLearn blocks: one row per learner action.

Each feature keeps its models in its own module; this module imports them so Django finds them.
"""
