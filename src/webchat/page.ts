/**
 * The local Web Chat page: Dutch, one screen, Bot Framework Web Chat from the installed
 * package. The start script asks a Direct Line token for this browser's user and renders Web
 * Chat against this server's Direct Line endpoint (polling, no WebSocket).
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
    main { flex: 1; min-height: 0; display: flex; justify-content: center; padding: 12px; }
    #webchat { width: 100%; max-width: 820px; height: 100%; background: #fff; border-radius: 6px; box-shadow: 0 1px 4px rgba(0,0,0,.15); overflow: hidden; }
    .melding { padding: 20px; color: #a4262c; }
  </style>
</head>
<body>
  <header>
    <h1>${TEXT.titel}</h1>
    <p>${TEXT.intro}</p>
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
 * Runs in the browser. The user id is kept in localStorage so a reload is the same user;
 * `?gebruiker=ID&naam=NAAM` talks as someone else (e.g. a registered directie user).
 */
export function startScript(): string {
  return `(function () {
  'use strict';
  var TEXT = ${JSON.stringify({ gebruiker: TEXT.gebruiker, geenVerbinding: TEXT.geenVerbinding })};
  function randomId() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID().slice(0, 8);
    return Math.random().toString(16).slice(2, 10);
  }
  function currentUser() {
    var params = new URLSearchParams(window.location.search);
    if (params.get('gebruiker')) return { id: params.get('gebruiker'), name: params.get('naam') || params.get('gebruiker') };
    var key = 'oso-overstapbot.gebruiker';
    var saved = null;
    try { saved = JSON.parse(window.localStorage.getItem(key) || 'null'); } catch (e) { saved = null; }
    if (!saved || !saved.id) {
      saved = { id: 'webchat-' + randomId(), name: TEXT.gebruiker };
      try { window.localStorage.setItem(key, JSON.stringify(saved)); } catch (e) { /* private mode */ }
    }
    return saved;
  }
  function fail() {
    var box = document.getElementById('webchat');
    box.innerHTML = '';
    var p = document.createElement('p');
    p.className = 'melding';
    p.textContent = TEXT.geenVerbinding;
    box.appendChild(p);
  }
  var user = currentUser();
  fetch('/v3/directline/tokens/generate', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ user: user })
  }).then(function (response) {
    if (!response.ok) throw new Error('HTTP ' + response.status);
    return response.json();
  }).then(function (session) {
    var directLine = window.WebChat.createDirectLine({
      domain: window.location.origin + '/v3/directline',
      token: session.token,
      webSocket: false,
      pollingInterval: 500
    });
    window.WebChat.renderWebChat({
      directLine: directLine,
      userID: user.id,
      username: user.name,
      locale: 'nl-NL',
      styleOptions: {
        accent: '#154273',
        botAvatarInitials: 'OSO',
        userAvatarInitials: (user.name || 'U').slice(0, 2).toUpperCase(),
        suggestedActionLayout: 'flow',
        bubbleMaxWidth: 560
      }
    }, document.getElementById('webchat'));
    document.querySelector('#webchat').setAttribute('data-ready', 'true');
  }).catch(fail);
})();
`;
}
