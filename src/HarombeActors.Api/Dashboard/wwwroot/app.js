// The HarombeActors dashboard: plain JavaScript, no library, no build step. It talks only to this host's JSON API
// with the operator token kept in session storage, builds every element with textContent (never HTML from data), and
// shows no value: only what `status` shows (versions, fingerprints, labels).
'use strict';

const TOKEN_KEY = 'harombe.operatorToken';
const main = document.getElementById('main');
let leaving = []; // what the current page must stop (streams) when another page opens

// A token in the address (#token=...) is taken into session storage and removed from the address bar at once (on
// load and on every change of the address).
function takeTokenFromAddress() {
  const match = /(?:^#|&)token=([^&]*)/.exec(location.hash);
  if (!match) return;
  // Out of the address first, whatever the token turns out to be.
  const rest = (location.hash.slice(0, match.index) + location.hash.slice(match.index + match[0].length)).replace(/^#?&/, '#');
  history.replaceState(null, '', location.pathname + location.search + (rest.length > 1 ? rest : '#/secrets'));
  try { sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1])); } catch { /* a malformed escape: no token taken */ }
}

function token() { return sessionStorage.getItem(TOKEN_KEY); }
function authorization() { return { Authorization: 'Bearer ' + token() }; }

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'class') node.className = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function svg(tag, attrs, ...children) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

/// A table's head row of column names.
function head(...names) { return el('thead', {}, el('tr', {}, names.map(h => el('th', {}, h)))); }

class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

async function api(method, route, body) {
  const headers = authorization();
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(route, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
  const text = await response.text();
  if (!response.ok) throw new ApiError(response.status, errorText(response.status, text));
  // Streaming calls answer JSON lines: the last line is the final one.
  const lines = text.trim().split('\n').filter(Boolean);
  return lines.length > 1 ? lines.map(l => JSON.parse(l)) : JSON.parse(lines[0] || '{}');
}

function errorText(status, text) {
  if (status === 401) return 'The token was refused: sign in with an operator token.';
  try { const e = JSON.parse(text); return e.message || text; } catch { return text || ('HTTP ' + status); }
}

/// Reads a server stream of JSON lines, calling onItem for each, until it ends or stop() is called.
function stream(route, onItem, onEnd) {
  const control = new AbortController();
  (async () => {
    try {
      const response = await fetch(route, { headers: authorization(), signal: control.signal, cache: 'no-store' });
      if (!response.ok) throw new ApiError(response.status, errorText(response.status, await response.text()));
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffered = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffered += decoder.decode(value, { stream: true });
        let newline;
        while ((newline = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, newline).trim();
          buffered = buffered.slice(newline + 1);
          if (line) onItem(JSON.parse(line));
        }
      }
      if (buffered.trim()) onItem(JSON.parse(buffered));
      onEnd(null);
    } catch (e) {
      if (!control.signal.aborted) onEnd(e);
    }
  })();
  return () => control.abort();
}

function secretRoute(path) { return '/v1/secrets' + path.split('/').map(encodeURIComponent).join('/'); }
function when(at) { return at ? new Date(at).toLocaleString() : '-'; }
function seconds(duration) { return duration ? parseFloat(duration) : null; }
function span(duration) {
  const s = seconds(duration);
  if (s === null) return '-';
  if (s < 1) return Math.round(s * 1000) + ' ms';
  if (s < 60) return s.toFixed(1) + ' s';
  return Math.floor(s / 60) + ' min ' + Math.round(s % 60) + ' s';
}
function statusTag(text) {
  const kind = /success|completed|up|delivered|healthy/i.test(text) ? 'ok' : /fail|rolled|stale|attention|unreachable|down/i.test(text) ? 'bad' : 'warn';
  return el('span', { class: 'tag ' + kind }, text);
}
function showError(where, e) {
  if (e instanceof ApiError && e.status === 401) { sessionStorage.removeItem(TOKEN_KEY); }
  where.replaceChildren(el('div', { class: 'error', role: 'alert' }, e.message || String(e)));
  if (e instanceof ApiError && e.status === 401) where.append(loginForm());
}

function loginForm() {
  const form = document.getElementById('login').content.cloneNode(true);
  form.querySelector('#login-form').addEventListener('submit', event => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, document.getElementById('token').value.trim());
    route();
  });
  return form;
}

// ---- pages ---------------------------------------------------------------------------------------------------------

async function secretsPage(params) {
  const prefix = params.get('prefix') || '';
  const filter = el('input', { id: 'prefix', type: 'search', placeholder: '/secrets/db', value: prefix, 'aria-label': 'path prefix' });
  const form = el('form', { class: 'row', onsubmit: e => { e.preventDefault(); location.hash = '#/secrets?prefix=' + encodeURIComponent(filter.value.trim()); } },
    filter, el('button', { type: 'submit' }, 'Filter'));
  const body = el('tbody');
  const more = el('div');
  main.replaceChildren(el('h1', {}, 'Secrets'), form, el('table', { id: 'secrets' },
    head('path', 'version', 'strategy', 'status', 'last rotation', 'next rotation', 'attention'), body), more);
  async function page(pageToken) {
    const query = new URLSearchParams({ pageSize: '200' });
    if (prefix) query.set('prefix', prefix);
    if (pageToken) query.set('pageToken', pageToken);
    const list = await api('GET', '/v1/secrets?' + query);
    for (const s of list.items || []) {
      body.append(el('tr', { 'data-path': s.path },
        el('td', {}, el('a', { href: '#/secret' + s.path }, s.path)),
        el('td', {}, s.currentVersion !== undefined ? 'v' + s.currentVersion : '-'),
        el('td', {}, s.strategy || ''),
        el('td', {}, s.status ? statusTag(s.status) : ''),
        el('td', {}, s.lastStatus ? [statusTag(s.lastStatus), ' ', when(s.lastRotationAt)] : '-'),
        el('td', {}, when(s.nextRotationAt)),
        el('td', {}, s.needsAttention ? statusTag('needs attention') : '')));
    }
    if (!list.items || list.items.length === 0 && !pageToken) body.append(el('tr', {}, el('td', { colspan: 7, class: 'muted' }, 'No secrets' + (prefix ? ' under ' + prefix : '') + '.')));
    more.replaceChildren(list.nextPageToken ? el('button', { type: 'button', onclick: () => page(list.nextPageToken) }, 'More') : '');
  }
  await page(null);
}

async function secretPage(path) {
  const status = await api('GET', secretRoute(path));
  const result = el('div', { id: 'result' });
  const progress = el('section', { class: 'card', id: 'progress', hidden: true });
  const consumers = el('section', { id: 'consumers' });
  const versions = el('section', { class: 'card' });
  main.replaceChildren(
    el('h1', {}, path),
    el('div', { class: 'row' },
      el('a', { href: '#/history' + path }, 'History'), el('a', { href: '#/report' + path }, 'Migration report')),
    actions(path, result), result, progress, versions, el('h2', {}, 'Consumers by version'), consumers);
  renderVersions(versions, status);
  await renderConsumers(consumers, path);
  if (status.rotation) { follow(path, progress, consumers, versions); return; }
  // No rotation running: the consumer groups are read again every 5 s (a rotation's progress is pushed instead).
  const timer = setInterval(() => renderConsumers(consumers, path).catch(() => {}), 5000);
  leaving.push(() => clearInterval(timer));
}

function actions(path, result) {
  const strategy = el('select', { id: 'strategy', 'aria-label': 'strategy' },
    ['', 'immediate', 'staged', 'dual-write', 'blue-green'].map(s => el('option', { value: s }, s || 'policy strategy')));
  const verb = (name, label, body, danger) => el('button', {
    type: 'button', id: 'do-' + name, class: danger ? 'danger' : name === 'rotate' ? 'primary' : '',
    onclick: async () => {
      if (!confirm(label + ' ' + path + '?')) return;
      result.replaceChildren(el('div', { class: 'notice' }, label + '...'));
      try {
        const answer = await api('POST', secretRoute(path) + ':' + name, body());
        const final = Array.isArray(answer) ? answer[answer.length - 1] : answer;
        const r = final.result || final.accepted || final;
        result.replaceChildren(el('div', { class: 'notice', role: 'status' }, label + ': ',
          statusTag(r.status || 'done'), r.rotationId ? ' rotation ' + r.rotationId : '', r.error ? ' - ' + r.error : ''));
        route();
      } catch (e) { showError(result, e); }
    },
  }, label);
  return el('div', { class: 'row card' }, strategy,
    verb('rotate', 'Rotate', () => { const b = { noWait: true }; if (strategy.value) { b.strategy = strategy.value; } return b; }),
    verb('promote', 'Promote', () => ({})), verb('cancel', 'Cancel', () => ({}), true), verb('rollback', 'Roll back', () => ({}), true));
}

function renderVersions(section, s) {
  const slots = [['current', s.currentVersion], ['pending', s.pendingVersion], ['previous', s.previousVersion], ['blue', s.blueVersion], ['green', s.greenVersion]]
    .filter(([, v]) => v !== undefined).flatMap(([name, v]) => [el('dt', {}, name), el('dd', { 'data-slot': name }, 'v' + v)]);
  section.replaceChildren(el('h2', {}, 'Versions'), el('dl', { class: 'kv' }, slots,
    el('dt', {}, 'active environment'), el('dd', {}, s.activeEnvironment || '-'),
    el('dt', {}, 'dual mode'), el('dd', {}, s.dualMode ? 'on (both valid)' : 'off'),
    el('dt', {}, 'rotation'), el('dd', {}, s.rotation ? [s.rotation.strategy, ' ', statusTag(s.rotation.phase), ' ', s.rotation.id] : 'none running'),
    el('dt', {}, 'last rotation'), el('dd', {}, s.lastRotation ? [statusTag(s.lastRotation.status), ' ', s.lastRotation.strategy, ' ', when(s.lastRotation.completedAt)] : '-'),
    el('dt', {}, 'next rotation'), el('dd', {}, s.nextRotation ? when(s.nextRotation.at) : '-'),
    el('dt', {}, 'needs attention'), el('dd', {}, s.needsAttention ? statusTag(s.needsAttention.reason || 'yes') : 'no')),
    el('table', {}, head('version', 'fingerprint', 'created', 'labels'),
      el('tbody', {}, (s.versions || []).map(v => el('tr', {}, el('td', {}, 'v' + v.version), el('td', {}, v.fingerprint),
        el('td', {}, when(v.createdAt)), el('td', {}, (v.labels || []).map(l => el('span', { class: 'tag' }, l))))))));
}

async function renderConsumers(section, path) {
  const list = await api('GET', secretRoute(path) + ':consumers');
  const groups = new Map();
  for (const c of list.consumers || []) {
    const key = c.secretVersion || 0;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(c);
  }
  if (groups.size === 0) { section.replaceChildren(el('p', { class: 'muted' }, 'No consumers have reported yet.')); return; }
  section.replaceChildren(el('div', { class: 'groups' }, [...groups.keys()].sort((a, b) => b - a).map(version =>
    el('div', { class: 'card group', 'data-version': version },
      el('h3', {}, 'v' + version, list.targetVersion === version ? ' (target)' : '', ' - ', groups.get(version).length),
      el('ul', {}, groups.get(version).map(c => el('li', { 'data-consumer': c.consumerId },
        c.consumerId, ' ', c.role === 'resource' ? el('span', { class: 'tag' }, 'resource') : '',
        c.migrationStatus === 'stale' ? statusTag('stale') : el('span', { class: 'muted' }, c.migrationStatus || ''),
        el('div', { class: 'muted' }, 'last heartbeat ', when(c.lastHeartbeat)))))))));
}

/// The running rotation's progress, pushed by the host as it changes; the consumer groups are read again when it moves,
/// at most once a second.
function follow(path, section, consumers, versions) {
  const bar = el('progress', { id: 'migration', max: 1, value: 0 });
  const text = el('div', { id: 'migration-text' }, 'waiting for the host...');
  section.hidden = false;
  section.replaceChildren(el('h2', {}, 'Migration'), bar, text);
  let lastRead = 0, pending = null;
  const readConsumers = () => {
    const wait = Math.max(0, 1000 - (Date.now() - lastRead));
    if (pending) return;
    pending = setTimeout(async () => { pending = null; lastRead = Date.now(); try { await renderConsumers(consumers, path); } catch { /* the next change tries again */ } }, wait);
  };
  const stop = stream(secretRoute(path) + ':watch', item => {
    if (item.progress) {
      const p = item.progress;
      bar.max = Math.max(1, p.total || 0); bar.value = p.migrated || 0;
      text.textContent = (p.migrated || 0) + ' of ' + (p.total || 0) + ' consumers on the new version, ' + (p.stale || 0) + ' stale (' + p.phase + ')';
      readConsumers();
    } else if (item.result) {
      bar.max = 1; bar.value = 1;
      text.replaceChildren('Rotation ended: ', statusTag(item.result.status), item.result.error ? ' - ' + item.result.error : '');
      readConsumers();
      api('GET', secretRoute(path)).then(s => renderVersions(versions, s)).catch(() => {});
    }
  }, error => { if (error) text.textContent = 'Progress stream ended: ' + error.message; });
  leaving.push(stop);
}

async function historyPage(path) {
  const history = await api('GET', secretRoute(path) + ':history');
  let previous = null;
  main.replaceChildren(el('h1', {}, 'History of ', el('a', { href: '#/secret' + path }, path)),
    el('ol', { class: 'timeline', id: 'timeline' }, (history.events || []).map(e => {
      const at = new Date(e.at);
      const gap = previous ? (at - previous) / 1000 : null;
      previous = at;
      return el('li', {}, el('div', {}, el('strong', {}, e.type), ' ', el('span', { class: 'muted' }, when(e.at), gap !== null ? ' (+' + span(gap + 's') + ')' : '')),
        el('div', {}, e.summary));
    })));
}

async function reportPage(path, params) {
  const rotation = params.get('rotation');
  const r = await api('GET', secretRoute(path) + ':report' + (rotation ? '?rotationId=' + encodeURIComponent(rotation) : ''));
  const choose = el('select', { 'aria-label': 'rotation', onchange: e => { location.hash = '#/report' + path + '?rotation=' + encodeURIComponent(e.target.value); } },
    (r.rotations || []).map(id => el('option', { value: id, selected: id === r.rotationId }, id)));
  const list = names => (names && names.length ? names.join(', ') : 'none');
  main.replaceChildren(el('h1', {}, 'Migration report of ', el('a', { href: '#/secret' + path }, path)), el('div', { class: 'row' }, 'Rotation ', choose),
    el('section', { class: 'card' }, el('dl', { class: 'kv' },
      el('dt', {}, 'strategy'), el('dd', {}, r.strategy + ' by ' + r.by + ' (' + r.trigger + ')'),
      el('dt', {}, 'versions'), el('dd', {}, 'v' + r.oldVersion + ' -> ' + (r.newVersion !== undefined ? 'v' + r.newVersion : '?')),
      el('dt', {}, 'started'), el('dd', {}, when(r.startedAt)),
      el('dt', {}, 'switch'), el('dd', {}, r.switchAt ? r.switchKind + ' at ' + when(r.switchAt) : 'not yet'),
      el('dt', {}, 'outcome'), el('dd', {}, statusTag(r.outcome), r.endedAt ? ' at ' + when(r.endedAt) : '', r.error ? ' - ' + r.error : ''),
      el('dt', {}, 'moved'), el('dd', { id: 'moved-count' }, String((r.moved || []).length), ' (median ', span(r.medianMove), ', p90 ', span(r.p90Move), ', slowest ', span(r.slowestMove), ')'),
      el('dt', {}, 'not moved'), el('dd', {}, list(r.notMoved)), el('dt', {}, 'stuck at the timeout'), el('dd', {}, list(r.stuck)),
      el('dt', {}, 'stale now'), el('dd', {}, list(r.stale)), el('dt', {}, 'went away'), el('dd', {}, list(r.gone)),
      el('dt', {}, 'joined on the new version'), el('dd', {}, list(r.joinedOnNew)))),
    el('h2', {}, 'Time to migrate'), chart(r.distribution || []),
    el('h2', {}, 'Slowest first'), el('table', {}, head('consumer', 'from', 'to', 'moved at', 'after switch'),
      el('tbody', {}, (r.moved || []).slice().reverse().map(m => el('tr', {}, el('td', {}, m.consumerId), el('td', {}, 'v' + m.fromVersion), el('td', {}, 'v' + m.toVersion),
        el('td', {}, when(m.at)), el('td', {}, span(m.afterSwitch)))))));
}

/// A bar chart of the time-to-migrate buckets, drawn as SVG elements (no inline style: the CSP allows none).
function chart(buckets) {
  const width = 640, height = 200, bottom = 30, barWidth = width / Math.max(1, buckets.length);
  const most = Math.max(1, ...buckets.map(b => b.count || 0));
  return svg('svg', { class: 'chart', id: 'distribution', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'consumers by time to migrate' },
    ...buckets.flatMap((b, i) => {
      const h = (height - bottom - 20) * (b.count || 0) / most;
      const x = i * barWidth + 10;
      return [svg('rect', { x, y: height - bottom - h, width: barWidth - 20, height: h, 'data-count': b.count || 0 }),
        svg('text', { x: x + (barWidth - 20) / 2, y: height - bottom - h - 4, 'text-anchor': 'middle' }, String(b.count || 0)),
        svg('text', { x: x + (barWidth - 20) / 2, y: height - 10, 'text-anchor': 'middle' }, b.label)];
    }));
}

async function clusterPage() {
  const [cluster, shards] = await Promise.all([api('GET', '/v1/cluster'), api('GET', '/v1/cluster/shards')]);
  const perNode = new Map((shards.regions || []).map(r => [r.address, r]));
  main.replaceChildren(el('h1', {}, 'Cluster'),
    el('p', {}, 'Leader: ', cluster.leader || 'none', ' - unreachable: ', (cluster.unreachable || []).join(', ') || 'none'),
    el('table', { id: 'members' }, head('member', 'status', 'roles', 'shards', 'secrets'),
      el('tbody', {}, (cluster.members || []).map(m => {
        const region = [...perNode.entries()].find(([address]) => m.address.endsWith(address) || address.endsWith(m.address))?.[1] || perNode.get(m.address);
        return el('tr', {}, el('td', {}, m.address), el('td', {}, statusTag(m.status)), el('td', {}, (m.roles || []).join(', ')),
          el('td', {}, region ? String((region.shards || []).length) : '-'), el('td', {}, region ? String(region.entities || 0) : '-'));
      }))));
}

// ---- routing -------------------------------------------------------------------------------------------------------

async function route() {
  takeTokenFromAddress();
  for (const stop of leaving) stop();
  leaving = [];
  document.getElementById('signout').hidden = !token();
  if (!token()) { main.replaceChildren(loginForm()); return; }
  main.replaceChildren(el('p', { class: 'muted' }, 'Loading...'));
  try {
    const hash = decodeURIComponent(location.hash.slice(1) || '/secrets');
    const [where, query] = hash.split('?');
    const params = new URLSearchParams(query || '');
    // A path with an empty, '.' or '..' segment would be resolved by the browser into another route than the one shown.
    const path = where.replace(/^\/(secret|history|report)(?=\/)/, '');
    if (path !== where && path.split('/').slice(1).some(s => s === '' || s === '.' || s === '..')) throw new Error('Not a secret path: ' + path);
    if (where.startsWith('/secret/')) await secretPage(path);
    else if (where.startsWith('/history/')) await historyPage(path);
    else if (where.startsWith('/report/')) await reportPage(path, params);
    else if (where === '/cluster') await clusterPage();
    else await secretsPage(params);
  } catch (e) { showError(main, e); }
}

document.getElementById('signout').addEventListener('click', () => { sessionStorage.removeItem(TOKEN_KEY); route(); });
window.addEventListener('hashchange', route);
route();
