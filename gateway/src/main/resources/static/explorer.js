// A tiny API explorer: lists the operations of /api/openapi.json and sends requests with the given token.
(function () {
  const $ = (id) => document.getElementById(id);
  let current = null;

  function csrfToken() {
    const match = document.cookie.match(/(?:^|; )XSRF-TOKEN=([^;]*)/);
    return match ? decodeURIComponent(match[1]) : null;
  }

  function pick(method, path, op) {
    current = { method: method.toUpperCase(), path };
    $('title').textContent = op.summary || op.operationId;
    $('description').textContent = op.description || '';
    $('method').textContent = current.method;
    $('path').value = path;
    $('body').value = op.requestBody ? '{\n}' : '';
    $('body').disabled = !op.requestBody;
  }

  fetch('/api/openapi.json').then((r) => r.json()).then((api) => {
    const byTag = {};
    Object.entries(api.paths).forEach(([path, item]) => {
      Object.entries(item).forEach(([method, op]) => {
        const tag = (op.tags && op.tags[0]) || 'API';
        (byTag[tag] = byTag[tag] || []).push({ method, path, op });
      });
    });
    const nav = $('operations');
    Object.keys(byTag).sort().forEach((tag) => {
      const h = document.createElement('h4');
      h.textContent = tag;
      nav.appendChild(h);
      byTag[tag].forEach(({ method, path, op }) => {
        const a = document.createElement('a');
        a.textContent = method.toUpperCase() + ' ' + path;
        a.title = op.summary || '';
        a.addEventListener('click', () => pick(method, path, op));
        nav.appendChild(a);
      });
    });
  });

  $('form').addEventListener('submit', (event) => {
    event.preventDefault();
    if (!current) return;
    const headers = { Accept: 'application/json' };
    const token = $('token').value.trim();
    if (token) headers.Authorization = 'Bearer ' + token;
    else if (csrfToken()) headers['X-XSRF-TOKEN'] = csrfToken();
    if ($('idempotency').value) headers['Idempotency-Key'] = $('idempotency').value;
    const init = { method: current.method, headers, credentials: 'same-origin' };
    if (!$('body').disabled && $('body').value.trim()) {
      headers['Content-Type'] = 'application/json';
      init.body = $('body').value;
    }
    $('status').textContent = '…';
    fetch($('path').value, init).then(async (r) => {
      $('status').textContent = r.status + ' · request id ' + (r.headers.get('X-Request-Id') || '');
      const text = await r.text();
      try { $('response').textContent = JSON.stringify(JSON.parse(text), null, 2); }
      catch (e) { $('response').textContent = text; }
    }).catch((e) => { $('status').textContent = 'failed'; $('response').textContent = String(e); });
  });
}());
