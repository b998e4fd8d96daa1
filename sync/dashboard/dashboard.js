// dashboard.js — the data team's view of the suppressed counts.
//
// Talks only to the collector's own /api/v1/aggregates and /meta with the
// read token pasted once (kept in sessionStorage: gone when the tab closes).
// Draws inline SVG bar charts itself; a suppressed count (null in the API)
// is a hatched stub marked "." in the charts and "." in the tables, as CBS
// does. Text from the server is only ever set with textContent.
'use strict';

// Every word the page shows, in one place.
const STRINGS = {
  title: 'Signalen in Twente',
  forget: 'Token vergeten',
  loginTitle: 'Inloggen met het leestoken',
  loginHelp: 'Plak het leestoken dat u van de beheerder van de collector kreeg. ' +
    'Het blijft alleen in dit tabblad bewaard.',
  tokenLabel: 'Leestoken van het datateam',
  tokenSubmit: 'Openen',
  tokenUnknown: 'Dit token wordt niet herkend. Controleer het of vraag een nieuw token aan.',
  tokenSubmitKind: 'Dit is het token van een tablet (om tellingen in te sturen). ' +
    'Voor het dashboard is een leestoken van het datateam nodig.',
  checklist: 'Vragenlijst',
  year: 'Jaar',
  period: 'Periode',
  periods: { month: 'Maand', quarter: 'Kwartaal', year: 'Jaar' },
  periodNoun: { month: 'maand', quarter: 'kwartaal', year: 'jaar' },
  area: 'Gebied',
  wholeRegion: 'Heel Twente',
  domain: 'Domein (per gemeente)',
  allDomains: 'Alle domeinen',
  measure: 'Telling',
  measures: {
    signals: 'Signalen (≥ aandacht)',
    aandacht: 'Aandacht',
    zorg: 'Zorg',
    acuut: 'Acuut',
    assessed: 'Beoordeeld (alle niveaus)',
  },
  measureShort: { signals: 'Signalen', aandacht: 'Aandacht', zorg: 'Zorg', acuut: 'Acuut', assessed: 'Beoordeeld' },
  byDomainTitle: (measure, period, area) => `${measure} per domein per ${period} – ${area}`,
  byAreaTitle: (measure, period, domain) => `${measure} per gemeente per ${period} – ${domain}`,
  tableSummary: 'Tabel',
  tableDomain: 'Domein',
  tableArea: 'Gemeente',
  csv: 'Download CSV (Excel)',
  loading: 'Tellingen laden…',
  loaded: (year) => `Tellingen van ${year} geladen.`,
  noYears: 'Er zijn nog geen tellingen ontvangen.',
  failed: (why) => `De tellingen konden niet worden geladen: ${why}`,
  suppressed: 'afgeschermd',
  suppressedMark: '.',
  key: (minimum) => `“.” = afgeschermd (minder dan ${minimum}, of nodig om dat te beschermen)`,
  legend: (minimum, rounded) => `“.” = afgeschermd: minder dan ${minimum}, of verborgen zodat een ` +
    'afgeschermd aantal niet uit andere cijfers terug te rekenen is. Een 0 betekent: niemand. ' +
    (rounded > 1 ? `Aantallen zijn afgerond op ${rounded}. ` : '') +
    'Een telling telt beoordelingen per domein: één bezoek met signalen in drie domeinen telt bij elk domein één keer.',
  chartLabel: (title, parts) => `${title}: ${parts}`,
  months: ['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'],
  quarter: (q) => `K${q}`,
};

const TOKEN_KEY = 'veldwijzer.leestoken';
const MEASURES = ['signals', 'aandacht', 'zorg', 'acuut', 'assessed'];
const SVG_NS = 'http://www.w3.org/2000/svg';

const $ = (id) => document.getElementById(id);
const state = { meta: null, renderId: 0 };

class AuthError extends Error {
  constructor(status) {
    super(`HTTP ${status}`);
    this.status = status;
  }
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v);
  }
  for (const child of children) node.append(child);
  return node;
}

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

// Counts as Dutch readers expect, with a thin space between thousands so
// that a dot only ever means "suppressed".
function formatCount(n) {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
}

function periodLabel(period) {
  if (/^\d{4}-\d{2}$/.test(period)) return STRINGS.months[Number(period.slice(5)) - 1];
  if (/^\d{4}-Q\d$/.test(period)) return STRINGS.quarter(period.slice(6));
  return period;
}

// ---- The API

function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

async function api(path, params = {}) {
  const url = new URL(path, window.location.origin);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  const res = await fetch(url, { headers: { Authorization: `Bearer ${token()}` }, cache: 'no-store' });
  if (res.status === 401 || res.status === 403) throw new AuthError(res.status);
  if (!res.ok) {
    let message = `HTTP ${res.status}`;
    try { message = (await res.json()).message || message; } catch { /* not JSON */ }
    throw new Error(message);
  }
  return res;
}

// ---- Login

function showLogin(errorText = '') {
  $('board').hidden = true;
  $('forget').hidden = true;
  $('login').hidden = false;
  $('login-error').textContent = errorText;
  $('token').value = '';
  $('token').focus();
}

function handleAuthError(e) {
  if (!(e instanceof AuthError)) return false;
  sessionStorage.removeItem(TOKEN_KEY);
  showLogin(e.status === 403 ? STRINGS.tokenSubmitKind : STRINGS.tokenUnknown);
  return true;
}

async function start() {
  $('login').hidden = true;
  try {
    state.meta = await (await api('/api/v1/aggregates/meta')).json();
  } catch (e) {
    if (!handleAuthError(e)) {
      showLogin(STRINGS.failed(e.message));
    }
    return;
  }
  $('forget').hidden = false;
  $('board').hidden = false;
  fillControls();
  await render();
}

// ---- Controls

function option(value, text) {
  return el('option', { value, text });
}

function fillControls() {
  const { meta } = state;
  const checklist = $('checklist');
  checklist.replaceChildren(...meta.checklists.map((c) => option(c.id, c.title || c.id)));

  const year = $('year');
  const years = [...meta.years].sort((a, b) => b - a);
  if (years.length === 0) years.push(new Date().getFullYear());
  year.replaceChildren(...years.map((y) => option(String(y), String(y))));

  const period = $('period');
  period.replaceChildren(...Object.entries(STRINGS.periods).map(([value, text], i) => {
    const id = `period-${value}`;
    const input = el('input', { type: 'radio', name: 'period', id, value });
    if (i === 0) input.checked = true;
    return el('span', {}, input, el('label', { for: id, text }));
  }));

  $('area').replaceChildren(option('twente', STRINGS.wholeRegion),
    ...meta.municipalities.map((m) => option(m.code, m.name)));
  $('measure').replaceChildren(...MEASURES.map((m) => option(m, STRINGS.measures[m])));
  fillDomains();
}

function currentChecklist() {
  return state.meta.checklists.find((c) => c.id === $('checklist').value);
}

function fillDomains() {
  const list = currentChecklist();
  const domains = list ? list.domains : [];
  $('domain').replaceChildren(option('all', STRINGS.allDomains),
    ...domains.map((d) => option(d.id, d.title ? `${d.id} ${d.title}` : d.id)));
}

function selection() {
  return {
    checklist: $('checklist').value,
    year: $('year').value,
    period: document.querySelector('input[name="period"]:checked').value,
    area: $('area').value,
    domain: $('domain').value,
    measure: $('measure').value,
  };
}

// ---- Drawing

// Periods of the chosen roll-up in one year, in order.
function periodsOf(year, period) {
  if (period === 'month') return STRINGS.months.map((_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
  if (period === 'quarter') return [1, 2, 3, 4].map((q) => `${year}-Q${q}`);
  return [String(year)];
}

// A round axis maximum at or above max: 10, 15, 20, 25, 30, 40, 50, 75, 100, ...
function niceCeiling(max) {
  if (max <= 10) return 10;
  const unit = 10 ** Math.floor(Math.log10(max));
  const step = [1, 1.5, 2, 2.5, 3, 4, 5, 7.5, 10].find((s) => s * unit >= max);
  return step * unit;
}

// panels: [{ title, values: Map(period -> number | null), total }]. The parts
// share one y scale so they compare at a glance; a total has its own.
function drawMultiples(container, panels, periods) {
  const W = 290, H = 150, left = 34, right = 6, top = 18, bottom = 22;
  const plotW = W - left - right, plotH = H - top - bottom;
  const maxOf = (list) => Math.max(0, ...list.flatMap((p) => [...p.values.values()].filter((v) => v !== null)));
  const partsMax = niceCeiling(maxOf(panels.filter((p) => !p.total)));
  const band = plotW / periods.length;
  const barW = Math.max(4, Math.min(36, band * 0.7));
  const figures = panels.map((panel) => {
    const niceMax = panel.total ? niceCeiling(maxOf([panel])) : partsMax;
    const parts = periods.map((period) => {
      const v = panel.values.get(period);
      return `${periodLabel(period)} ${v === null ? STRINGS.suppressed : formatCount(v ?? 0)}`;
    }).join(', ');
    const chart = svg('svg', {
      viewBox: `0 0 ${W} ${H}`, role: 'img',
      'aria-label': STRINGS.chartLabel(panel.title, parts),
    });
    // Axis: zero line, top gridline with its value.
    chart.append(svg('line', { x1: left, x2: W - right, y1: top + plotH, y2: top + plotH, class: 'axis' }));
    chart.append(svg('line', { x1: left, x2: W - right, y1: top, y2: top, class: 'grid' }));
    chart.append(svg('text', { x: left - 4, y: top + 4, class: 'tick', 'text-anchor': 'end' }, formatCount(niceMax)));
    chart.append(svg('text', { x: left - 4, y: top + plotH + 4, class: 'tick', 'text-anchor': 'end' }, '0'));
    periods.forEach((period, i) => {
      const v = panel.values.has(period) ? panel.values.get(period) : 0;
      const x = left + band * i + (band - barW) / 2;
      const cx = left + band * (i + 0.5);
            if (v === null) {
        const h = 12;
        chart.append(svg('rect', { x, y: top + plotH - h, width: barW, height: h, class: 'bar-suppressed' }));
        chart.append(svg('text', { x: cx, y: top + plotH - h - 3, class: 'bar-label suppressed', 'text-anchor': 'middle' }, STRINGS.suppressedMark));
      } else {
        const h = niceMax > 0 ? (v / niceMax) * plotH : 0;
        if (h > 0) chart.append(svg('rect', { x, y: top + plotH - h, width: barW, height: h, class: 'bar' }));
        chart.append(svg('text', { x: cx, y: top + plotH - h - 3, class: 'bar-label', 'text-anchor': 'middle' }, formatCount(v)));
      }
      chart.append(svg('text', { x: cx, y: H - 6, class: 'tick', 'text-anchor': 'middle' }, periodLabel(period)));
    });
    return el('figure', { class: panel.total ? 'panel total' : 'panel' }, el('figcaption', { text: panel.title }), chart);
  });
  container.replaceChildren(...figures);
}

function drawTable(container, caption, rowHeader, rows, periods) {
  const head = el('tr', {}, el('th', { scope: 'col', text: rowHeader }),
    ...periods.map((p) => el('th', { scope: 'col', text: periodLabel(p) })));
  const body = rows.map((row) => el('tr', { class: row.total ? 'total' : '' },
    el('th', { scope: 'row', text: row.title }),
    ...periods.map((p) => {
      const v = row.values.has(p) ? row.values.get(p) : 0;
      if (v === null) {
        return el('td', { class: 'suppressed' }, el('abbr', { title: STRINGS.suppressed, text: STRINGS.suppressedMark }));
      }
      return el('td', { text: formatCount(v) });
    })));
  container.replaceChildren(el('table', {}, el('caption', { text: caption }), el('thead', {}, head),
    el('tbody', {}, ...body)));
}

// Groups API rows by one key into Map(key -> Map(period -> count)).
function group(rows, keyOf, measure) {
  const out = new Map();
  for (const row of rows) {
    const key = keyOf(row);
    if (!out.has(key)) out.set(key, { row, values: new Map() });
    out.get(key).values.set(row.period, row.counts[measure]);
  }
  return out;
}

function requestParams(sel, extra) {
  return {
    checklist: sel.checklist, from: `${sel.year}-01`, to: `${sel.year}-12`, period: sel.period, ...extra,
  };
}

function domainParams(sel, withDomain) {
  return sel.area === 'twente' ? { geo: 'twente', domain: withDomain } : { geo: 'municipality', municipality: sel.area, domain: withDomain };
}

async function render() {
  const id = ++state.renderId;
  const sel = selection();
  const status = $('status');
  status.textContent = STRINGS.loading;
  if (state.meta.years.length === 0) status.textContent = STRINGS.noYears;
  const measureName = STRINGS.measureShort[sel.measure];
  const periodNoun = STRINGS.periodNoun[sel.period];
  const areaName = $('area').selectedOptions[0].textContent;
  const domainName = $('domain').selectedOptions[0].textContent;
  $('by-domain-title').textContent = STRINGS.byDomainTitle(measureName, periodNoun, areaName);
  $('by-area-title').textContent = STRINGS.byAreaTitle(measureName, periodNoun, domainName);
  $('legend').textContent = STRINGS.legend(state.meta.suppression.minimum_cell, state.meta.suppression.rounded_to);
  $('key-text').textContent = STRINGS.key(state.meta.suppression.minimum_cell);
  const level = { level: sel.measure };
  try {
    const [eachDomain, allDomains, eachArea, region] = await Promise.all([
      api('/api/v1/aggregates', requestParams(sel, { ...domainParams(sel, 'each'), ...level })),
      api('/api/v1/aggregates', requestParams(sel, { ...domainParams(sel, 'all'), ...level })),
      api('/api/v1/aggregates', requestParams(sel, { geo: 'municipality', domain: sel.domain, ...level })),
      api('/api/v1/aggregates', requestParams(sel, { geo: 'twente', domain: sel.domain, ...level })),
    ].map((p) => p.then((res) => res.json())));
    if (id !== state.renderId) return; // a newer selection is on its way
    const periods = periodsOf(sel.year, sel.period);

    const list = currentChecklist();
    const titles = new Map((list ? list.domains : []).map((d) => [d.id, d.title]));
    const byDomain = [...group(eachDomain.rows, (r) => r.domain, sel.measure).entries()].map(([domainId, g]) => ({
      title: titles.get(domainId) ? `${domainId} ${titles.get(domainId)}` : domainId, values: g.values,
    }));
    for (const g of group(allDomains.rows, () => 'all', sel.measure).values()) {
      byDomain.push({ title: STRINGS.allDomains, values: g.values, total: true });
    }
    drawMultiples($('by-domain-chart'), byDomain, periods);
    drawTable($('by-domain-table'), $('by-domain-title').textContent, STRINGS.tableDomain, byDomain, periods);

    const byArea = [...group(eachArea.rows, (r) => r.area, sel.measure).values()].map((g) => ({
      title: g.row.area_name, values: g.values,
    }));
    for (const g of group(region.rows, () => 'twente', sel.measure).values()) {
      byArea.push({ title: STRINGS.wholeRegion, values: g.values, total: true });
    }
    drawMultiples($('by-area-chart'), byArea, periods);
    drawTable($('by-area-table'), $('by-area-title').textContent, STRINGS.tableArea, byArea, periods);
    if (state.meta.years.length > 0) status.textContent = STRINGS.loaded(sel.year);
  } catch (e) {
    if (id !== state.renderId || handleAuthError(e)) return;
    status.textContent = STRINGS.failed(e.message);
  }
}

async function downloadCsv(which) {
  const sel = selection();
  const params = which === 'domain'
    ? requestParams(sel, { ...domainParams(sel, 'each'), format: 'csv' })
    : requestParams(sel, { geo: 'municipality', domain: sel.domain, format: 'csv' });
  try {
    const res = await api('/api/v1/aggregates', params);
    const blob = await res.blob();
    const name = (res.headers.get('Content-Disposition') || '').match(/filename="([^"]+)"/)?.[1] || 'veldwijzer.csv';
    const link = el('a', { href: URL.createObjectURL(blob), download: name });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  } catch (e) {
    if (!handleAuthError(e)) $('status').textContent = STRINGS.failed(e.message);
  }
}

// ---- Start

function setTexts() {
  document.title = `Veldwijzer – ${STRINGS.title}`;
  const texts = {
    title: STRINGS.title, forget: STRINGS.forget, 'login-title': STRINGS.loginTitle, 'login-help': STRINGS.loginHelp,
    'token-label': STRINGS.tokenLabel, 'token-submit': STRINGS.tokenSubmit, 'checklist-label': STRINGS.checklist,
    'year-label': STRINGS.year, 'period-label': STRINGS.period, 'area-label': STRINGS.area,
    'domain-label': STRINGS.domain, 'measure-label': STRINGS.measure, 'csv-domain': STRINGS.csv,
    'csv-area': STRINGS.csv, 'by-domain-summary': STRINGS.tableSummary, 'by-area-summary': STRINGS.tableSummary,
  };
  for (const [id, text] of Object.entries(texts)) $(id).textContent = text;
}

document.addEventListener('DOMContentLoaded', () => {
  setTexts();
  $('token-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const value = $('token').value.trim();
    if (!value) return;
    sessionStorage.setItem(TOKEN_KEY, value);
    start();
  });
  $('forget').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    showLogin();
  });
  $('checklist').addEventListener('change', () => { fillDomains(); render(); });
  $('controls').addEventListener('change', (e) => { if (e.target.id !== 'checklist') render(); });
  $('controls').addEventListener('submit', (e) => e.preventDefault());
  $('csv-domain').addEventListener('click', () => downloadCsv('domain'));
  $('csv-area').addEventListener('click', () => downloadCsv('area'));
  if (token()) start();
  else showLogin();
});
