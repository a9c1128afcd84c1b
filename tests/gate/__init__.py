"""Tests of the gate stage: gitdiff, diff coverage, thresholds, ratchet, renderers, CLI."""
