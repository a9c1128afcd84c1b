"""generate: targets, engines' candidates, rendering; ``pipeline`` chains them with validate."""
