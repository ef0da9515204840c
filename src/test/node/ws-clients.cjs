'use strict';
// Opens N WebSocket clients with a library the project did not write and reports, as one JSON line, what each got
// when the server closed it. Used by ThirdPartyWebSocketClientsIT.
//   node ws-clients.cjs <builtin|ws> <url> <clients> <timeoutMs>
// Prints "READY <n>" once every client has had its first message (or is already closed), then "RESULT <json>" once every client is
// closed; exits 2 with "TIMEOUT <json>" if that takes longer than timeoutMs.
const [kind, url, countText, timeoutText] = process.argv.slice(2);
const count = Number(countText);
const timeoutMs = Number(timeoutText);
if (!['builtin', 'ws'].includes(kind) || !url || !(count > 0) || !(timeoutMs > 0)) {
  console.error('usage: node ws-clients.cjs <builtin|ws> <url> <clients> <timeoutMs>');
  process.exit(64);
}

const results = [];
let settled = 0;
let announced = false;

function report(prefix) {
  console.log(prefix + ' ' + JSON.stringify(results));
}

const timer = setTimeout(() => {
  report('TIMEOUT');
  process.exit(2);
}, timeoutMs);

function ready() {
  if (!announced && results.every((r) => r.types.length > 0 || r.closed)) {
    announced = true;
    console.log('READY ' + results.length);
  }
}

function onText(r, text) {
  let message;
  try {
    message = JSON.parse(text);
  } catch (e) {
    r.unparsed = (r.unparsed || 0) + 1;
    return;
  }
  r.types.push(message.type);
  ready();
  if (message.type === 'server_shutdown') {
    r.notice = message;
  }
}

function onClose(r, code, reason, wasClean) {
  if (r.closed) {
    return;
  }
  Object.assign(r, { closed: true, code, reason, wasClean });
  if (++settled === results.length) {
    clearTimeout(timer);
    report('RESULT');
  }
}

function openBuiltin(r) {
  if (typeof WebSocket !== 'function') {
    console.error('this node has no global WebSocket: Node 22+, or Node 20.10+ with --experimental-websocket');
    process.exit(65);
  }
  const socket = new WebSocket(url);
  socket.onopen = () => {
    r.opened = true;
    ready();
  };
  socket.onmessage = (event) => onText(r, String(event.data));
  socket.onerror = (event) => {
    r.error = String(event.message || event.type);
  };
  socket.onclose = (event) => {
    onClose(r, event.code, event.reason, event.wasClean);
    ready();
  };
}

function openWs(r) {
  const WebSocketClient = require('ws');
  const socket = new WebSocketClient(url);
  socket.on('open', () => {
    r.opened = true;
    ready();
  });
  socket.on('message', (data, isBinary) => onText(r, isBinary ? '' : data.toString('utf8')));
  socket.on('error', (error) => {
    r.error = String(error.message);
  });
  socket.on('close', (code, reason) => {
    // ws has no wasClean: the close handshake is complete when its close frame went out and the server's came in.
    onClose(r, code, reason.toString('utf8'), Boolean(socket._closeFrameSent && socket._closeFrameReceived));
    ready();
  });
}

for (let i = 0; i < count; i++) {
  const r = { client: i, opened: false, closed: false, types: [], notice: null };
  results.push(r);
  (kind === 'builtin' ? openBuiltin : openWs)(r);
}
