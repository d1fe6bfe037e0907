import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';

const EMAIL = {
  SMTP_URL: 'smtp://pulse:secret@127.0.0.1:2525',
  PULSE_MAIL_FROM: 'Partner Pulse <pulse@contoso.example>',
  PULSE_PUBLIC_URL: 'https://pulse.contoso.example/',
  PULSE_UNSUBSCRIBE_SECRET: '0123456789abcdef0123456789abcdef',
};

const message = (env: Record<string, string>) => {
  const r = loadConfig(env);
  return r.ok ? 'ok' : r.error.message;
};

describe('email configuration', () => {
  it('is off without SMTP_URL, and on with it and its three companions', () => {
    expect(message({})).toBe('ok');
    const r = loadConfig(EMAIL);
    expect(r.ok && r.value.PULSE_PUBLIC_URL).toBe('https://pulse.contoso.example');
  });

  it('names the one variable that is wrong or missing, in one line', () => {
    expect(message({ ...EMAIL, SMTP_URL: 'http://mail.example.com' })).toBe(
      'SMTP_URL must be smtp://user:password@host:587 or smtps://user:password@host:465 (see .env.example)',
    );
    expect(message({ ...EMAIL, PULSE_MAIL_FROM: 'Partner Pulse' })).toBe('PULSE_MAIL_FROM must be an address such as "Partner Pulse <pulse@example.com>" (see .env.example)');
    expect(message({ ...EMAIL, PULSE_PUBLIC_URL: 'pulse.contoso.example' })).toBe('PULSE_PUBLIC_URL must be an http(s) URL such as https://pulse.example.com (see .env.example)');
    expect(message({ ...EMAIL, PULSE_UNSUBSCRIBE_SECRET: 'short' })).toBe('PULSE_UNSUBSCRIBE_SECRET must be at least 32 characters (it signs unsubscribe links) (see .env.example)');
    expect(message({ SMTP_URL: EMAIL.SMTP_URL, PULSE_MAIL_FROM: EMAIL.PULSE_MAIL_FROM, PULSE_UNSUBSCRIBE_SECRET: EMAIL.PULSE_UNSUBSCRIBE_SECRET })).toBe(
      'PULSE_PUBLIC_URL is required when SMTP_URL is set (the address of `pulse serve` that unsubscribe links open) (see .env.example)',
    );
    expect(message({ SMTP_URL: EMAIL.SMTP_URL })).toMatch(/^PULSE_MAIL_FROM is required when SMTP_URL is set/);
  });
});
