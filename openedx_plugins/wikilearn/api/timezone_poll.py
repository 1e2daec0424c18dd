"""Timezone poll persistence: availability rows, chosen slot."""
