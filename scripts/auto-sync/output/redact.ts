// The one place secrets are removed from text. Every line auto-sync prints or writes
// (console, report, state, PR bodies) passes through a Redactor built from the configured tokens.

export type Redactor = (text: string) => string;

const MASK = '***';

/** All the forms in which a secret can leak: as is, URL-encoded, and base64 at any alignment. */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>([secret, encodeURIComponent(secret), encodeURIComponent(encodeURIComponent(secret))]);
  for (const prefix of ['', 'x-access-token:', 'x-oauth-basic:', ':']) {
    const full = Buffer.from(prefix + secret).toString('base64');
    forms.add(full);
    forms.add(full.replace(/=+$/, ''));
  }
  // Base64 of a longer text that contains the secret: the secret's bytes appear in one of three
  // alignments; the characters at either edge mix with neighbouring bytes, so they are trimmed.
  const bytes = Buffer.from(secret);
  for (let pad = 0; pad < 3; pad++) {
    const encoded = Buffer.concat([Buffer.alloc(pad), bytes]).toString('base64');
    const start = Math.ceil((pad * 4) / 3) + (pad > 0 ? 1 : 0);
    const usableBytes = pad + bytes.length - ((pad + bytes.length) % 3);
    const end = (usableBytes / 3) * 4;
    const inner = encoded.slice(start, end);
    if (inner.length >= 8) {
      forms.add(inner);
      forms.add(inner.replace(/\+/g, '-').replace(/\//g, '_'));
    }
  }
  return [...forms].filter((form) => form.length >= 4);
}

export function createRedactor(secrets: Iterable<string | undefined>): Redactor {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue;
    for (const form of secretForms(secret)) forms.add(form);
  }
  if (forms.size === 0) return (text) => text;
  const pattern = new RegExp(
    [...forms]
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp)
      .join('|'),
    'g',
  );
  return (text) => text.replace(pattern, MASK);
}

/** Redacts every string inside a JSON-like value (for reports and state). */
export function redactDeep<T>(value: T, redact: Redactor): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, redact)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = redactDeep(item, redact);
    return out as T;
  }
  return value;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
