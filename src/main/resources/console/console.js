// The livernode console: reads the JSON API every few seconds and renders it with DOM calls (textContent only,
// so nothing from a data set can become markup). Actions send the admin token in a header, never a cookie.
'use strict';

const REFRESH_MS = 5000;
let selectedJob = null;

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

function row(cells) {
  const tr = document.createElement('tr');
  for (const cell of cells) {
    const td = document.createElement('td');
    if (cell instanceof Node) td.appendChild(cell); else td.textContent = cell === null || cell === undefined ? '' : String(cell);
    tr.appendChild(td);
  }
  return tr;
}

function stateBadge(state) {
  return el('span', state, 'state state-' + String(state).replace(/ /g, '-'));
}

// A finding's reason is a label such as "cut_by_field_of_view"; the page shows its words.
function reasonWords(label) {
  return String(label).replace(/_/g, ' ');
}

function volume(qc) {
  return qc.volumeMl + ' mL' + (qc.withinScannedRangeOnly ? ' within scanned range' : '');
}

// The job list's QC cell: the outcome, the reasons for a REVIEW, and the liver volume.
function qcSummary(qc) {
  if (!qc) return '';
  const cell = el('span');
  cell.appendChild(el('span', qc.outcome, 'qc qc-' + qc.outcome.toLowerCase()));
  const reasons = qc.findings.map(f => reasonWords(f.reason)).join(', ');
  cell.appendChild(document.createTextNode(' ' + (reasons ? reasons + ' · ' : '') + volume(qc)));
  return cell;
}

// The job view's QC facts: the outcome and volume, then each finding's detail.
function qcDetail(qc) {
  const node = el('div');
  node.appendChild(el('span', qc.outcome, 'qc qc-' + qc.outcome.toLowerCase()));
  node.appendChild(document.createTextNode(' liver ' + volume(qc)));
  if (qc.findings.length > 0) {
    const list = el('ul', null, 'findings');
    for (const f of qc.findings) {
      const item = el('li');
      item.appendChild(el('strong', reasonWords(f.reason)));
      item.appendChild(document.createTextNode(': ' + f.detail));
      list.appendChild(item);
    }
    node.appendChild(list);
  }
  return node;
}

function time(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return d.toLocaleString();
}

function bytes(n) {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return n.toFixed(i === 0 ? 0 : 1) + ' ' + units[i];
}

function timings(stageMillis) {
  if (!stageMillis) return '';
  return Object.entries(stageMillis).filter(([, ms]) => ms > 0).map(([stage, ms]) => stage + ' ' + ms + ' ms').join(' · ');
}

function fill(tableId, rows, emptyText, columns) {
  const body = document.querySelector('#' + tableId + ' tbody');
  body.replaceChildren();
  if (rows.length === 0) {
    const tr = row([emptyText]);
    tr.firstChild.colSpan = columns;
    tr.className = 'empty';
    body.appendChild(tr);
  }
  for (const r of rows) body.appendChild(r);
}

async function getJson(path) {
  const response = await fetch(path, { headers: { 'Accept': 'application/json' } });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.status);
  return body;
}

function showMessage(text, ok) {
  const message = document.getElementById('message');
  message.textContent = text;
  message.className = ok ? 'ok' : 'error';
}

async function action(path, what) {
  const token = sessionStorage.getItem('livernode-token');
  const headers = {};
  if (token) headers['Authorization'] = 'Bearer ' + token;
  try {
    const response = await fetch(path, { method: 'POST', headers });
    const body = await response.json();
    if (response.ok) {
      showMessage(what + ': ' + body.result, true);
    } else {
      showMessage(what + ' refused (' + response.status + '): ' + body.error, false);
    }
  } catch (e) {
    showMessage(what + ' failed: ' + e.message, false);
  }
  refresh();
}

async function loadHealth() {
  const h = await getJson('/api/health');
  const status = document.getElementById('node-status');
  status.textContent = h.status;
  status.className = 'badge ' + (h.status === 'UP' ? 'up' : 'down');
  const list = document.getElementById('health-list');
  list.replaceChildren();
  const facts = [
    ['DICOM SCP', (h.scp.listening ? 'listening' : 'NOT listening') + ' as ' + h.scp.aeTitle + ' on port ' + h.scp.port],
    ['Model', h.model + ' on ' + h.device],
    ['Spool', bytes(h.spool.freeBytes) + ' free of ' + bytes(h.spool.totalBytes)],
    ['Actions', h.actions],
  ];
  for (const [k, v] of facts) { list.appendChild(el('dt', k)); list.appendChild(el('dd', v)); }
  fill('destinations-table', h.destinations.map(d => row([
    d.name, d.aeTitle, d.address + (d.tls ? ' (TLS)' : ''),
    d.checkedAt === null ? el('span', 'being checked', 'state')
      : el('span', d.reachable ? 'answers in ' + d.echoMillis + ' ms' : 'unreachable: ' + d.error, 'state ' + (d.reachable ? 'up' : 'down')),
    time(d.checkedAt)])), 'no destinations configured', 5);
}

async function loadJobs() {
  const body = await getJson('/api/jobs?limit=50');
  document.getElementById('jobs-count').textContent = '(' + body.jobsOnRecord + ' on record)';
  fill('jobs-table', body.jobs.map(j => {
    const d = j.deliveries;
    const deliveries = d ? [d.delivered + ' delivered', d.pending ? d.pending + ' pending' : '', d.held ? d.held + ' held' : '',
      d.dead ? d.dead + ' given up' : '', d.discarded ? d.discarded + ' discarded' : ''].filter(s => s).join(', ') : '';
    const tr = row([stateBadge(j.state), qcSummary(j.qc), el('span', j.seriesInstanceUid, 'uid'), j.instances, time(j.createdAt),
      (j.rules || []).join(', '), deliveries, timings(j.stageMillis), j.reason]);
    if (j.jobId) {
      tr.className = 'job' + (j.jobId === selectedJob ? ' selected' : '');
      tr.dataset.jobId = j.jobId;
      tr.addEventListener('click', () => { selectedJob = j.jobId; loadJob(); loadJobs(); });
    }
    return tr;
  }), 'no series received yet', 9);
}

async function loadJob() {
  const section = document.getElementById('job');
  if (!selectedJob) { section.hidden = true; return; }
  const j = await getJson('/api/jobs/' + encodeURIComponent(selectedJob));
  section.hidden = false;
  document.getElementById('job-id').textContent = j.jobId;
  const facts = document.getElementById('job-facts');
  facts.replaceChildren();
  const received = j.received || {};
  const entries = [
    ['State', stateBadge(j.state)],
    ['Quality check', j.qc ? qcDetail(j.qc) : '(none: no outputs)'],
    ['Series', el('span', j.seriesInstanceUid, 'uid')],
    ['Received', j.instances + ' instances' + (received.instancesInSpool !== j.instances ? ' (' + received.instancesInSpool + ' in the spool now)' : '')],
    ['Description', received.seriesDescription || ''],
    ['Modality', received.modality || ''],
    ['Rules', (j.rules || []).join(', ') || '(none)'],
    ['Model', j.model || '(none ran)'],
    ['Outputs', (j.outputs || []).join(', ') || '(none)'],
    ['Timings', timings(j.stageMillis) || '(not in the recent audit log)'],
    ['Created', time(j.createdAt)],
  ];
  if (j.reason) entries.push(['Reason', j.reason]);
  if (received.patient) {
    entries.push(['Patient', received.patient.name + ' (' + received.patient.id + '), born ' + received.patient.birthDate]);
    entries.push(['Accession', received.patient.accessionNumber]);
  }
  for (const [k, v] of entries) {
    facts.appendChild(el('dt', k));
    const dd = el('dd');
    if (v instanceof Node) dd.appendChild(v); else dd.textContent = v;
    facts.appendChild(dd);
  }
  const preview = document.getElementById('preview');
  const caption = document.getElementById('preview-caption');
  if (j.preview) {
    const src = '/api/jobs/' + encodeURIComponent(j.jobId) + '/preview.png?at=' + encodeURIComponent(j.createdAt);
    if (preview.getAttribute('src') !== src) preview.setAttribute('src', src);
    preview.hidden = false;
    caption.textContent = 'Axial slices through the mask, soft-tissue window, mask outline in orange.';
  } else {
    preview.removeAttribute('src');
    preview.hidden = true;
    caption.textContent = 'No preview: the job made no SEG or RTSTRUCT.';
  }
  const held = [...new Set((j.deliveryList || []).filter(d => d.state === 'held').map(d => d.destination))];
  document.getElementById('held-notice').hidden = held.length === 0;
  document.getElementById('held-text').textContent = 'Held for review: nothing was sent to ' + held.join(', ')
    + '. Release sends it; discard never sends it.';
  fill('job-deliveries', (j.deliveryList || []).map(d => row([d.destination, d.file, stateBadge(d.state), d.attempts, d.lastError])),
    'nothing to deliver', 5);
}

async function loadOutbox() {
  const body = await getJson('/api/outbox');
  fill('outbox-table', body.pending.map(d => row([d.destination, d.file, el('span', d.jobId, 'uid'), d.attempts, time(d.nextAttempt), d.lastError])),
    'nothing waiting to be delivered', 6);
}

async function loadDeadLetters() {
  const body = await getJson('/api/dead-letters');
  fill('dead-letters-table', body.deadLetters.map(l => {
    const button = el('button', 'Resend', 'resend');
    button.type = 'button';
    button.dataset.id = l.id;
    button.addEventListener('click', () => action('/api/dead-letters/' + encodeURIComponent(l.id) + '/resend', 'Resend of ' + l.file));
    return row([l.destination, l.file, el('span', l.jobId, 'uid'), l.reason, button]);
  }), 'no dead letters', 5);
}

async function refresh() {
  const parts = [loadHealth, loadJobs, loadJob, loadOutbox, loadDeadLetters];
  const results = await Promise.allSettled(parts.map(part => part()));
  const failed = results.filter(r => r.status === 'rejected');
  document.body.dataset.loaded = failed.length === 0 ? 'yes' : 'partly';
  if (failed.length > 0) console.warn('console refresh:', failed.map(r => r.reason.message).join('; '));
}

document.addEventListener('DOMContentLoaded', () => {
  const input = document.getElementById('token');
  input.value = sessionStorage.getItem('livernode-token') || '';
  document.getElementById('token-form').addEventListener('submit', event => {
    event.preventDefault();
    if (input.value) sessionStorage.setItem('livernode-token', input.value); else sessionStorage.removeItem('livernode-token');
    showMessage(input.value ? 'Token set for this tab.' : 'Token cleared: actions will be refused.', true);
  });
  document.getElementById('rerun').addEventListener('click', () => {
    if (selectedJob) action('/api/jobs/' + encodeURIComponent(selectedJob) + '/rerun', 'Re-run of job ' + selectedJob);
  });
  document.getElementById('release').addEventListener('click', () => {
    if (selectedJob) action('/api/jobs/' + encodeURIComponent(selectedJob) + '/release', 'Release of job ' + selectedJob);
  });
  document.getElementById('discard').addEventListener('click', () => {
    if (selectedJob) action('/api/jobs/' + encodeURIComponent(selectedJob) + '/discard', 'Discard of job ' + selectedJob);
  });
  refresh();
  setInterval(refresh, REFRESH_MS);
});
