/**
 * The local Web Chat page: Dutch, one screen, Bot Framework Web Chat from the installed
 * package. The start script asks the user's name once, gets a Direct Line token for this
 * browser's user and renders Web Chat against this server's Direct Line endpoint (polling, no
 * WebSocket), through a small Direct Line client of its own that keeps the conversation:
 * across a reload (the conversation id and token are kept in localStorage and the whole
 * conversation is fetched again) and across a restart of the bot (it keeps polling until the
 * bot is back, and sends again what it was not sure arrived, with the same clientActivityID,
 * which the endpoint maps to the same activity id so the bot never applies it twice).
 * botframework-directlinejs stops polling for good after one failed request, which is why
 * the page does not use it.
 */

export const TEXT = {
  titel: 'OSO-overstapbot',
  intro:
    'Probeer de bot hier lokaal, zoals collega\u2019s hem in Teams gebruiken. Kies een knop of typ wat u wilt doen; ' +
    '"help" geeft uitleg en "annuleren" stopt een gesprek. Met de paperclip stuurt u een bijlage mee.',
  geenScript:
    'Web Chat kon niet laden: het pakket botframework-webchat ontbreekt. Voer "npm install" uit en start de bot opnieuw.',
  geenVerbinding: 'Geen verbinding met de bot. Draait hij nog? Laad de pagina opnieuw als hij weer draait.',
  gebruiker: 'Gebruiker',
  weg: 'De bot is even niet bereikbaar (hij start misschien opnieuw). Uw gesprek blijft bewaard; wat u nu stuurt, gaat mee zodra hij terug is.',
  naamVraag: 'Hoe heet u?',
  naamUitleg: 'Uw naam komt in de dossiers die u maakt, bijvoorbeeld als contactpersoon of als medewerker die de inzage deed. De bot vraagt het maar één keer.',
  naamLabel: 'Voor- en achternaam',
  naamKnop: 'Beginnen',
};

export function pageHtml(options: { webChatAvailable: boolean }): string {
  return `<!doctype html>
<html lang="nl">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${TEXT.titel}</title>
  <style>
    html, body { height: 100%; margin: 0; font-family: "Segoe UI", system-ui, sans-serif; background: #f3f2f1; color: #201f1e; }
    body { display: flex; flex-direction: column; }
    header { padding: 12px 20px; background: #154273; color: #fff; }
    header h1 { margin: 0 0 4px; font-size: 20px; font-weight: 600; }
    header p { margin: 0; font-size: 14px; max-width: 60em; line-height: 1.4; }
    header #verbinding { margin-top: 6px; padding: 4px 8px; background: #fff4ce; color: #201f1e; border-radius: 4px; }
    main { flex: 1; min-height: 0; display: flex; justify-content: center; padding: 12px; }
    #webchat { width: 100%; max-width: 820px; height: 100%; background: #fff; border-radius: 6px; box-shadow: 0 1px 4px rgba(0,0,0,.15); overflow: hidden; }
    .melding { padding: 20px; color: #a4262c; }
    form.naam { padding: 24px; max-width: 32em; }
    form.naam h2 { margin: 0 0 8px; font-size: 18px; }
    form.naam p { margin: 0 0 16px; line-height: 1.4; }
    form.naam label { display: block; margin-bottom: 12px; font-weight: 600; }
    form.naam input { display: block; width: 100%; margin-top: 4px; padding: 8px; font: inherit; box-sizing: border-box; }
    form.naam button { padding: 8px 20px; font: inherit; background: #154273; color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
  </style>
</head>
<body>
  <header>
    <h1>${TEXT.titel}</h1>
    <p>${TEXT.intro}</p>
    <p id="verbinding" role="status" hidden>${TEXT.weg}</p>
  </header>
  <main>
    <div id="webchat" role="main">${options.webChatAvailable ? '' : `<p class="melding">${TEXT.geenScript}</p>`}</div>
  </main>
  ${options.webChatAvailable ? '<script src="/webchat/webchat.js"></script>\n  <script src="/webchat/start.js"></script>' : ''}
</body>
</html>
`;
}

/**
 * Runs in the browser. The user (id and name) is kept in localStorage so a reload is the same
 * user, and per user the Direct Line conversation (id and token) so a reload is the same
 * conversation. `?gebruiker=ID&naam=NAAM` talks as someone else (e.g. a registered directie user).
 */
export function startScript(): string {
  const text = { gebruiker: TEXT.gebruiker, geenVerbinding: TEXT.geenVerbinding, naamVraag: TEXT.naamVraag, naamUitleg: TEXT.naamUitleg, naamLabel: TEXT.naamLabel, naamKnop: TEXT.naamKnop };
  return `(function () {
  'use strict';
  var TEXT = ${JSON.stringify(text)};
  var USER_KEY = 'oso-overstapbot.gebruiker';
  var SESSION_KEY = 'oso-overstapbot.gesprek.';
  var DL = window.location.origin + '/v3/directline';
  // Direct Line connection states, as Web Chat reads them.
  var CONNECTING = 1, ONLINE = 2, ENDED = 5;
  var POLL_MS = 500, RETRY_MS = 1000, SEND_GIVE_UP_MS = 45000;

  function load(key) {
    try { return JSON.parse(window.localStorage.getItem(key) || 'null'); } catch (e) { return null; }
  }
  function save(key, value) {
    try { window.localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* private mode: this tab only */ }
  }
  function randomId() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID().slice(0, 8);
    return Math.random().toString(16).slice(2, 10);
  }
  function hasName(user) { return Boolean(user && user.name && user.name !== TEXT.gebruiker); }

  /** From the URL, else the one saved in this browser, else a new one (without a name yet). */
  function currentUser() {
    var params = new URLSearchParams(window.location.search);
    if (params.get('gebruiker')) return { id: params.get('gebruiker'), name: params.get('naam') || '', fromUrl: true };
    var saved = load(USER_KEY);
    if (!saved || !saved.id) {
      saved = { id: 'webchat-' + randomId() };
      save(USER_KEY, saved);
    }
    return saved;
  }

  /** Asks the name once (a small form in the chat's place); resolves with it. */
  function askName() {
    return new Promise(function (resolve) {
      var box = document.getElementById('webchat');
      box.innerHTML = '';
      var form = document.createElement('form');
      form.className = 'naam';
      var h = document.createElement('h2'); h.textContent = TEXT.naamVraag;
      var p = document.createElement('p'); p.textContent = TEXT.naamUitleg;
      var label = document.createElement('label'); label.textContent = TEXT.naamLabel;
      var input = document.createElement('input');
      input.name = 'naam'; input.required = true; input.maxLength = 80; input.autocomplete = 'name';
      label.appendChild(input);
      var button = document.createElement('button'); button.type = 'submit'; button.textContent = TEXT.naamKnop;
      form.appendChild(h); form.appendChild(p); form.appendChild(label); form.appendChild(button);
      form.addEventListener('submit', function (event) {
        event.preventDefault();
        var name = input.value.trim();
        if (!name) return;
        box.innerHTML = '';
        resolve(name);
      });
      box.appendChild(form);
      input.focus();
    });
  }

  /** A minimal observable: what Web Chat needs (subscribe with an observer, unsubscribe). */
  function subject(initial) {
    var observers = [];
    var hasValue = arguments.length > 0, value = initial;
    return {
      next: function (v) {
        value = v; hasValue = true;
        observers.slice().forEach(function (o) { o.next && o.next(v); });
      },
      getValue: function () { return value; },
      subscribe: function (observer) {
        var o = typeof observer === 'function' ? { next: observer } : observer || {};
        observers.push(o);
        if (hasValue && o.next) o.next(value);
        return { unsubscribe: function () { observers = observers.filter(function (x) { return x !== o; }); } };
      }
    };
  }

  function request(session, method, path, body) {
    var init = { method: method, headers: { Authorization: 'Bearer ' + session.token } };
    if (body instanceof FormData) init.body = body;
    else if (body !== undefined) { init.body = JSON.stringify(body); init.headers['Content-Type'] = 'application/json'; }
    return fetch(DL + path, init).then(function (response) {
      if (!response.ok) { var error = new Error('HTTP ' + response.status); error.status = response.status; throw error; }
      return response.json();
    });
  }
  /** Worth trying again: the bot is restarting (no answer at all) or could not take the turn. */
  function transient(error) { return !error.status || error.status >= 500; }

  /** Shows (or hides) that the bot cannot be reached right now. */
  function away(gone) {
    var note = document.getElementById('verbinding');
    if (note && note.hidden === gone) note.hidden = !gone;
  }

  /** The Direct Line client Web Chat talks to: keeps polling and keeps sending through restarts. */
  function keepingDirectLine(session) {
    var status = subject(0);
    var activities = subject();
    var watermark = ''; // a (re)loaded page asks for the whole conversation
    var ended = false;
    var convPath = function () { return '/conversations/' + encodeURIComponent(session.conversationId); };

    function start() {
      if (ended) return;
      status.next(CONNECTING);
      request(session, 'POST', '/conversations').then(function () {
        status.next(ONLINE);
        poll();
      }, function () { setTimeout(start, RETRY_MS); });
    }
    function poll() {
      if (ended) return;
      request(session, 'GET', convPath() + '/activities?watermark=' + encodeURIComponent(watermark)).then(function (set) {
        away(false);
        if (set.watermark) watermark = set.watermark;
        (set.activities || []).forEach(function (a) { activities.next(a); });
        setTimeout(poll, POLL_MS);
      }, function () {
        // Not CONNECTING: Web Chat would then drop what the user sends until it is ONLINE
        // again. It stays ONLINE; sends wait for the bot, and the page says what is going on.
        away(true);
        setTimeout(poll, RETRY_MS);
      });
    }

    /** One POST, tried again while the bot is away; the same body each time (same clientActivityID). */
    function send(makeBody, path) {
      return {
        subscribe: function (observer) {
          var cancelled = false;
          var giveUp = Date.now() + SEND_GIVE_UP_MS;
          function attempt() {
            if (cancelled) return;
            makeBody().then(function (body) { return request(session, 'POST', path, body); }).then(function (result) {
              if (cancelled) return;
              observer.next && observer.next(result.id);
              observer.complete && observer.complete();
            }, function (error) {
              if (cancelled) return;
              if (transient(error) && Date.now() < giveUp) setTimeout(attempt, RETRY_MS);
              else observer.error && observer.error(error);
            });
          }
          attempt();
          return { unsubscribe: function () { cancelled = true; } };
        }
      };
    }

    function postActivity(activity) {
      var files = activity.type === 'message' && activity.attachments && activity.attachments.length ? activity.attachments : null;
      if (!files) return send(function () { return Promise.resolve(activity); }, convPath() + '/activities');
      // Web Chat holds the chosen files as blob: URLs; the endpoint takes them as multipart.
      var template = Object.assign({}, activity, { attachments: files.map(function (f) { return { contentType: f.contentType, name: f.name }; }) });
      var blobs = Promise.all(files.map(function (f) { return fetch(f.contentUrl).then(function (r) { return r.blob(); }); }));
      return send(function () {
        return blobs.then(function (list) {
          var form = new FormData();
          form.append('activity', new Blob([JSON.stringify(template)], { type: 'application/vnd.microsoft.activity' }));
          list.forEach(function (blob, i) { form.append('file', blob, files[i].name || 'bijlage'); });
          return form;
        });
      }, convPath() + '/upload?userId=' + encodeURIComponent(activity.from && activity.from.id || ''));
    }

    var started = false;
    return {
      connectionStatus$: status,
      activity$: {
        subscribe: function (observer) {
          var subscription = activities.subscribe(observer);
          if (!started) { started = true; start(); }
          return subscription;
        }
      },
      postActivity: postActivity,
      end: function () { ended = true; status.next(ENDED); },
      token: session.token
    };
  }

  function fail() {
    var box = document.getElementById('webchat');
    box.innerHTML = '';
    var p = document.createElement('p');
    p.className = 'melding';
    p.textContent = TEXT.geenVerbinding;
    box.appendChild(p);
  }

  /** This user's conversation: the saved one, else a new one from the endpoint. */
  function session(user) {
    var key = SESSION_KEY + user.id;
    var saved = load(key);
    if (saved && saved.conversationId && saved.token) return Promise.resolve(saved);
    return fetch(DL + '/tokens/generate', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: { id: user.id, name: user.name } })
    }).then(function (response) {
      if (!response.ok) throw new Error('HTTP ' + response.status);
      return response.json();
    }).then(function (created) {
      var fresh = { conversationId: created.conversationId, token: created.token };
      save(key, fresh);
      return fresh;
    });
  }

  function render(user) {
    return session(user).then(function (s) {
      window.WebChat.renderWebChat({
        directLine: keepingDirectLine(s),
        userID: user.id,
        username: user.name,
        locale: 'nl-NL',
        styleOptions: {
          accent: '#154273',
          botAvatarInitials: 'OSO',
          userAvatarInitials: (user.name || 'U').slice(0, 2).toUpperCase(),
          suggestedActionLayout: 'flow',
          bubbleMaxWidth: 560,
          // The client keeps sending for 45 s while the bot restarts; only then is it "failed".
          sendTimeout: 50000
        }
      }, document.getElementById('webchat'));
      document.querySelector('#webchat').setAttribute('data-ready', 'true');
    });
  }

  var user = currentUser();
  var named = hasName(user) ? Promise.resolve(user) : askName().then(function (name) {
    user.name = name;
    if (!user.fromUrl) save(USER_KEY, { id: user.id, name: name });
    // A conversation from before the name was known carries no name: start a new one.
    try { window.localStorage.removeItem(SESSION_KEY + user.id); } catch (e) { /* private mode */ }
    return user;
  });
  named.then(render).catch(fail);
})();
`;
}
