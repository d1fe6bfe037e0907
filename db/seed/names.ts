import type { Rng } from './random.ts';

// Word lists for made-up but plausible names. Generated partner names use words that none of the
// fixed demo partners use, so a generated partner never collides with Northwind or Fabrikam.

export const REGIONS = ['NA', 'EMEA', 'APAC', 'LATAM'] as const;
export type Region = (typeof REGIONS)[number];

export const TIME_ZONES: Record<Region, readonly string[]> = {
  NA: ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'America/Toronto'],
  EMEA: ['Europe/London', 'Europe/Berlin', 'Europe/Paris', 'Europe/Madrid', 'Africa/Johannesburg', 'Asia/Dubai'],
  APAC: ['Asia/Singapore', 'Australia/Sydney', 'Asia/Tokyo', 'Asia/Kolkata', 'Asia/Seoul'],
  LATAM: ['America/Sao_Paulo', 'America/Mexico_City', 'America/Bogota', 'America/Argentina/Buenos_Aires'],
};

export const PRODUCT_LINES = [
  'Cloud Platform',
  'Security Suite',
  'Data & Analytics',
  'Modern Workplace',
  'Networking',
  'AI Services',
  'Professional Services',
  'Support & Maintenance',
] as const;

/** Certification name and how many days it stays valid. */
export const CERTIFICATIONS: readonly (readonly [string, number])[] = [
  ['Contoso Cloud Architect', 730],
  ['Contoso Security Specialist', 730],
  ['Contoso Data Engineer', 730],
  ['Contoso Sales Professional', 365],
  ['Contoso Solutions Associate', 730],
  ['Contoso Network Expert', 1095],
  ['Contoso AI Engineer', 730],
  ['Contoso Migration Specialist', 548],
];

export const FIRST_NAMES = [
  'Aisha', 'Ben', 'Carlos', 'Dana', 'Elif', 'Farah', 'Gabriel', 'Hana', 'Ivan', 'Jade', 'Kwame', 'Lena',
  'Mateo', 'Nadia', 'Omar', 'Paula', 'Quinn', 'Rafael', 'Sofia', 'Tomas', 'Uma', 'Victor', 'Wen', 'Ximena',
  'Yusuf', 'Zoe', 'Anika', 'Bruno', 'Chloe', 'Diego', 'Emma', 'Felipe', 'Grace', 'Hiro', 'Isla', 'Jonas',
  'Keiko', 'Liam', 'Maya', 'Noah', 'Olga', 'Pedro', 'Rosa', 'Sven', 'Tara', 'Uriel', 'Vera', 'Will',
];

export const LAST_NAMES = [
  'Adeyemi', 'Bauer', 'Chen', 'Dubois', 'Evans', 'Fischer', 'Garcia', 'Haddad', 'Ito', 'Jensen', 'Kowalski',
  'Lopez', 'Mensah', 'Novak', 'Okafor', 'Patel', 'Quispe', 'Rossi', 'Schmidt', 'Tanaka', 'Usman', 'Varga',
  'Wang', 'Xu', 'Yilmaz', 'Zhang', 'Almeida', 'Brennan', 'Castro', 'Desai', 'Eriksen', 'Fontaine', 'Gupta',
  'Horvat', 'Ibrahim', 'Jovanovic', 'Kim', 'Larsen', 'Moreau', 'Nakamura', 'Ortiz', 'Park', 'Reyes', 'Silva',
];

const PARTNER_FIRST = [
  'Aurora', 'Blue', 'Cedar', 'Summit', 'Harbor', 'Granite', 'Silver', 'Maple', 'Northstar', 'Redwood', 'Crescent',
  'Falcon', 'Iron', 'Juniper', 'Keystone', 'Lakeside', 'Meridian', 'Oak', 'Pinnacle', 'Quartz', 'Riverbend',
  'Sapphire', 'Timber', 'Unity', 'Vertex', 'Willow', 'Zenith', 'Atlas', 'Beacon', 'Cobalt', 'Delta', 'Ember',
  'Fjord', 'Glacier', 'Horizon', 'Indigo', 'Jade', 'Kestrel', 'Lumen', 'Mosaic', 'Nimbus', 'Orchid', 'Prairie',
  'Radiant', 'Sequoia', 'Tundra', 'Upland', 'Vista', 'Westwind', 'Yarrow',
];

const PARTNER_SECOND = [
  'Bridge', 'Peak', 'Point', 'Stone', 'Field', 'Wave', 'Ridge', 'Forge', 'Grove', 'Haven', 'Crest', 'Gate',
  'Path', 'Shore', 'Spring', 'Valley', 'Harbour', 'Mill', 'Rock', 'Bay', 'Creek', 'Hill', 'Lake', 'Park',
  'Port', 'Star', 'Sky', 'Wood', 'Line', 'Core', 'Light', 'Mark', 'Arc', 'Loop', 'Tide', 'Hub', 'Works',
  'Cloud', 'Link', 'Net', 'Logic', 'Byte', 'Data', 'Tech', 'Soft', 'Ware', 'Sync', 'Flow', 'Shift', 'Scale',
];

// The last word of a partner's name is dropped from its e-mail slug ("Blue Ridge Systems" →
// blueridge), the same rule that gives owner@northwind.example for Northwind Traders.
const PARTNER_SUFFIX = [
  'Systems', 'Solutions', 'Partners', 'Technologies', 'Group', 'Consulting', 'Networks', 'Digital',
  'Integrators', 'Services', 'IT', 'Labs',
];

const CUSTOMER_FIRST = [
  'Acme', 'Apex', 'Bright', 'Canyon', 'Central', 'Clearwater', 'Coastal', 'Evergreen', 'First', 'Frontier',
  'Golden', 'Great Lakes', 'Heritage', 'Highland', 'Keystone', 'Liberty', 'Lone Star', 'Metro', 'Midland',
  'Mountain', 'National', 'Northern', 'Pacific', 'Pioneer', 'Premier', 'Prime', 'Regal', 'Royal', 'Southern',
  'Sterling', 'Sun', 'Trinity', 'United', 'Valley', 'Western', 'Atlantic', 'Bay Area', 'Capital', 'Eastern',
  'Global',
];

const CUSTOMER_SECOND = [
  'Logistics', 'Dental Group', 'Credit Union', 'Manufacturing', 'Foods', 'Health', 'Insurance', 'Legal LLP',
  'Motors', 'Pharma', 'Realty', 'Retail', 'Shipping', 'Steel', 'Textiles', 'Utilities', 'Hospitality',
  'Engineering', 'Energy', 'Freight', 'Media', 'Biotech', 'Bank', 'Airlines', 'Clinics', 'Schools', 'Hotels',
  'Telecom', 'Construction', 'Farms', 'Outfitters', 'Analytics', 'Architects', 'Labs', 'Holdings',
  'Distribution', 'Packaging', 'Plastics', 'Aerospace', 'Marine', 'Mining', 'Chemicals', 'Apparel', 'Studios',
  'Consulting', 'Transit', 'Water', 'Medical',
];

export const CUSTOMER_NAMES: readonly string[] = CUSTOMER_FIRST.flatMap((a) => CUSTOMER_SECOND.map((b) => `${a} ${b}`));

const GENERATED_NAME_SPACE = PARTNER_FIRST.length * PARTNER_SECOND.length * PARTNER_SUFFIX.length;

/**
 * The i-th generated partner name: every i gives a different name, and consecutive i differ in
 * their first word so the demo list reads as varied.
 */
export function generatedPartnerName(i: number): string {
  const A = PARTNER_FIRST.length;
  const B = PARTNER_SECOND.length;
  const S = PARTNER_SUFFIX.length;
  const round = Math.floor(i / GENERATED_NAME_SPACE);
  const k = i % GENERATED_NAME_SPACE;
  const a = k % A;
  const rest = Math.floor(k / A);
  const r = rest % B;
  const q = Math.floor(rest / B);
  // Each step is a bijection for fixed earlier words, so names never repeat within a round.
  const first = PARTNER_FIRST[a] ?? '';
  const second = PARTNER_SECOND[(r + 7 * a) % B] ?? '';
  const suffix = PARTNER_SUFFIX[(q + a + r) % S] ?? '';
  return round === 0 ? `${first} ${second} ${suffix}` : `${first} ${second} ${suffix} ${round + 1}`;
}

/** "Wide World Importers" → "wideworld"; one-word names keep their word. */
export function slugOf(name: string): string {
  const words = name.toLowerCase().split(/\s+/).filter(Boolean);
  const kept = words.length > 1 ? words.slice(0, -1) : words;
  return kept.join('').replace(/[^a-z0-9]/g, '') || 'partner';
}

/** Hands out unique slugs: a second "blueridge" becomes "blueridge2". */
export class SlugBook {
  private readonly used = new Map<string, number>();

  take(wanted: string): string {
    const n = this.used.get(wanted);
    if (n === undefined) {
      this.used.set(wanted, 1);
      return wanted;
    }
    let k = n + 1;
    while (this.used.has(`${wanted}${k}`)) k++;
    this.used.set(wanted, k);
    this.used.set(`${wanted}${k}`, 1);
    return `${wanted}${k}`;
  }
}

export function personName(rng: Rng): { first: string; last: string } {
  return { first: rng.pick(FIRST_NAMES), last: rng.pick(LAST_NAMES) };
}
