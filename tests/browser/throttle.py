"""A slow connection for Chromium (CDP ``Network.emulateNetworkConditions``) and what went over it.

Used by tests/browser/test_low_bandwidth.py and bench/page_weight.py.
"""

from urllib.parse import urlsplit

KBIT = 1000 / 8  # bytes per second in one kbit/s
SLOW = {"offline": False, "latency": 400, "downloadThroughput": 256 * KBIT, "uploadThroughput": 256 * KBIT}


class NetworkLog:
    """Throttle ``page`` and record each request: URL, bytes received (headers included), timing."""

    def __init__(self, page, conditions=None):
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        self.cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        self.cdp.send("Network.emulateNetworkConditions", conditions or SLOW)
        self.requests = {}
        self.cdp.on("Network.requestWillBeSent", self._sent)
        self.cdp.on("Network.loadingFinished", self._finished)
        self.cdp.on("Network.loadingFailed", self._failed)

    def reset(self):
        """Forget what was recorded so far (e.g. the login before the measured page)."""
        self.requests = {}

    def _sent(self, event):
        key = (event["requestId"], event["request"]["url"])  # a redirect keeps the id, changes the URL
        self.requests[key] = {"url": event["request"]["url"], "start": event["timestamp"], "end": None,
                              "bytes": 0, "failed": False, "id": event["requestId"]}

    def _entry(self, request_id):
        found = [entry for entry in self.requests.values() if entry["id"] == request_id]
        return found[-1] if found else None

    def _finished(self, event):
        entry = self._entry(event["requestId"])
        if entry:
            entry["end"], entry["bytes"] = event["timestamp"], int(event["encodedDataLength"])

    def _failed(self, event):
        entry = self._entry(event["requestId"])
        if entry:
            entry["end"], entry["failed"] = event["timestamp"], True

    def network(self):
        """Requests that went over the network (``data:`` URLs do not)."""
        return [entry for entry in self.requests.values() if not entry["url"].startswith(("data:", "blob:"))]

    def total_bytes(self):
        """Bytes received, headers included."""
        return sum(entry["bytes"] for entry in self.network())

    def count(self):
        """How many requests were made."""
        return len(self.network())

    def hosts(self):
        """Every host:port a request went to."""
        return {urlsplit(entry["url"]).netloc for entry in self.network()}

    def failed(self):
        """URLs whose request failed."""
        return [entry["url"] for entry in self.network() if entry["failed"]]

    def seconds(self):
        """From the first request sent to the last response received."""
        entries = self.network()
        ends = [entry["end"] for entry in entries if entry["end"] is not None]
        if not entries or not ends:
            return 0.0
        return max(ends) - min(entry["start"] for entry in entries)
