/* WikiLearn shared client: JSON calls to block handlers, safe DOM building, announcements. */
(function (root) {
  'use strict';
  if (root.WikiLearn) { return; }

  function catalogue() { return root.WikiLearnI18N || {}; }

  function gettext(text) {
    var fn = catalogue().gettext || root.gettext;
    return fn ? fn(text) : text;
  }

  function ngettext(singular, plural, count) {
    var fn = catalogue().ngettext || root.ngettext;
    if (fn) { return fn(singular, plural, count); }
    return count === 1 ? singular : plural;
  }

  /* Fill %(name)s placeholders, as Python and Django's JS catalogue do. */
  function interpolate(format, values) {
    return format.replace(/%\((\w+)\)s/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : match;
    });
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : '';
  }

  /* POST JSON to a handler; resolves with the body, rejects with {code, status, message}. */
  function call(runtime, element, handler, data) {
    return fetch(runtime.handlerUrl(element, handler), {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'Content-Type': 'application/json',
        'X-CSRFToken': csrfToken(),
        'X-Requested-With': 'XMLHttpRequest'
      },
      body: JSON.stringify(data || {})
    }).then(function (response) {
      return response.json().catch(function () {
        // The LMS answers a signed-out POST with a plain 403 "Unauthenticated", and a stale CSRF token
        // with Django's CSRF page (lms/djangoapps/courseware/block_render.py handle_xblock_callback).
        if (response.status === 403) {
          return {error_code: 'session_expired',
                  message: gettext('You are signed out or your session has expired. Reload the page and sign in again.')};
        }
        return {error_code: 'bad_response', message: gettext('The server sent an unexpected response.')};
      }).then(function (body) {
        if (!response.ok) {
          var error = new Error(body.message || gettext('Something went wrong. Please try again.'));
          error.code = body.error_code || 'error';
          error.status = response.status;
          throw error;
        }
        return body;
      });
    }, function () {
      var error = new Error(gettext('The connection failed. Check your network and try again.'));
      error.code = 'network';
      throw error;
    });
  }

  /* Build an element; strings become text nodes, never HTML. Text that people write (text areas,
     and elements of class wl-text: answers, feedback, reviews) gets dir="auto", so an English answer
     in an Arabic page, or an Arabic one in an English page, is laid out in its own direction. */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    attrs = attrs || {};
    var written = tag === 'textarea' || (attrs.type === 'text' && tag === 'input') ||
      /(^|\s)wl-text(\s|$)/.test(attrs['class'] || '');
    if (written && !('dir' in attrs)) { node.setAttribute('dir', 'auto'); }
    Object.keys(attrs).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) { return; }
      if (name === 'text') { node.textContent = value; } else if (name.indexOf('on') === 0) {
        node.addEventListener(name.slice(2), value);
      } else { node.setAttribute(name, value === true ? '' : value); }
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) { return; }
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  /* Say something in the block's polite live region (screen readers read it out), or in ``target``, a region
     of its own next to the control the message is about. */
  function announce(element, message, isError, target) {
    var region = target || element.querySelector('[data-wl-status]');
    if (!region) { return; }
    region.classList.toggle('wl-status-error', !!isError);
    region.textContent = '';
    root.setTimeout(function () { region.textContent = message; }, 30);
  }

  /* A date and time in the reader's interface language (the block's lang attribute), never the browser's
     default locale; ``options`` are Intl.DateTimeFormat options (default: medium date, short time). */
  function dateTime(iso, element, options) {
    if (!iso) { return ''; }
    var holder = element && element.closest('[lang]');
    var language = (holder && holder.getAttribute('lang')) || document.documentElement.lang || 'en';
    try {
      return new Intl.DateTimeFormat(language, options || {dateStyle: 'medium', timeStyle: 'short'})
        .format(new Date(iso));
    } catch (e) {
      return new Date(iso).toISOString().slice(0, 16).replace('T', ' ');
    }
  }

  root.WikiLearn = {
    dateTime: dateTime,
    gettext: gettext,
    ngettext: ngettext,
    interpolate: interpolate,
    call: call,
    el: el,
    announce: announce
  };
}(window));
