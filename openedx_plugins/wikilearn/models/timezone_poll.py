"""Timezone poll models (one availability row per learner)."""
