"""The HTTP side of the local MediaWiki OAuth provider: routes, the consent form, faults, the request log."""

import html
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

from oauthlib.oauth2 import FatalClientError, OAuth2Error
from oauthlib.oauth2.rfc6749.errors import UnsupportedCodeChallengeMethodError

from tests.peers.mediawiki_oauth import oauth1, oauth2
from tests.peers.mediawiki_oauth.store import Store

REST = "/w/rest.php/oauth2"
OAUTH1_PAGES = {"special:oauth/initiate": "initiate", "special:oauth/authorize": "authorize1",
                "special:oauth/authenticate": "authorize1", "special:oauth/token": "token1",
                "special:oauth/identify": "identify"}


def add_query(uri, **params):
    """``uri`` with ``params`` appended to its query string."""
    return f"{uri}{'&' if '?' in uri else '?'}{urlencode(params)}"


class Handler(BaseHTTPRequestHandler):
    """One request to the provider; ``self.server.provider`` holds the state."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        """Quiet: the provider keeps its own request log."""

    def do_GET(self):  # noqa: N802 - http.server's naming
        """Dispatch a GET."""
        self.dispatch("GET")

    def do_POST(self):  # noqa: N802 - http.server's naming
        """Dispatch a POST."""
        self.dispatch("POST")

    def dispatch(self, method):
        """Route to the OAuth 2.0 REST endpoints or the ``Special:OAuth`` pages."""
        provider = self.server.provider
        length = int(self.headers.get("Content-Length") or 0)
        self.body = self.rfile.read(length).decode("utf-8") if length else ""
        self.uri = provider.url + self.path
        self.method = method
        path = urlsplit(self.path).path
        routes = {f"{REST}/authorize": self.oauth2_authorize, f"{REST}/access_token": self.oauth2_token,
                  f"{REST}/resource/profile": self.oauth2_profile}
        if path in routes:
            provider.record(method, path.rsplit("/", 1)[-1].replace("access_token", "token"))
            return routes[path]()
        if path == "/w/index.php":
            title = parse_qs(urlsplit(self.path).query).get("title", [""])[0].lower()
            page = OAUTH1_PAGES.get(title)
            if page:
                provider.record(method, page)
                return getattr(self, f"oauth1_{page}")()
        if path in ("/", "/health"):
            return self.send(200, {"Content-Type": "text/plain"}, "MediaWiki OAuth development provider\n")
        return self.send(404, {"Content-Type": "text/plain"}, "Not found")

    def send(self, status, headers, body):
        """Write a response."""
        data = (body or "").encode("utf-8") if isinstance(body or "", str) else body
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def redirect(self, location):
        """A 302 to ``location``."""
        self.send(302, {"Location": location}, "")

    # Who approves: the configured current user, or the person at the form.
    def decision(self):
        """('allow', user), ('deny', None) or (None, None) when the form must be shown."""
        store = self.server.provider.store
        if store.deny:
            return "deny", None
        if store.current_user:
            return "allow", store.current_user
        form = parse_qs(self.body) if self.method == "POST" else {}
        choice, user = form.get("wpDecision", [""])[0], form.get("wpUser", [""])[0]
        if choice == "deny":
            return "deny", None
        if choice == "allow" and user in store.users:
            return "allow", user
        return None, None

    def consent_form(self, application):
        """The page where a developer picks the wiki account to log in with."""
        users = self.server.provider.store.users
        options = "".join(
            f'<li><label><input type="radio" name="wpUser" value="{html.escape(name)}"{" checked" if i == 0 else ""}>'
            f' <bdi>{html.escape(name)}</bdi></label></li>' for i, name in enumerate(users))
        page = (
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            "<title>Log in - local Wikimedia</title></head><body><main>"
            "<h1>Local Wikimedia (development provider)</h1>"
            f"<p><b>{html.escape(application)}</b> would like to verify your identity.</p>"
            '<form method="post"><fieldset><legend>Log in as</legend><ul>'
            f'{options}</ul></fieldset><button type="submit" name="wpDecision" value="allow">Allow</button> '
            '<button type="submit" name="wpDecision" value="deny">Cancel</button></form></main></body></html>')
        self.send(200, {"Content-Type": "text/html; charset=utf-8"}, page)

    # OAuth 2.0
    def oauth2_authorize(self):
        """Validate the request with oauthlib, ask or auto-approve, redirect with a code or the wiki's error."""
        provider = self.server.provider
        uri = provider.url + self.path
        query = parse_qs(urlsplit(self.path).query)
        try:
            scopes, credentials = provider.oauth2.validate_authorization_request(uri, "GET", None, {})
        except UnsupportedCodeChallengeMethodError:  # oauthlib checks the method before the scopes
            scopes, credentials = [], None
        except FatalClientError as error:
            return self.send(400, {"Content-Type": "text/plain"}, f"Error: {error.description}")
        except OAuth2Error as error:
            return self.redirect(error.in_uri(error.redirect_uri))
        unknown = oauth2.unknown_scope(scopes)
        if unknown is not None:
            return self.redirect(oauth2.scope_error(provider.store, unknown).in_uri(credentials["redirect_uri"]))
        refused = oauth2.challenge_error(provider.store, query.get("code_challenge_method", ["plain"])[0],
                                         query.get("code_challenge", [""])[0])
        if refused is not None:
            return self.error_page(refused)
        decision, user = self.decision()
        if decision is None:
            return self.consent_form(credentials["client_id"])
        if decision == "deny":
            # Authorize::execute on approval_cancel: to the request's redirect_uri, without state.
            return self.redirect(oauth2.cancel_error(provider.store).in_uri(credentials["redirect_uri"]))
        asked = bool(parse_qs(urlsplit(self.path).query).get("scope", [""])[0])
        granted = oauth2.granted_scopes(provider.store.consumers[credentials["client_id"]], scopes, asked)
        headers, _body, status = provider.oauth2.create_authorization_response(
            uri, "GET", None, {}, granted, {"user": user, "granted": granted, **credentials})
        return self.send(status, headers, "")

    def error_page(self, error):
        """A refusal without a redirect URI on a GET: the wiki's error page, with the error's status.

        Rest/Handler/AuthenticationHandler::errorResponse: ``showErrorPage( 'mwoauth-error', ... )``
        as text/html for an ``OAuthServerException`` that ``hasRedirect()`` is false, on GET.
        """
        page = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>OAuth error - local Wikimedia'
                f'</title></head><body><main><h1>OAuth error</h1><p>{html.escape(error.payload["error"])}: '
                f'{html.escape(error.payload.get("hint", ""))}</p></main></body></html>')
        self.send(error.status_code, {"Content-Type": "text/html"}, page)

    def fault(self, endpoint):
        """Answer as a broken wiki would, if the test asked for it; True when answered."""
        provider = self.server.provider
        kind = provider.store.faults.get(endpoint)
        if kind == "5xx":
            self.send(503, {"Content-Type": "text/html"}, "<h1>Service Unavailable</h1>")
        elif kind == "non_json":
            self.send(200, {"Content-Type": "text/html"}, "<html><body>Wikimedia Error</body></html>")
        elif kind == "slow":
            time.sleep(provider.store.slow_seconds)
            return False
        else:
            return False
        return True

    def oauth2_token(self):
        """Token endpoint: authorization code (with PKCE) and refresh token grants."""
        if self.fault("token"):
            return
        headers, body, status = self.server.provider.oauth2.create_token_response(
            self.uri, "POST", self.body, dict(self.headers))
        self.send(status, headers, body)

    def oauth2_profile(self):
        """The profile for a Bearer token.

        Sent as ``text/html`` with non-ASCII escaped: Rest/Handler/Resource::respond writes
        ``FormatJson::encode( $data )`` into the body but drops the ``withHeader( 'Content-Type',
        'application/json' )`` result (PSR-7 responses are immutable), so the wiki's default type
        goes out.
        """
        if self.fault("profile"):
            return
        valid, request = self.server.provider.oauth2.verify_request(self.uri, "GET", None, dict(self.headers),
                                                                     scopes=[])
        if not valid:
            return self.send(401, {"Content-Type": "application/json"},
                             json.dumps({"error": "invalid_token", "message": "Invalid access token"}))
        body = json.dumps(oauth2.profile_for(self.server.provider.store, request))
        return self.send(200, {"Content-Type": "text/html; charset=UTF-8"}, body)

    # OAuth 1.0a
    def oauth1_initiate(self):
        """Request token."""
        self.send_oauth1(self.server.provider.oauth1.initiate(self.uri, self.method, self.body, dict(self.headers)))

    def oauth1_authorize1(self):
        """Authorize page: ask or auto-approve, then redirect to the callback with a verifier."""
        decision, user = self.decision()
        if decision is None:
            consumer = parse_qs(urlsplit(self.path).query).get("oauth_consumer_key", ["?"])[0]
            return self.consent_form(consumer)
        if decision == "deny":
            return self.oauth1_cancel_page()
        self.send_oauth1(self.server.provider.oauth1.authorize(self.uri, user))

    def oauth1_cancel_page(self):
        """What the wiki shows after Cancel with OAuth 1.0a: a page, no redirect to the consumer.

        SpecialMWOAuth::showCancelPage redirects back only for OAuth 2.0 consumers; for 1.0a it
        adds 'mwoauth-acceptance-cancelled' (i18n/en.json) and a link to the main page.
        """
        key = parse_qs(urlsplit(self.path).query).get("oauth_consumer_key", [""])[0]
        consumer = self.server.provider.store.consumers.get(key)
        if consumer is None:
            return self.send(200, {"Content-Type": "text/html; charset=utf-8"},
                             "<p>The consumer key is invalid (mwoauth-invalid-consumer-key).</p>")
        name = html.escape(consumer.name)
        page = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>OAuth - local Wikimedia</title>'
                f'</head><body><main><p>You have chosen not to allow "{name}" to access your account. "{name}" '
                f'will not work unless you allow it access. You can go back to "{name}" or manage your connected '
                'apps.</p><p>Return to <a href="/">Main Page</a>.</p></main></body></html>')
        self.send(200, {"Content-Type": "text/html; charset=utf-8"}, page)

    def oauth1_token1(self):
        """Access token."""
        self.send_oauth1(self.server.provider.oauth1.token(self.uri, self.method, self.body, dict(self.headers)))

    def oauth1_identify(self):
        """Identity JWT."""
        self.send_oauth1(self.server.provider.oauth1.identify(self.uri, self.method, self.body, dict(self.headers)))

    def send_oauth1(self, response):
        """Send an oauthlib (headers, body, status) triple; errors read 'Error: ...' as MediaWiki's do."""
        headers, body, status = response
        if status >= 400 and body and not str(body).startswith("Error"):
            body = f"Error: {body}"
        self.send(status, headers, body)


class MediaWikiProvider:
    """A local Wikimedia OAuth provider on 127.0.0.1; ``start()`` serves it from a thread."""

    def __init__(self, host="127.0.0.1", port=0, store=None):
        self.store = store or Store()
        self.httpd = ThreadingHTTPServer((host, port), Handler)
        self.httpd.daemon_threads = True
        self.httpd.provider = self
        self.port = self.httpd.server_address[1]
        self.url = f"http://{host}:{self.port}"
        self.oauth2 = oauth2.make_server(self.store)
        self.oauth1 = oauth1.OAuth1Provider(self.store, self.url)
        self.thread = None

    def record(self, method, endpoint):
        """Note one request in the log (tests and the benchmark count round trips with it)."""
        with self.store.lock:
            self.store.log.append((method, endpoint))

    def start(self):
        """Serve in a background thread; returns self."""
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="mediawiki-oauth", daemon=True)
        self.thread.start()
        return self

    def stop(self):
        """Stop serving and close the socket."""
        self.httpd.shutdown()
        self.httpd.server_close()

    def serve_forever(self):
        """Serve in this thread until interrupted."""
        try:
            self.httpd.serve_forever()
        finally:
            self.httpd.server_close()
