'use strict';
// Benchmark, not a test: N clients of the npm ws package on one instance; push latency while connected, then
// SIGTERM to the service and what each client got. Used by bench/ws-shutdown.sh.
//   node ws-shutdown-bench.cjs <url> <clients> <measureSeconds> <servicePid> <closeTimesFile>
// closeTimesFile gets, for each client that got the notice, close 1001 and a clean close, the ms from SIGTERM to
// its close event, one a line (the script compares them with the websockets phase's start and budget).
const WebSocket = require('ws');
const [url, countText, measureText, pidText] = process.argv.slice(2);
const count = Number(countText);
const measureMs = Number(measureText) * 1000;
const pid = Number(pidText);
const closeTimesFile = process.argv[6];

const clients = [];
const latencies = [];
let measuring = false;
let signalAt = 0;
let opened = 0;
let failedToOpen = 0;
let settled = 0;

function percentile(sorted, p) {
  return sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)];
}

function summary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? null };
}

function connect(i) {
  return new Promise((resolve) => {
    const c = { notice: null, noticeMs: null, code: null, reason: null, wasClean: false, closeMs: null,
      afterNotice: 0 };
    clients.push(c);
    const socket = new WebSocket(url, { perMessageDeflate: false });
    socket.on('message', (data) => {
      const m = JSON.parse(data.toString('utf8'));
      if (m.type === 'hello') {
        opened++;
        resolve();
      } else if (m.type === 'event' && measuring) {
        latencies.push(Date.now() - Date.parse(m.createdAt));
      } else if (m.type === 'server_shutdown') {
        c.notice = m;
        c.noticeMs = Date.now() - signalAt;
      }
      if (c.notice && m.type !== 'server_shutdown') {
        c.afterNotice++;
      }
    });
    socket.on('error', () => {});
    socket.on('close', (code, reason) => {
      if (c.code === null) {
        c.code = code;
        c.reason = reason.toString('utf8');
        c.wasClean = Boolean(socket._closeFrameSent && socket._closeFrameReceived);
        c.closeMs = signalAt ? Date.now() - signalAt : -1;
        if (signalAt === 0) {
          failedToOpen++;
          resolve();
        }
        if (++settled === count) {
          finish();
        }
      }
    });
  });
}

function finish() {
  const told = clients.filter((c) => c.notice);
  const closed1001 = clients.filter((c) => c.code === 1001);
  const clean = clients.filter((c) => c.notice && c.code === 1001 && c.wasClean);
  require('fs').writeFileSync(closeTimesFile, clean.map((c) => c.closeMs).join('\n') + '\n');
  console.log(JSON.stringify({
    clients: count,
    connected: opened,
    failedToOpen,
    pushLatencyMs: summary(latencies),
    gotNotice: told.length,
    closed1001: closed1001.length,
    noticeAnd1001Clean: clean.length,
    closes: clients.reduce((acc, c) => {
      const key = c.code + ' ' + (c.reason || '') + (c.notice ? ' (after the notice)' : ' (no notice)');
      acc[key] = (acc[key] || 0) + 1;
      return acc;
    }, {}),
    eventsAfterNotice: clients.reduce((n, c) => n + c.afterNotice, 0),
    msFromSigtermToNotice: summary(told.map((c) => c.noticeMs)),
    msFromSigtermToClose: summary(clients.map((c) => c.closeMs)),
  }));
  process.exit(0);
}

(async () => {
  const started = Date.now();
  for (let i = 0; i < count; i += 1000) {
    const batch = [];
    for (let j = i; j < Math.min(count, i + 1000); j++) {
      batch.push(connect(j));
    }
    // A client that has had no hello after 60 s is counted as not connected; the run goes on without it.
    await Promise.race([Promise.all(batch), new Promise((r) => setTimeout(r, 60000))]);
  }
  console.error(`connected ${opened} of ${count} in ${Date.now() - started} ms; measuring push latency for `
    + `${measureMs} ms`);
  measuring = true;
  await new Promise((r) => setTimeout(r, measureMs));
  measuring = false;
  signalAt = Date.now();
  process.kill(pid, 'SIGTERM');
  setTimeout(() => { console.error('not every client closed within 60 s'); finish(); }, 60000);
})();
