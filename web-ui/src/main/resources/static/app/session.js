// Who is signed in, learned from the API itself: the gateway keeps the tokens server-side and has no "who am I"
// endpoint, so roles come from what the caller may read (referral analytics: coordinators; the referral inbox:
// intake and partner-admins; the outbox: caseworkers and partner-admins). The organisation comes from the
// caller's own referrals, claims or bookings, or from the one partner whose confidential address this caller sees unredacted (only
// its own organisation does). Kept in memory only.
import * as api from './api.js';

async function probe(path, params) {
  try {
    return { ok: true, body: await api.get(path, params) };
  } catch (e) {
    if (e.status === 403 || e.status === 404) return { ok: false };
    throw e;
  }
}

const partnerCache = new Map();

export const session = {
  roles: new Set(),
  orgId: null,
  org: null,
  orgGuessed: false,
  inbox: null,
  outbox: null,
  taxonomy: null,

  is(role) { return this.roles.has(role); },

  async load() {
    const [analytics, inbox, outbox] = await Promise.all([
      probe('/api/v1/referralAnalytics'),
      probe('/api/v1/referrals', { box: 'BOX_INBOX', pageSize: 25 }),
      probe('/api/v1/referrals', { box: 'BOX_OUTBOX', pageSize: 25 }),
    ]);
    if (analytics.ok) this.roles.add('coordinator');
    if (inbox.ok && outbox.ok) this.roles.add('partner-admin');
    else if (inbox.ok) this.roles.add('intake');
    else if (outbox.ok) this.roles.add('caseworker');
    this.inbox = inbox.ok ? inbox.body.referrals || [] : null;
    this.outbox = outbox.ok ? outbox.body.referrals || [] : null;
    if (!this.is('coordinator')) await this.findOrganisation();
  },

  async findOrganisation() {
    let id = (this.inbox || []).map((r) => r.recipientPartner).find(Boolean)
      || (this.outbox || []).map((r) => r.senderPartner).find(Boolean);
    if (!id) id = await this.commonParty();
    if (!id) {
      // Non-coordinators list ACTIVE partners and their own; only the own organisation sees its confidential
      // locations unredacted.
      let pageToken;
      for (let page = 0; page < 5 && !id; page++) {
        const body = await api.get('/api/v1/partners', { pageSize: 100, pageToken });
        for (const p of body.partners || []) {
          partnerCache.set(p.id, p);
          if ((p.locations || []).some((l) => l.confidential && !l.redacted)) id = p.id;
        }
        pageToken = body.nextPageToken;
        if (!pageToken) break;
      }
    }
    if (id) await this.useOrganisation(id, false);
  },

  /**
   * Every claim (made or received) and every booking (as school or as trainer) involves the caller's organisation:
   * when the pairs of parties have exactly one organisation in common, that is the caller's.
   */
  async commonParty() {
    const [claims, bookings] = await Promise.all([
      api.get('/api/v1/claims', { pageSize: 50 }).then((b) => b.claims || []).catch(() => []),
      api.get('/api/v1/bookings', { pageSize: 50 }).then((b) => b.bookings || []).catch(() => []),
    ]);
    const pairs = [...claims.map((c) => [c.claimant, c.offerPoster]), ...bookings.map((b) => [b.school, b.trainer])];
    if (!pairs.length) return null;
    let common = new Set(pairs[0].filter(Boolean));
    for (const pair of pairs.slice(1)) common = new Set(pair.filter((x) => common.has(x)));
    return common.size === 1 ? [...common][0] : null;
  },

  /** Sets the caller's organisation (also when the user picks it because it could not be told). */
  async useOrganisation(id, guessed) {
    this.orgId = id;
    this.org = await this.partner(id, true);
    this.orgGuessed = guessed;
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
    if (this.is('caseworker')) return 'caseworker';
    if (this.is('intake')) return 'intake';
    const kind = this.org && this.org.kind;
    if (kind === 'PARTNER_KIND_SCHOOL') return 'school';
    if (this.is('partner-admin')) return 'partner-admin';
    return 'none';
  },
};
