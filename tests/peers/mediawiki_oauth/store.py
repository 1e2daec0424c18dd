"""What the local MediaWiki OAuth provider knows: wiki users, consumers, issued grants, faults.

Everything lives in memory behind one lock; tests change users, the current user and faults
between requests.
"""

import threading
from dataclasses import dataclass, field

PRIVATE_GRANT = "mwoauth-authonlyprivate"
# The development consumer the sandbox uses when no real Wikimedia keys are set (see sandbox/settings.py).
DEV_KEY = "wikilearn-dev-consumer"
DEV_SECRET = "wikilearn-development-consumer-secret"  # noqa: S105 - a public development credential
FAULT_KINDS = {
    "oauth2": ("5xx", "non_json", "slow", "error_json"),
    "identify": ("bad_signature", "wrong_issuer", "wrong_audience", "old_iat", "reused_nonce", "slow"),
}


@dataclass
class WikiUser:
    """An account on the wiki, as the profile endpoints describe it."""

    sub: str
    username: str
    editcount: int = 0
    groups: tuple = ("*", "user", "autoconfirmed")
    rights: tuple = ("read", "edit")
    registered: str = "20200115093000"
    blocked: bool = False
    email: str = ""
    confirmed_email: bool = False
    realname: str = ""

    def profile(self, private):
        """The OAuth 2.0 profile JSON; ``email`` and ``realname`` only with the private grant."""
        data = {
            "sub": self.sub, "username": self.username, "editcount": self.editcount,
            "confirmed_email": self.confirmed_email, "blocked": self.blocked, "registered": self.registered,
            "groups": list(self.groups), "rights": list(self.rights), "grants": ["basic"],
        }
        if private:
            data.update(email=self.email, realname=self.realname)
            data["grants"].append(PRIVATE_GRANT)
        return data


def demo_users():
    """The wiki accounts the sandbox and the tests log in with."""
    return [
        WikiUser("1001", "Ada Wiki", editcount=4210, email="ada@example.org", confirmed_email=True,
                 realname="Ada Lovelace", groups=("*", "user", "autoconfirmed", "sysop")),
        WikiUser("1002", "Unconfirmed Writer", editcount=12, email="pending@example.org", confirmed_email=False,
                 realname="Una Confirmed"),
        WikiUser("1003", "No Mail", editcount=3),
        WikiUser("1004", "محمد علي", editcount=980, email="mohamed@example.org", confirmed_email=True,
                 realname="محمد علي"),
        WikiUser("1005", "राजेश कुमार", editcount=77, email="rajesh@example.org", confirmed_email=True,
                 realname="राजेश कुमार"),
        WikiUser("1006", "维基小明", editcount=1500, email="xiaoming@example.org", confirmed_email=True,
                 realname="王小明"),
        WikiUser("1007", "Blocked Editor", editcount=40, blocked=True, email="blocked@example.org",
                 confirmed_email=True),
    ]


@dataclass
class Consumer:
    """A registered OAuth consumer (client)."""

    key: str
    secret: str
    callback_prefixes: tuple = ("http://127.0.0.1", "http://localhost", "http://testserver")
    grants: tuple = ("basic", PRIVATE_GRANT)

    def allows_callback(self, uri):
        """Whether ``uri`` starts with one of the registered callback prefixes."""
        return bool(uri) and any(uri.startswith(prefix) for prefix in self.callback_prefixes)


@dataclass
class Store:
    """The provider's state."""

    users: dict = field(default_factory=lambda: {user.username: user for user in demo_users()})
    consumers: dict = field(default_factory=dict)
    current_user: str | None = None  # auto-approve authorization for this user; None shows a form
    deny: bool = False  # the user presses "Cancel" (OAuth 2.0 access_denied / 1.0a user_refused)
    faults: dict = field(default_factory=dict)  # endpoint ("token", "profile", "identify") -> kind
    slow_seconds: float = 2.0
    codes: dict = field(default_factory=dict)
    access_tokens: dict = field(default_factory=dict)
    refresh_tokens: dict = field(default_factory=dict)
    request_tokens: dict = field(default_factory=dict)
    oauth1_access: dict = field(default_factory=dict)
    nonces: set = field(default_factory=set)
    last_identify_nonce: str | None = None
    log: list = field(default_factory=list)  # (method, endpoint) of every request, in order
    lock: threading.RLock = field(default_factory=threading.RLock)

    def add_consumer(self, key, secret, **kwargs):
        """Register a consumer; returns it."""
        consumer = Consumer(key, secret, **kwargs)
        self.consumers[key] = consumer
        return consumer

    def add_user(self, user):
        """Add or replace a wiki account."""
        self.users[user.username] = user
        return user

    def rename(self, old, new):
        """Rename a wiki account: same ``sub``, new ``username``."""
        user = self.users.pop(old)
        user.username = new
        self.users[new] = user
        return user

    def user(self, username):
        """The account named ``username`` (KeyError when unknown)."""
        return self.users[username]

    def reset(self):
        """Forget grants, faults and the request log (users and consumers stay)."""
        with self.lock:
            self.current_user, self.deny, self.last_identify_nonce = None, False, None
            for registry in (self.faults, self.codes, self.access_tokens, self.refresh_tokens,
                             self.request_tokens, self.oauth1_access, self.log):
                registry.clear()
            self.nonces.clear()
