"""What every WikiLearn block shares: user context, errors, permissions, rendering, the scale."""
