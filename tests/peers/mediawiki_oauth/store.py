"""What the local MediaWiki OAuth provider knows: wiki users, consumers, issued grants, faults.

Everything lives in memory behind one lock; tests change users, the current user and faults
between requests. Facts from the MediaWiki OAuth extension (wikimedia/mediawiki-extensions-OAuth,
master and REL1_39) are cited where they are reproduced.
"""

import threading
from dataclasses import dataclass, field

AUTH_ONLY_GRANT = "mwoauth-authonly"
PRIVATE_GRANT = "mwoauth-authonlyprivate"
# Grants that show the real name and e-mail in the profile: UserStatementProvider::getUserProfile
# checks for mwoauth-authonlyprivate or a grant giving the ``viewmyprivateinfo`` right (core's
# ``privateinfo`` grant in $wgGrantPermissions).
PRIVATE_INFO_GRANTS = (PRIVATE_GRANT, "privateinfo")
# Scope identifiers the wiki knows (Repository/ScopeRepository.php: '#default', the two
# identification grants, and every grant in $wgGrantPermissions; core's are listed). Any other
# identifier in an authorization request is refused with ``invalid_scope``.
KNOWN_SCOPES = frozenset({
    "#default", AUTH_ONLY_GRANT, PRIVATE_GRANT, "basic", "highvolume", "import", "editpage", "editprotected",
    "editmycssjs", "editmyoptions", "editinterface", "editsiteconfig", "createeditmovepage", "uploadfile",
    "uploadeditmovefile", "patrol", "rollback", "blockusers", "viewdeleted", "viewrestrictedlogs", "delete",
    "oversight", "protect", "viewmywatchlist", "editmywatchlist", "sendemail", "createaccount", "privateinfo",
    "mergehistory",
})
# Which OAuth server library the wiki runs decides the shape of its errors (see oauth2.py):
# REL1_39 to REL1_45 pin the wikimedia/oauth2-server fork at 61d770dc, REL1_46 and master
# league/oauth2-server 9.3 / 9.4.1 (extension composer.json).
EXTENSION_BRANCHES = ("REL1_39", "master")
# Authorization codes live 10 minutes (AuthorizationProvider/Grant/AuthorizationCodeProvider.php:
# ``new DateInterval( 'PT10M' )``).
CODE_LIFETIME = 600
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
    hidden: bool = False  # suppressed: blocked with "hide username" (User::isHidden)

    def profile(self, grants):
        """The profile for a token or approval carrying ``grants``, as ``UserStatementProvider::getUserProfile``.

        A hidden user's profile is only ``sub`` and ``blocked``. Otherwise the e-mail and real name
        appear only with a private-info grant, and the e-mail is empty unless it is confirmed.
        """
        if self.hidden:
            return {"sub": self.sub, "blocked": True}
        data = {
            "sub": self.sub, "username": self.username, "editcount": self.editcount,
            "confirmed_email": self.confirmed_email, "email_verified": self.confirmed_email,
            "blocked": self.blocked, "registered": self.registered,
            "groups": list(self.groups), "rights": list(self.rights), "grants": list(grants),
        }
        if any(grant in PRIVATE_INFO_GRANTS for grant in grants):
            data.update(realname=self.realname, email=self.email if self.confirmed_email else "")
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
        WikiUser("13", "Suppressed Name", editcount=2, blocked=True, hidden=True),
    ]


@dataclass
class Consumer:
    """A registered OAuth consumer (client).

    ``grants`` are those chosen at registration: "User identity verification only" gives
    ``("mwoauth-authonly",)``, "... with access to real name and email address"
    ``("mwoauth-authonlyprivate",)`` (Control/ConsumerSubmitControl.php, ``granttype``).
    """

    key: str
    secret: str
    callback_prefixes: tuple = ("http://127.0.0.1", "http://localhost", "http://testserver")
    grants: tuple = (PRIVATE_GRANT,)
    name: str = "WikiLearn"

    def allows_callback(self, uri):
        """Whether ``uri`` starts with one of the registered callback prefixes."""
        return bool(uri) and any(uri.startswith(prefix) for prefix in self.callback_prefixes)


@dataclass
class Store:
    """The provider's state."""

    users: dict = field(default_factory=lambda: {user.username: user for user in demo_users()})
    consumers: dict = field(default_factory=dict)
    current_user: str | None = None  # auto-approve authorization for this user; None shows a form
    deny: bool = False  # the user presses "Cancel" on the approval page
    extension_branch: str = "master"  # "REL1_39" (to REL1_45) or "master" (REL1_46 on): error shapes
    code_lifetime: float = CODE_LIFETIME
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

    def expire_codes(self):
        """Age every authorization code issued so far past its lifetime."""
        with self.lock:
            for grant in self.codes.values():
                grant["expires"] = 0

    def reset(self):
        """Forget grants, faults and the request log (users and consumers stay)."""
        with self.lock:
            self.current_user, self.deny, self.last_identify_nonce = None, False, None
            self.extension_branch, self.code_lifetime = "master", CODE_LIFETIME
            for registry in (self.faults, self.codes, self.access_tokens, self.refresh_tokens,
                             self.request_tokens, self.oauth1_access, self.log):
                registry.clear()
            self.nonces.clear()
