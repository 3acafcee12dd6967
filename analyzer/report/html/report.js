// amtdiag HTML report: the parts drawn from the embedded JSON report (devices, all findings,
// timelines) and the filters. Inline in the page, allowed by its hash in the Content-Security-
// Policy. Rules this file keeps:
// - text from the report reaches the page only through textContent (never innerHTML), after
//   safe(), which shows controls and bidi overrides as visible escapes (the C++ side does the
//   same with safe_text());
// - the data blocks come after this script and the report is parsed on first need: a fleet's
//   report paints its verdict without reading them,
//   and a packed report (gzip+base64, over 4 MiB) is unpacked then, its timelines only when a
//   timeline is drawn;
// - lists are drawn a page at a time, so 10,000 devices never become 10,000 cards at once.
(function () {
  'use strict';

  var PAGE = 50;
  var STATUSES = ['fail', 'warn', 'pass', 'unknown', 'manual', 'skipped'];
  var doc = document;
  var report = null;
  var index = null;
  var unpacking = null;    // the promise of the packed report
  var timelines = null;    // the promise of the packed timelines, attached to the report

  function isPacked(block) { return block.getAttribute('data-encoding') === 'base64'; }

  // base64, then gzip: the browser's own DecompressionStream, no code of ours.
  function unpack(block) {
    var bin = atob(block.textContent);
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(stream).text();
  }

  function busy(text) {
    var note = doc.getElementById('data-status');
    if (!note) {
      note = el('p', 'more-note no-print');
      note.id = 'data-status';
      doc.getElementById('verdict').appendChild(note);
    }
    note.textContent = text;
  }

  // The data blocks follow the page's script: calls then() once the parser has read them.
  function whenParsed(then) {
    if (doc.readyState !== 'loading') return then();
    doc.addEventListener('DOMContentLoaded', function () { then(); });
  }

  // Calls then(report): at once for a plain report, once unpacked for a packed one.
  function withReport(then) {
    if (report) return then(report);
    if (doc.readyState === 'loading') return whenParsed(function () { withReport(then); });
    var block = doc.getElementById('amtdiag-report');
    if (!isPacked(block)) {
      report = JSON.parse(block.textContent);
      return then(report);
    }
    if (!unpacking) {
      busy('Unpacking the report (' + Math.round(block.textContent.length / 1048576) + ' MB packed)…');
      unpacking = unpack(block).then(function (text) {
        report = JSON.parse(text);
        busy('');
        return report;
      });
    }
    unpacking.then(then);
  }

  // Calls then(devices, siteTimeline) once the timelines are on the devices. A fleet's page
  // keeps them in a block of their own, unpacked on first use onto the devices (the devices
  // block's copy, or the report's once read): drawing a timeline never waits for the findings.
  function withTimelines(then) {
    if (doc.readyState === 'loading') return whenParsed(function () { withTimelines(then); });
    var block = doc.getElementById('amtdiag-timelines');
    if (!block) return withReport(function (r) { then(r.devices, r.site_timeline || []); });
    withDevices(function (devices) {
      if (!timelines) {
        busy('Unpacking the timelines…');
        timelines = unpack(block).then(function (text) {
          busy('');
          return JSON.parse(text);
        });
      }
      timelines.then(function (t) {
        devices.forEach(function (d, i) { if (t.devices[i] && t.devices[i].length) d.timeline = t.devices[i]; });
        then(devices, t.site_timeline || []);
      });
    });
  }

  // Calls then(devices): from the packed devices block of a fleet's page (the table opens
  // without unpacking every finding), else from the report.
  var devicesUnpacking = null;
  function withDevices(then) {
    if (report) return then(report.devices);
    if (doc.readyState === 'loading') return whenParsed(function () { withDevices(then); });
    var block = doc.getElementById('amtdiag-devices');
    if (!block) return withReport(function (r) { then(r.devices); });
    if (!devicesUnpacking) {
      devicesUnpacking = unpack(block).then(function (text) { return JSON.parse(text).devices; });
    }
    devicesUnpacking.then(then);
  }

  // Whether the report holds timelines at all (a packed one keeps them in their own block).
  function hasTimelines(r) {
    return !!doc.getElementById('amtdiag-timelines') ||
        r.devices.some(function (d) { return d.timeline && d.timeline.length; }) ||
        !!(r.site_timeline && r.site_timeline.length);
  }

  // Mirrors safe_text(): C0 controls but tab, DEL, C1 controls and bidi controls.
  var UNSAFE = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
  function hex(c, width) {
    var h = c.toString(16).toUpperCase();
    while (h.length < width) h = '0' + h;
    return h;
  }
  function safe(text) {
    if (text === null || text === undefined) return '';
    return String(text).replace(UNSAFE, function (ch) {
      var c = ch.charCodeAt(0);
      if (c === 10) return '\\n';
      if (c === 13) return '\\r';
      if (c === 27) return '\\e';
      if (c < 0x80) return '\\x' + hex(c, 2);
      return '\\u' + hex(c, 4);
    });
  }

  function el(tag, cls, text) {
    var e = doc.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = safe(text);
    return e;
  }
  // The SVG namespace from an <svg> the page holds: no URL appears in the page's source.
  function svg(tag, attrs) {
    var e = doc.createElementNS(doc.getElementById('svg-ns').namespaceURI, tag);
    for (var k in attrs) e.setAttribute(k, String(attrs[k]));
    return e;
  }
  function button(label, onClick) {
    var b = el('button', '', label);
    b.type = 'button';
    b.addEventListener('click', onClick);
    return b;
  }

  // The stage a finding is listed under: the stage its verdict moves, else its first.
  function reportStage(f) {
    return f.verdict_stage || (f.stage && f.stage.length ? f.stage[0] : 0);
  }

  function place(e) {
    var p = e.artifact;
    if (e.line) p += ':' + e.line;
    if (e.packet) p += ' packet ' + e.packet;
    if (e.item) p += ' item ' + e.item;
    return p;
  }

  function buildIndex(r) {
    if (index) return index;
    index = { byDevice: {}, byGroup: {} };
    r.findings.forEach(function (f, i) {
      var d = f.device || '';
      (index.byDevice[d] = index.byDevice[d] || []).push(i);
      // The page shows names through safe() (markup_text() on the C++ side): group keys
      // are the shown names, so a component with a control character still finds its group.
      var g = reportStage(f) + '|' + safe(f.component);
      (index.byGroup[g] = index.byGroup[g] || []).push(i);
    });
    return index;
  }

  // ---- one finding, the same markup the C++ side writes for the first failing stage ----
  var HEAD = 4;
  function evidenceItem(e) {
    var li = el('li');
    li.appendChild(el('span', 'where', place(e)));
    if (e.time) li.appendChild(el('span', 'time', e.time));
    li.appendChild(el('code', 'excerpt', e.excerpt));
    if (e.codes && e.codes.length) {
      var codes = el('ul', 'codes');
      e.codes.forEach(function (c) {
        var item = el('li');
        item.appendChild(el('code', '', c.code));
        item.appendChild(doc.createTextNode(' ' + safe(c.name) + ' (' + safe(c.family) + '): ' + safe(c.meaning)));
        codes.appendChild(item);
      });
      li.appendChild(codes);
    }
    return li;
  }
  function findingCard(f) {
    var card = el('article', 'finding s-' + f.status);
    var head = el('header');
    head.appendChild(el('span', 'status s-' + f.status, f.status));
    head.appendChild(el('code', 'check', f.check));
    head.appendChild(el('span', 'device', f.device || 'site'));
    head.appendChild(el('span', 'component', f.component));
    if (f.suspect_rank > 0) head.appendChild(el('span', 'suspect', 'suspected cause #' + f.suspect_rank));
    card.appendChild(head);
    card.appendChild(el('p', 'message', f.message));
    var ev = f.evidence || [];
    if (ev.length) {
      var list = el('ol', 'evidence');
      var shown = ev.length > HEAD + 1 ? HEAD : ev.length;
      for (var i = 0; i < shown; i++) list.appendChild(evidenceItem(ev[i]));
      card.appendChild(list);
      if (ev.length > shown) {
        var more = el('details');
        more.appendChild(el('summary', 'more-note', (ev.length - shown) + ' more lines'));
        var rest = el('ol', 'evidence');
        for (var j = shown; j < ev.length; j++) rest.appendChild(evidenceItem(ev[j]));
        more.appendChild(rest);
        card.appendChild(more);
      }
    }
    if (f.suspects && f.suspects.length) {
      var sus = el('p', 'suspects', 'Suspects (most likely first): ');
      f.suspects.forEach(function (c, k) {
        if (k) sus.appendChild(doc.createTextNode(', '));
        sus.appendChild(el('code', '', c));
      });
      card.appendChild(sus);
    }
    if (f.needs && f.needs.length) card.appendChild(el('p', 'needs', 'Needs: ' + f.needs.join(', ')));
    if ((f.status === 'fail' || f.status === 'warn') && f.fix) {
      var fix = el('p', 'fix');
      fix.appendChild(el('b', '', 'Fix: '));
      fix.appendChild(doc.createTextNode(safe(f.fix)));
      card.appendChild(fix);
    }
    if (f.refs && f.refs.length) card.appendChild(el('p', 'refs', 'References: ' + f.refs.join('; ')));
    return card;
  }

  // Appends items a page at a time, with a button for the next page (placed in barHost when
  // the container cannot hold a paragraph, like a table).
  function paged(container, items, draw, pageSize, barHost) {
    var shown = 0;
    var bar = el('p', 'no-print');
    var more = button('', next);
    bar.appendChild(more);
    (barHost || container).appendChild(bar);
    function next() {
      var end = Math.min(items.length, shown + pageSize);
      var frag = doc.createDocumentFragment();
      for (; shown < end; shown++) frag.appendChild(draw(items[shown]));
      if (barHost) container.appendChild(frag);
      else container.insertBefore(frag, bar);
      more.textContent = 'Show ' + Math.min(pageSize, items.length - shown) + ' more (' +
          (items.length - shown) + ' left)';
      bar.classList.toggle('hidden', shown >= items.length);
    }
    next();
  }

  // ---- filters ----
  var filter = { statuses: {}, stage: '', component: '', text: '' };
  STATUSES.forEach(function (s) { filter.statuses[s] = true; });

  function matches(f) {
    if (!filter.statuses[f.status]) return false;
    if (filter.stage && (f.stage || []).indexOf(Number(filter.stage)) < 0) return false;
    if (filter.component && safe(f.component) !== filter.component) return false;
    if (filter.text) {
      var t = filter.text;
      if (f.check.toLowerCase().indexOf(t) < 0 && (f.device || '').toLowerCase().indexOf(t) < 0 &&
          f.message.toLowerCase().indexOf(t) < 0) return false;
    }
    return true;
  }

  function readFilters() {
    var form = doc.getElementById('filters');
    if (!form) return;
    STATUSES.forEach(function (s) {
      var box = form.querySelector('input[name="status"][value="' + s + '"]');
      if (box) filter.statuses[s] = box.checked;
    });
    filter.stage = form.elements.stage ? form.elements.stage.value : '';
    filter.component = form.elements.component ? form.elements.component.value : '';
    filter.text = form.elements.text ? form.elements.text.value.trim().toLowerCase() : '';
  }

  // The static cards of the first failing stage carry their fields as data attributes.
  function filterStaticCards() {
    var cards = doc.querySelectorAll('#first-failing article.finding');
    for (var i = 0; i < cards.length; i++) {
      var c = cards[i];
      var f = {
        status: c.getAttribute('data-status'),
        stage: (c.getAttribute('data-stages') || '').split(' ').map(Number),
        component: c.getAttribute('data-component'),
        check: c.getAttribute('data-check'),
        device: c.getAttribute('data-device'),
        message: c.textContent
      };
      c.classList.toggle('hidden', !matches(f));
    }
  }

  function groupItems(r, group) {
    var ids = buildIndex(r).byGroup[group.getAttribute('data-stage') + '|' + group.getAttribute('data-component')] || [];
    return ids.map(function (i) { return r.findings[i]; }).filter(matches);
  }

  function drawGroup(r, group) {
    var box = group.querySelector('.items');
    box.textContent = '';
    paged(box, groupItems(r, group), findingCard, PAGE);
    group.setAttribute('data-drawn', '1');
  }

  function applyFilters() {
    readFilters();
    filterStaticCards();
    withReport(function (r) {
      var groups = doc.querySelectorAll('details.group[data-component]');
      var total = 0;
      for (var i = 0; i < groups.length; i++) {
        var g = groups[i];
        var n = groupItems(r, g).length;
        total += n;
        g.querySelector('.shown').textContent = n + ' shown';
        g.classList.toggle('hidden', n === 0);
        if (g.open) drawGroup(r, g); else g.removeAttribute('data-drawn');
      }
      var stages = doc.querySelectorAll('details.group[data-stage]:not([data-component])');
      for (var j = 0; j < stages.length; j++)
        stages[j].classList.toggle('hidden', !stages[j].querySelector('details.group[data-component]:not(.hidden)'));
      var summary = doc.getElementById('filter-summary');
      if (summary) summary.textContent = total + ' of ' + r.findings.length + ' findings match';
    });
  }

  function setupFindings() {
    var form = doc.getElementById('filters');
    if (form) {
      form.addEventListener('change', applyFilters);
      form.addEventListener('input', applyFilters);
      form.addEventListener('submit', function (e) { e.preventDefault(); });
    }
    var groups = doc.querySelectorAll('details.group[data-component]');
    for (var i = 0; i < groups.length; i++) {
      groups[i].addEventListener('toggle', function (e) {
        var g = e.currentTarget;
        if (g.open && !g.getAttribute('data-drawn')) withReport(function (r) { drawGroup(r, g); });
      });
    }
  }

  // The first failing stage names the devices beyond the first few; this draws them all.
  function setupMoreDevices() {
    Array.prototype.forEach.call(doc.querySelectorAll('#first-failing .more-devices'), function (box) {
      var b = box.querySelector('button');
      if (!b) return;
      b.addEventListener('click', function () {
        var check = box.getAttribute('data-check');
        var status = box.getAttribute('data-status');
        var stage = box.getAttribute('data-stage');
        withReport(function (r) {
          var list = r.findings.filter(function (f) {
            return f.check === check && f.status === status &&
                (stage === '' || f.verdict_stage === Number(stage));
          }).slice(Number(box.getAttribute('data-skip')));
          box.textContent = '';
          paged(box, list, findingCard, PAGE);
        });
      });
    });
  }

  // ---- devices ----
  function stageStrip(stages, mini, first) {
    var ol = el('ol', mini ? 'strip mini' : 'strip');
    (stages || []).forEach(function (s) {
      var li = el('li', 's-' + s.status + (s.stage === first ? ' first' : ''));
      li.title = 'stage ' + s.stage + ': ' + s.status;
      li.appendChild(el('span', 'n', s.stage));
      if (!mini) li.appendChild(el('span', 'st', s.status));
      ol.appendChild(li);
    });
    return ol;
  }

  function identities(d) {
    var dl = el('dl', 'ids');
    [['FQDN', d.fqdn], ['Host', d.host], ['UUID', d.uuid], ['MachineId', d.machine_id],
     ['IPs', (d.ips || []).join(', ')], ['MACs', (d.macs || []).join(', ')], ['Mode', d.mode],
     ['Firmware', d.firmware],
     ['Tasks', d.attempts_total ? String(d.attempts_total) : '']].forEach(function (row) {
      if (!row[1]) return;
      var pair = el('div');
      pair.appendChild(el('dt', '', row[0]));
      pair.appendChild(el('dd', '', row[1]));
      dl.appendChild(pair);
    });
    return dl;
  }

  function attemptsList(d) {
    var ol = el('ol', 'evidence');
    (d.attempts || []).forEach(function (a) {
      var li = el('li');
      li.appendChild(el('span', 'where', a.artifact + ':' + a.line + (a.end_line ? '-' + a.end_line : '')));
      if (a.begin) li.appendChild(el('span', 'time', a.begin));
      li.appendChild(doc.createTextNode(safe(a.type + ' ' + a.outcome +
          (a.last_milestone ? ', last step ' + a.last_milestone : ''))));
      ol.appendChild(li);
    });
    return ol;
  }

  function deviceCard(d, withTimeline) {
    var card = el('div', 'card device');
    card.setAttribute('data-device', d.id);
    var title = el('h3', '', d.id);
    title.appendChild(stageStrip(d.stages, true, d.first_failing_stage));
    if (d.first_failing_stage)
      title.appendChild(el('span', 'badge s-fail', 'fails at stage ' + d.first_failing_stage));
    card.appendChild(title);
    card.appendChild(identities(d));
    if (d.attempts && d.attempts.length) {
      card.appendChild(el('p', 'more-note', 'Provisioning tasks (the last ' + d.attempts.length + ' of ' + d.attempts_total + ')'));
      card.appendChild(attemptsList(d));
    }
    var actions = el('p', 'no-print');
    actions.appendChild(button('Findings of this device', function () { showDeviceFindings(d.id); }));
    if (withTimeline)
      actions.appendChild(button('Timeline', function () {
        // The report's own device: the table's may be the devices block's copy.
        withTimelines(function (devices) {
          showTimeline(devices.filter(function (x) { return x.id === d.id; })[0] || d);
        });
      }));
    card.appendChild(actions);
    return card;
  }

  function showDeviceFindings(id) {
    var form = doc.getElementById('filters');
    if (!form) return;
    form.elements.text.value = id;
    applyFilters();
    var stages = doc.querySelectorAll('#findings details.group');
    for (var i = 0; i < stages.length; i++) if (!stages[i].classList.contains('hidden')) stages[i].open = true;
    doc.getElementById('findings').scrollIntoView();
  }

  var rowTimelines = false;
  function deviceRow(d) {
    var tbody = el('tbody');
    var tr = el('tr', 'device-row');
    tr.appendChild(el('td', '', d.id));
    var strip = el('td');
    strip.appendChild(stageStrip(d.stages, true, d.first_failing_stage));
    tr.appendChild(strip);
    tr.appendChild(el('td', '', d.first_failing_stage ? 'stage ' + d.first_failing_stage : ''));
    tr.appendChild(el('td', '', d.mode || ''));
    tr.appendChild(el('td', '', d.firmware || ''));
    tr.appendChild(el('td', 'num', d.attempts_total));
    tbody.appendChild(tr);
    var open = null;
    tr.addEventListener('click', function () {
      if (open) { open.remove(); open = null; return; }
      open = el('tr');
      var td = el('td');
      td.colSpan = 6;
      td.appendChild(deviceCard(d, rowTimelines));
      open.appendChild(td);
      tbody.appendChild(open);
    });
    return tbody;
  }

  function deviceOrder(a, b) {
    var fa = a.first_failing_stage || 99, fb = b.first_failing_stage || 99;
    if (fa !== fb) return fa - fb;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  }

  function drawDeviceTable(box, devices) {
    box.textContent = '';
    var controls = el('p', 'no-print');
    var search = el('input');
    search.type = 'search';
    search.placeholder = 'Device id, FQDN, UUID, IP or MAC';
    search.setAttribute('aria-label', 'Find a device');
    var failing = el('input');
    failing.type = 'checkbox';
    var failingLabel = el('label');
    failingLabel.appendChild(failing);
    failingLabel.appendChild(doc.createTextNode(' only devices with a failing stage'));
    controls.appendChild(search);
    controls.appendChild(doc.createTextNode(' '));
    controls.appendChild(failingLabel);
    box.appendChild(controls);
    var holder = el('div');
    box.appendChild(holder);
    var sorted = devices.slice().sort(deviceOrder);
    function redraw() {
      var q = search.value.trim().toLowerCase();
      var rows = sorted.filter(function (d) {
        if (failing.checked && !d.first_failing_stage) return false;
        if (!q) return true;
        return [d.id, d.fqdn, d.host, d.uuid, d.machine_id].concat(d.ips || [], d.macs || [])
          .some(function (v) { return v && String(v).toLowerCase().indexOf(q) >= 0; });
      });
      holder.textContent = '';
      holder.appendChild(el('p', 'more-note', rows.length + ' of ' + devices.length + ' devices; click a row for its card'));
      var table = el('table');
      var head = el('thead');
      var hr = el('tr');
      ['Device', 'Stages', 'First failing', 'Mode', 'Firmware', 'Tasks'].forEach(function (h) { hr.appendChild(el('th', '', h)); });
      head.appendChild(hr);
      table.appendChild(head);
      holder.appendChild(table);
      paged(table, rows, deviceRow, PAGE, holder);
    }
    search.addEventListener('input', redraw);
    failing.addEventListener('change', redraw);
    redraw();
  }

  // A few devices: their cards at once. A fleet: a table drawn when the list is opened.
  function setupDevices(small) {
    var box = doc.getElementById('device-view');
    if (!box) return;
    if (small) {
      withReport(function (r) {
        box.textContent = '';
        var timelines = hasTimelines(r);
        r.devices.forEach(function (d) { box.appendChild(deviceCard(d, timelines)); });
      });
      return;
    }
    var list = doc.getElementById('device-list');
    box.textContent = '';
    list.addEventListener('toggle', function () {
      if (!list.open || box.firstChild) return;
      box.appendChild(el('p', 'more-note', 'Loading the devices…'));
      withDevices(function (devices) {
        rowTimelines = !!doc.getElementById('amtdiag-timelines') ||
            devices.some(function (d) { return d.timeline && d.timeline.length; }) ||
            !!(report && report.site_timeline && report.site_timeline.length);
        drawDeviceTable(box, devices);
      });
    });
  }

  // ---- timelines ----
  function eventTime(e) {
    if (!e.time) return NaN;
    var t = e.time;
    // "... local" has no zone: placed as if UTC, which keeps its own order and spacing.
    if (/ local$/.test(t)) t = t.replace(/ local$/, 'Z');
    return Date.parse(t);
  }

  function timelineSvg(events, attempts) {
    var W = 900, H = 92, L = 20, R = 20, AXIS = 50;
    var times = events.map(eventTime);
    var known = times.filter(function (t) { return !isNaN(t); });
    var min = Math.min.apply(null, known), max = Math.max.apply(null, known);
    var byTime = known.length >= 2 && max > min;
    function at(t) { return L + (W - L - R) * (t - min) / (max - min); }
    function x(i) {
      if (byTime && !isNaN(times[i])) return at(times[i]);
      return L + (W - L - R) * (events.length > 1 ? i / (events.length - 1) : 0.5);
    }
    var s = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, 'class': 'timeline', role: 'img' });
    s.appendChild(svg('line', { x1: L, y1: AXIS, x2: W - R, y2: AXIS, 'class': 'axis' }));
    if (byTime) {
      (attempts || []).forEach(function (a) {
        var t = a.begin ? Date.parse(a.begin) : NaN;
        if (isNaN(t) || t < min || t > max) return;
        s.appendChild(svg('line', { x1: at(t), y1: AXIS - 16, x2: at(t), y2: AXIS + 16, 'class': 'attempt' }));
      });
      var start = svg('text', { x: L, y: H - 4 });
      start.textContent = safe(new Date(min).toISOString());
      var end = svg('text', { x: W - R, y: H - 4, 'text-anchor': 'end' });
      end.textContent = safe(new Date(max).toISOString());
      s.appendChild(start);
      s.appendChild(end);
    }
    // Labels in two rows above the axis, each only where it does not run into the last one.
    var lastX = [-1e9, -1e9];
    events.forEach(function (e, i) {
      var cx = x(i);
      var c = svg('circle', { cx: cx.toFixed(1), cy: AXIS, r: 5, 'class': 'sev-' + (e.severity || 'none') });
      var title = svg('title', {});
      title.textContent = safe((e.time || '') + ' ' + e.kind + ' ' + place(e) + '\n' + e.excerpt);
      c.appendChild(title);
      s.appendChild(c);
      for (var row = 0; row < 2; row++) {
        if (cx - lastX[row] < 130) continue;
        var label = svg('text', { x: cx.toFixed(1), y: 14 + row * 14 });
        label.textContent = safe(e.kind);
        s.appendChild(label);
        lastX[row] = cx;
        break;
      }
    });
    return s;
  }

  function eventList(events) {
    var ol = el('ol', 'events');
    events.forEach(function (e) {
      var li = el('li');
      li.appendChild(el('span', 'time', (e.time || 'no time') + ' '));
      li.appendChild(el('code', '', e.kind));
      li.appendChild(el('span', 'where', ' ' + place(e) + ' '));
      li.appendChild(el('span', 'excerpt', e.excerpt));
      ol.appendChild(li);
    });
    return ol;
  }

  function timelineBlock(title, events, attempts) {
    var block = el('div', 'card timeline-card');
    block.appendChild(el('h3', '', title));
    block.appendChild(timelineSvg(events, attempts));
    block.appendChild(eventList(events));
    return block;
  }

  function showTimeline(d) {
    var box = doc.getElementById('timeline-view');
    if (!d.timeline || !d.timeline.length) {
      box.insertBefore(el('p', 'na', d.id + ': no events in this report'), box.firstChild);
      return box.scrollIntoView();
    }
    var existing = box.querySelector('[data-device="' + CSS.escape(d.id) + '"]');
    if (!existing) {
      existing = timelineBlock(d.id, d.timeline, d.attempts);
      existing.setAttribute('data-device', d.id);
      box.insertBefore(existing, box.firstChild);
    }
    existing.scrollIntoView();
  }

  function setupTimelines() {
    var box = doc.getElementById('timeline-view');
    if (!box) return;
    withTimelines(function (devices, site) {
      box.textContent = '';
      var any = devices.some(function (d) { return d.timeline && d.timeline.length; });
      if (!any && !site.length) {
        box.appendChild(el('p', 'na', 'This report holds no timelines (amtdiag check --format html draws them; a JSON report has them with --timelines).'));
        return;
      }
      devices.forEach(function (d) {
        if (!d.timeline || !d.timeline.length) return;
        var b = timelineBlock(d.id, d.timeline, d.attempts);
        b.setAttribute('data-device', d.id);
        box.appendChild(b);
      });
      if (site.length) box.appendChild(timelineBlock('Site (no device named)', site, []));
    });
  }

  // ---- print: open every group of a report small enough to print ----
  function beforePrint() {
    if (!report || report.findings.length > 2000) return;
    var groups = doc.querySelectorAll('#findings details.group');
    for (var i = 0; i < groups.length; i++) groups[i].open = true;
  }

  function start() {
    var root = doc.documentElement;
    var small = Number(root.getAttribute('data-devices')) <= 3;
    setupFindings();
    setupMoreDevices();
    setupDevices(small);
    if (small) setupTimelines();
    else {
      var tl = doc.getElementById('timeline-view');
      if (tl) {
        tl.textContent = '';
        tl.appendChild(el('p', 'na', 'Choose "Timeline" on a device card to draw its timeline here.'));
      }
    }
    window.addEventListener('beforeprint', beforePrint);
    // When the page was ready, for tests and for the fleet benchmark (bench/html_report.sh).
    root.setAttribute('data-ready', String(Math.round(performance.now())));
  }

  start();
})();
