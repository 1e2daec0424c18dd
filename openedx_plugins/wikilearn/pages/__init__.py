"""Course pages of the suite: inbox, progress, my feedback, showcase (server-rendered, plus a JSON API)."""
