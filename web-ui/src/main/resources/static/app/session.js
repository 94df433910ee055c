// Who is signed in: GET /api/v1/me answers with the caller's roles and organisation (from their own token, checked
// by the directory), nothing personal. The organisation's full profile is read when it is a partner; the first page
// of the inbox and outbox is read for the home page's counts. Kept in memory only.
import * as api from './api.js';

const partnerCache = new Map();

export const session = {
  roles: new Set(),
  orgId: null,
  org: null,
  me: null,
  inbox: null,
  outbox: null,
  taxonomy: null,

  is(role) { return this.roles.has(role); },

  async load() {
    this.me = await api.get('/api/v1/me');
    this.roles = new Set(this.me.roles || []);
    this.orgId = this.me.organisationId || null;
    this.org = null;
    const box = (name, wanted) => (wanted
      ? api.get('/api/v1/referrals', { box: name, pageSize: 25 }).then((b) => b.referrals || [])
      : Promise.resolve(null));
    const [org, inbox, outbox] = await Promise.all([
      this.orgId && this.me.partnerKind ? this.partner(this.orgId, true).catch(() => null) : null,
      box('BOX_INBOX', this.is('intake') || this.is('partner-admin')),
      box('BOX_OUTBOX', this.is('caseworker') || this.is('partner-admin')),
    ]);
    // a partner whose profile this caller may not read still has a name and a kind
    this.org = org || (this.me.partnerKind
      ? { id: this.orgId, name: this.me.organisationName, kind: this.me.partnerKind, status: this.me.partnerStatus } : null);
    this.inbox = inbox;
    this.outbox = outbox;
  },

  async partner(id, fresh) {
    if (!fresh && partnerCache.has(id)) return partnerCache.get(id);
    const body = await api.get(`/api/v1/partners/${encodeURIComponent(id)}`);
    partnerCache.set(id, body.partner);
    return body.partner;
  },

  async partnerName(id) {
    if (!id) return '';
    try {
      return (await this.partner(id)).name;
    } catch (e) {
      return 'another organisation';
    }
  },

  async terms() {
    if (!this.taxonomy) this.taxonomy = (await api.get('/api/v1/taxonomy')).terms || [];
    return this.taxonomy;
  },

  async termName(code) {
    const term = (await this.terms()).find((t) => t.code === code);
    return term ? term.name : code;
  },

  roleLabel() {
    if (this.is('coordinator')) return 'coordinator';
    if (this.is('partner-admin')) return 'partner admin';
    if (this.is('caseworker')) return 'caseworker';
    if (this.is('intake')) return 'intake staff';
    return 'partner';
  },

  /** The journey the home page leads with. */
  journey() {
    if (this.is('coordinator')) return 'coordinator';
    if (!this.orgId) return 'newcomer';
    if (this.is('caseworker')) return 'caseworker';
    if (this.is('intake')) return 'intake';
    const kind = this.org && this.org.kind;
    if (kind === 'PARTNER_KIND_SCHOOL') return 'school';
    if (this.is('partner-admin')) return 'partner-admin';
    return 'none';
  },
};
