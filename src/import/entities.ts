import { factKeysOf } from '../metrics/vendor.ts';
import type { Program } from '../program/schema.ts';
import type { ColumnIssue, ColumnSpec, EntityName, EntitySpec, RowValues } from './entity-spec.ts';
import { amount, day, decimal, email, flag, instant, locale, oneOf, text, timeZone } from './fields.ts';

const PARTNER_TYPES = ['reseller', 'distributor', 'msp', 'supplier'] as const;
const ROLES = ['partner_user', 'partner_admin', 'channel_manager', 'vendor_admin'] as const;
const DEAL_STATUSES = ['submitted', 'approved', 'rejected', 'won', 'lost', 'expired'] as const;
const INCENTIVE_KINDS = ['rebate', 'commission', 'spiff', 'payout'] as const;
const INCENTIVE_STATUSES = ['pending', 'approved', 'paid', 'rejected'] as const;
const RENEWAL_STATUSES = ['pending', 'renewed', 'churned'] as const;

const externalId: ColumnSpec = {
  name: 'external_id',
  doc: 'your system\'s id for the row; a row with a known id is updated, a new one inserted',
  required: true,
  schema: text({ required: true, max: 200 }),
  stage: 'text',
};

/** In every entity: when the source last changed the row; an older row than the stored one is skipped. */
export const updatedAt: ColumnSpec = {
  name: 'updated_at',
  doc: 'when your system last changed the row (ISO 8601: 2026-11-23T10:15:00Z; no zone means UTC); a row older than the stored one is skipped, not applied',
  required: false,
  schema: instant(),
  stage: 'timestamptz',
  target: 'source_updated_at',
  version: true,
};

const partnerRef: ColumnSpec = {
  name: 'partner',
  doc: 'the partner: its external_id, or its exact name',
  required: true,
  schema: text({ required: true }),
  stage: 'text',
  target: 'partner_id',
  ref: 'partner',
};

const req = (name: string, doc: string, schema: ColumnSpec['schema'], stage: ColumnSpec['stage']): ColumnSpec => ({
  name,
  doc,
  required: true,
  schema,
  stage,
});

const opt = (name: string, doc: string, schema: ColumnSpec['schema'], stage: ColumnSpec['stage']): ColumnSpec => ({
  name,
  doc,
  required: false,
  schema,
  stage,
});

/** `later` must not be before `earlier` when both are given. */
function notBefore(row: RowValues, later: string, earlier: string): ColumnIssue[] {
  const a = row[later];
  const b = row[earlier];
  if (typeof a === 'string' && typeof b === 'string' && a < b) {
    return [{ column: later, message: `${a} is before ${earlier} ${b}` }];
  }
  return [];
}

function partners(program: Program): EntitySpec {
  const tiers = program.tiers.map((t) => t.name);
  return {
    name: 'partners',
    table: 'partners',
    doc: 'Partner companies. Import users first when partners name their channel managers.',
    columns: [
      externalId,
      { ...req('name', 'company name, unique (case-insensitive)', text({ required: true, max: 200 }), 'text'), uniqueLower: true },
      req('tier', `program tier: ${tiers.join(', ')}`, oneOf(tiers, { required: true }), 'text'),
      req('type', PARTNER_TYPES.join(', '), oneOf(PARTNER_TYPES, { required: true }), 'text'),
      req('region', 'sales region', text({ required: true, max: 100 }), 'text'),
      req('joined_on', 'date the partner joined the program', day({ required: true }), 'date'),
      {
        ...opt('parent', 'distributor above this partner: external_id or exact name (may be in the same file)', text(), 'text'),
        target: 'parent_id',
        ref: 'partner',
        self: true,
      },
      {
        ...opt('channel_manager', 'the vendor\'s channel manager: user email or external_id', text(), 'text'),
        target: 'channel_manager_id',
        ref: 'user',
        roles: ['channel_manager', 'vendor_admin'],
      },
    ],
    check: (row) => {
      const parent = row.parent;
      if (typeof parent === 'string' && (parent === row.external_id || parent.toLowerCase() === String(row.name).toLowerCase())) {
        return [{ column: 'parent', message: 'a partner cannot be its own parent' }];
      }
      return [];
    },
  };
}

const users: EntitySpec = {
  name: 'users',
  table: 'users',
  doc: 'People: partner staff (with their partner) and vendor staff (without).',
  columns: [
    externalId,
    { ...req('email', 'email address, unique (case-insensitive); used to link chat accounts', email({ required: true }), 'text'), uniqueLower: true },
    req('name', 'full name', text({ required: true, max: 200 }), 'text'),
    req('role', ROLES.join(', '), oneOf(ROLES, { required: true }), 'text'),
    {
      ...opt('partner', 'partner roles: their partner (external_id or exact name); empty for vendor staff', text(), 'text'),
      target: 'partner_id',
      ref: 'partner',
    },
    { ...opt('time_zone', 'IANA time zone; empty means UTC', timeZone(), 'text'), emptyDefault: "'UTC'" },
    opt('locale', "how they read numbers and dates (e.g. de-DE, en-GB); empty means the program's", locale(), 'text'),
  ],
  check: (row) => {
    const role = row.role;
    if ((role === 'partner_user' || role === 'partner_admin') && (row.partner === null || row.partner === undefined)) {
      return [{ column: 'partner', message: `required for role ${role}` }];
    }
    if ((role === 'channel_manager' || role === 'vendor_admin') && row.partner !== null && row.partner !== undefined) {
      return [{ column: 'partner', message: `must be empty for role ${role} (vendor staff belong to no partner)` }];
    }
    return [];
  },
};

function deals(currency: string): EntitySpec {
  return {
    name: 'deal_registrations',
    table: 'deal_registrations',
    doc: 'Deal registrations from the CRM.',
    columns: [
      externalId,
      partnerRef,
      req('customer', 'end customer', text({ required: true, max: 200 }), 'text'),
      req('product', 'product', text({ required: true, max: 200 }), 'text'),
      { ...req('amount', 'deal value (0 or more)', amount(currency, { required: true, min: 0 }), 'bigint'), target: 'amount_cents' },
      req('status', `${DEAL_STATUSES.join(', ')} (also "Closed Won", "Closed Lost")`,
        oneOf(DEAL_STATUSES, { required: true, aliases: { closed_won: 'won', closed_lost: 'lost' } }), 'text'),
      req('submitted_on', 'date registered', day({ required: true }), 'date'),
      opt('decided_on', 'date approved or rejected', day(), 'date'),
      opt('closed_on', 'date won or lost; required for won and lost deals', day(), 'date'),
      opt('expires_on', 'registration expiry', day(), 'date'),
      { ...opt('co_sell', 'sold together with the vendor: true/false; empty means false', flag(), 'boolean'), emptyDefault: 'false' },
    ],
    check: (row) => {
      const issues: ColumnIssue[] = [];
      if ((row.status === 'won' || row.status === 'lost') && (row.closed_on === null || row.closed_on === undefined)) {
        issues.push({ column: 'closed_on', message: `required for a ${row.status} deal` });
      }
      return [...issues, ...notBefore(row, 'decided_on', 'submitted_on'), ...notBefore(row, 'closed_on', 'submitted_on')];
    },
  };
}

function revenue(currency: string): EntitySpec {
  return {
    name: 'revenue',
    table: 'revenue',
    doc: 'Bookings from the ERP, one line per invoice line; negative amounts are credits.',
    columns: [
      externalId,
      partnerRef,
      req('product_line', 'product line', text({ required: true, max: 200 }), 'text'),
      req('customer', 'end customer', text({ required: true, max: 200 }), 'text'),
      { ...req('amount', 'booked amount', amount(currency, { required: true }), 'bigint'), target: 'amount_cents' },
      req('booked_on', 'booking date', day({ required: true }), 'date'),
    ],
  };
}

const leads: EntitySpec = {
  name: 'leads',
  table: 'leads',
  doc: 'Leads passed to or created by partners.',
  columns: [
    externalId,
    partnerRef,
    req('created_on', 'date created', day({ required: true }), 'date'),
    opt('converted_on', 'date converted to an opportunity; empty if not (yet)', day(), 'date'),
    { ...opt('source', 'where the lead came from; empty means partner', text({ max: 100 }), 'text'), emptyDefault: "'partner'" },
  ],
  check: (row) => notBefore(row, 'converted_on', 'created_on'),
};

const certifications: EntitySpec = {
  name: 'certifications',
  table: 'certifications',
  doc: 'Certifications held by partner staff.',
  columns: [
    externalId,
    partnerRef,
    req('holder_name', 'name of the person certified', text({ required: true, max: 200 }), 'text'),
    req('name', 'certification', text({ required: true, max: 200 }), 'text'),
    req('earned_on', 'date earned', day({ required: true }), 'date'),
    req('expires_on', 'expiry date (not before earned_on)', day({ required: true }), 'date'),
    { ...opt('holder', 'the holder as a user: email or external_id', text(), 'text'), target: 'holder_user_id', ref: 'user' },
    opt('holder_email', 'holder\'s email when they are not a user', email(), 'text'),
  ],
  check: (row) => notBefore(row, 'expires_on', 'earned_on'),
};

function mdf(currency: string): EntitySpec {
  return {
    name: 'mdf',
    table: 'mdf',
    doc: 'Marketing development funds: allocated, claimed, approved.',
    columns: [
      externalId,
      partnerRef,
      { ...req('allocated', 'amount allocated', amount(currency, { required: true, min: 0 }), 'bigint'), target: 'allocated_cents' },
      req('allocated_on', 'date allocated', day({ required: true }), 'date'),
      req('expires_on', 'date the funds expire', day({ required: true }), 'date'),
      { ...opt('claimed', 'amount claimed; empty means 0', amount(currency, { min: 0 }), 'bigint'), target: 'claimed_cents', emptyDefault: '0' },
      { ...opt('approved', 'amount approved; empty means 0', amount(currency, { min: 0 }), 'bigint'), target: 'approved_cents', emptyDefault: '0' },
    ],
    check: (row) => notBefore(row, 'expires_on', 'allocated_on'),
  };
}

function incentives(currency: string): EntitySpec {
  return {
    name: 'incentives',
    table: 'incentives',
    doc: 'Rebates, commissions, SPIFFs and payouts.',
    columns: [
      externalId,
      partnerRef,
      req('kind', INCENTIVE_KINDS.join(', '), oneOf(INCENTIVE_KINDS, { required: true }), 'text'),
      req('period_start', 'first day of the period earned in', day({ required: true }), 'date'),
      req('period_end', 'last day of the period', day({ required: true }), 'date'),
      { ...req('amount', 'amount', amount(currency, { required: true }), 'bigint'), target: 'amount_cents' },
      req('status', INCENTIVE_STATUSES.join(', '), oneOf(INCENTIVE_STATUSES, { required: true }), 'text'),
      opt('paid_on', 'date paid', day(), 'date'),
    ],
    check: (row) => notBefore(row, 'period_end', 'period_start'),
  };
}

function renewals(currency: string): EntitySpec {
  return {
    name: 'renewals',
    table: 'renewals',
    doc: 'Subscription renewals partners are responsible for.',
    columns: [
      externalId,
      partnerRef,
      req('customer', 'end customer', text({ required: true, max: 200 }), 'text'),
      { ...req('amount', 'renewal value', amount(currency, { required: true }), 'bigint'), target: 'amount_cents' },
      req('due_on', 'renewal date', day({ required: true }), 'date'),
      req('status', RENEWAL_STATUSES.join(', '), oneOf(RENEWAL_STATUSES, { required: true }), 'text'),
      opt('renewed_on', 'date renewed', day(), 'date'),
    ],
  };
}

/**
 * The facts behind the program's own metrics (program.yml `metrics:`): one value per partner,
 * fact key and day, with an optional dimension value (a product line, a plant, a region).
 */
function facts(program: Program): EntitySpec {
  const keys = [...new Set((program.metrics ?? []).flatMap((m) => factKeysOf(m)))];
  return {
    name: 'facts',
    table: 'facts',
    doc: "Facts behind the program's own metrics (program.yml `metrics:`): license sales, cases closed, deliveries, readings.",
    columns: [
      externalId,
      partnerRef,
      req(
        'metric',
        keys.length > 0 ? `the fact key: ${keys.join(', ')}` : 'the fact key (the program declares no metrics yet)',
        keys.length > 0 ? oneOf(keys, { required: true }) : noFactKeys(),
        'text',
      ),
      req('day', 'the day the fact belongs to', day({ required: true }), 'date'),
      req('value', 'the value (a number; an amount in the program currency, a count, a reading)', decimal({ required: true }), 'numeric'),
      opt('dimension', 'the dimension value when the metric has one (product line, plant, region)', text({ max: 200 }), 'text'),
    ],
  };
}

/** Without `metrics:` in program.yml there is no fact key to accept: every row says how to add one. */
const noFactKeys = (): ColumnSpec['schema'] => oneOf([], { required: true, empty: 'the program declares no metrics; add a metrics: section to program.yml first' });

const versioned = (spec: EntitySpec): EntitySpec => ({ ...spec, columns: [...spec.columns, updatedAt] });

/** Every importable entity, each with `updated_at` last; tiers and the currency come from the program. */
export function entitySpecs(program: Program): Record<EntityName, EntitySpec> {
  const c = program.currency;
  return {
    partners: versioned(partners(program)),
    users: versioned(users),
    deal_registrations: versioned(deals(c)),
    revenue: versioned(revenue(c)),
    leads: versioned(leads),
    certifications: versioned(certifications),
    mdf: versioned(mdf(c)),
    incentives: versioned(incentives(c)),
    renewals: versioned(renewals(c)),
    facts: versioned(facts(program)),
  };
}
