// Follows one run over /ws. The page keeps the last seq it showed and reconnects with it
// (last_event_id), so a dropped connection or a restarted server costs no gap and no duplicate.
'use strict';

(function () {
  const runId = decodeURIComponent(location.pathname.split('/').pop());
  const params = new URLSearchParams(location.search);
  // A token in the address bar is used, then taken out of it (and so out of history and bookmarks).
  const token = params.get('access_token');
  if (token !== null) {
    history.replaceState(null, '', location.pathname);
  }

  const el = (id) => document.getElementById(id);
  el('run').textContent = runId;

  let lastSeq = 0;
  let shown = 0;
  let ended = false;
  let retryMs = 250;

  function state(name, note) {
    el('state').textContent = name;
    el('state').dataset.state = name;
    el('note').textContent = note || '';
  }

  function show(envelope) {
    if (envelope.seq <= lastSeq) {
      return; // already on the page: a resume never shows an event twice
    }
    lastSeq = envelope.seq;
    shown += 1;
    const row = document.createElement('tr');
    row.dataset.seq = String(envelope.seq);
    for (const [cls, text] of [
      ['seq', String(envelope.seq)],
      ['ts', envelope.ts],
      ['kind', envelope.kind],
      ['phase', envelope.phase || ''],
      ['payload', JSON.stringify(envelope.payload)],
    ]) {
      const cell = document.createElement('td');
      cell.className = cls;
      cell.textContent = text; // text, never markup: a payload cannot inject into the page
      row.appendChild(cell);
    }
    el('events').appendChild(row);
    el('count').textContent = String(shown);
    el('last').textContent = String(lastSeq);
  }

  function control(frame) {
    switch (frame.type) {
      case 'end':
        ended = true;
        state('ended', 'The run has ended' + (frame.status ? ' (' + frame.status + ')' : '') + '.');
        break;
      case 'overflow':
        state('live', 'Events before seq ' + (frame.available_from || '?') + ' are no longer kept ('
            + (frame.reason || 'overflow') + ').');
        break;
      case 'error':
        el('note').textContent = frame.message || frame.code || 'the server sent an error';
        break;
      case 'resumed':
        if (frame.resumed === false) {
          el('note').textContent = 'Resumed with a gap: events from seq ' + (lastSeq + 1) + ' to '
              + ((frame.available_from || 1) - 1) + ' are no longer kept (' + (frame.reason || 'trimmed') + ').';
        }
        break;
      default:
        break; // subscribed, run: nothing to show
    }
  }

  function connect() {
    const query = new URLSearchParams({ run_id: runId });
    if (lastSeq > 0) {
      query.set('last_event_id', String(lastSeq));
    }
    if (token !== null) {
      query.set('access_token', token);
    }
    const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    const socket = new WebSocket(scheme + location.host + '/ws?' + query.toString());
    socket.onopen = () => {
      retryMs = 250;
      state('live');
    };
    socket.onmessage = (message) => {
      const frame = JSON.parse(message.data);
      if (typeof frame.type === 'string') {
        control(frame);
      } else {
        show(frame);
      }
    };
    socket.onclose = (event) => {
      if (ended) {
        return;
      }
      if (event.code === 1008 || event.code === 4401 || event.code === 4403) {
        state('refused', event.reason || 'the server refused this reader');
        return;
      }
      state('reconnecting', 'Connection lost; retrying in ' + retryMs + ' ms from seq ' + (lastSeq + 1) + '.');
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
  }

  connect();
})();
