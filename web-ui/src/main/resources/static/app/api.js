// The gateway's REST API, called with the session cookie. State-changing calls echo the XSRF-TOKEN cookie as
// X-XSRF-TOKEN (the gateway's CSRF rule) and carry an Idempotency-Key (AIP-155 request_id) so a retry is safe.
// Nothing here writes to browser storage, and no personal data ever goes into a URL: ids only.

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || `request failed (${status})`);
    this.status = status;
    this.code = body && body.code;
    const details = (body && body.details) || [];
    this.violations = details
      .filter((d) => (d['@type'] || '').endsWith('google.rpc.BadRequest'))
      .flatMap((d) => d.fieldViolations || []);
    const info = details.find((d) => (d['@type'] || '').endsWith('google.rpc.ErrorInfo'));
    this.reason = info ? info.reason : undefined;
  }
}

function csrfToken() {
  const match = document.cookie.split('; ').find((c) => c.startsWith('XSRF-TOKEN='));
  return match ? decodeURIComponent(match.substring('XSRF-TOKEN='.length)) : '';
}

export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (value === undefined || value === null || value === '' || value === false) continue;
    for (const v of Array.isArray(value) ? value : [value]) search.append(key, String(v));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export async function call(method, path, body, { idempotencyKey } = {}) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') {
    headers['X-XSRF-TOKEN'] = csrfToken();
    headers['Idempotency-Key'] = idempotencyKey || crypto.randomUUID();
  }
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
      redirect: 'manual',
    });
  } catch (e) {
    throw new ApiError(0, { message: 'The network is not reachable. Check the connection and try again.' });
  }
  if (response.type === 'opaqueredirect' || response.status === 401) {
    // the session ended: the page itself is behind the login, so reloading it signs in again
    throw new ApiError(401, { code: 16, message: 'Your session has ended. Reload the page to sign in again.' });
  }
  const text = await response.text();
  let json = {};
  if (text) {
    try {
      json = JSON.parse(text);
    } catch (e) {
      json = { message: `unexpected answer (${response.status})` };
    }
  }
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

export const get = (path, params) => call('GET', path + query(params));
export const post = (path, body, options) => call('POST', path, body ?? {}, options);
export const put = (path, body, options) => call('PUT', path, body, options);
export const patch = (path, body, options) => call('PATCH', path, body, options);
export const del = (path) => call('DELETE', path);

/** Resolves to true when the call succeeds, false when the API refuses it (role probe). */
export async function allowed(path, params) {
  try {
    await get(path, params);
    return true;
  } catch (e) {
    if (e.status === 403 || e.status === 404 || e.status === 400) return false;
    throw e;
  }
}
