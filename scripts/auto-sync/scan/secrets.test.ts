import { describe, expect, it } from 'vitest';
import { scanForSecrets, type ScannedFile } from './secrets.ts';

// Every fake token is assembled at runtime from pieces, so this repository never holds a literal one (push protection).
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const BASE64 = ALNUM + '+/';
function chars(length: number, seed: number, alphabet = ALNUM): string {
  let state = seed;
  let out = '';
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    out += alphabet[state % alphabet.length];
  }
  return out;
}
const pem = (kind: string, body: string) =>
  ['-----BEGIN ' + kind + 'PRIVATE' + ' KEY-----', ...body.match(/.{1,64}/g)!, '-----END ' + kind + 'PRIVATE KEY-----'].join('\n');

const tokens = {
  githubClassic: 'gh' + 'p_' + chars(36, 1),
  githubFineGrained: 'github' + '_pat_' + chars(22, 2) + '_' + chars(59, 3),
  awsKeyId: 'AK' + 'IA' + chars(16, 4, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'),
  awsSecret: chars(40, 5, BASE64),
  slackBot: 'xo' + 'xb-' + chars(11, 6, '0123456789') + '-' + chars(13, 7, '0123456789') + '-' + chars(24, 8),
  slackWebhook: 'https://hooks.slack.com/' + 'services/T' + chars(10, 9) + '/B' + chars(10, 10) + '/' + chars(24, 11),
  rsaKeyBody: 'MII' + 'EowIBAAKCAQEA' + chars(900, 12, BASE64),
  opensshKeyBody: 'b3BlbnNzaC1' + 'rZXktdjEAAAAA' + chars(400, 13, BASE64),
  npm: 'np' + 'm_' + chars(36, 14),
};

const ORDINARY = ['import { join } from "node:path";', '', 'export function load(dir: string) {', '  return join(dir, "x");', '}'];
const withLine = (line: string) => [...ORDINARY.slice(0, 3), line, ...ORDINARY.slice(3)].join('\n'); // secret on line 4

function expectNoLeak(findings: unknown, secret: string) {
  const json = JSON.stringify(findings);
  for (const form of [secret, Buffer.from(secret).toString('base64'), secret.slice(4, 16)]) expect(json).not.toContain(form);
}

describe('scanForSecrets: one case per token kind', () => {
  const cases: { name: string; path: string; line: string; secrets: string[]; rules: string[]; shown?: string }[] = [
    {
      name: 'GitHub classic',
      path: 'src/a.ts',
      line: `const t = "${tokens.githubClassic}";`,
      secrets: [tokens.githubClassic],
      rules: ['github'],
      shown: 'github: ghp_… (40 chars)',
    },
    {
      name: 'GitHub fine-grained',
      path: 'src/a.ts',
      line: `token: ${tokens.githubFineGrained}`,
      secrets: [tokens.githubFineGrained],
      rules: ['github'],
      shown: 'github: gith… (93 chars)',
    },
    // secretlint's aws rule only sees a secret key after a name like AWS_SECRET_ACCESS_KEY, and skips the AWS docs example.
    {
      name: 'AWS key pair',
      path: '.env',
      line: `AWS_ACCESS_KEY_ID=${tokens.awsKeyId} AWS_SECRET_ACCESS_KEY="${tokens.awsSecret}"`,
      secrets: [tokens.awsKeyId, tokens.awsSecret],
      rules: ['aws', 'aws'],
    },
    {
      name: 'Slack bot token',
      path: 'bot.py',
      line: `SLACK = '${tokens.slackBot}'`,
      secrets: [tokens.slackBot],
      rules: ['slack'],
      shown: `slack: xoxb… (${tokens.slackBot.length} chars)`,
    },
    {
      name: 'Slack webhook',
      path: 'notify.sh',
      line: `curl -X POST ${tokens.slackWebhook}`,
      secrets: [tokens.slackWebhook, tokens.slackWebhook.slice(24)],
      rules: ['slack'],
    },
    {
      name: 'npm token',
      path: 'publish.ts',
      line: `const npmToken = "${tokens.npm}";`,
      secrets: [tokens.npm],
      rules: ['npm'],
      shown: 'npm: npm_… (40 chars)',
    },
  ];
  it.each(cases)('$name is reported on its added line, redacted', async ({ path, line, secrets, rules, shown }) => {
    const findings = await scanForSecrets([{ path, after: withLine(line) }]);
    expect(findings.map((f) => [f.path, f.line, f.rule])).toEqual(rules.map((rule) => [path, 4, rule]));
    if (shown) expect(findings[0]?.shown).toBe(shown);
    for (const secret of secrets) expectNoLeak(findings, secret);
  });

  it.each([
    ['RSA ', tokens.rsaKeyBody],
    ['OPENSSH ', tokens.opensshKeyBody],
  ])('a %sPEM private key block is reported at its BEGIN line', async (kind, body) => {
    const findings = await scanForSecrets([{ path: 'deploy/key.pem', after: `# deploy key\n${pem(kind, body)}\n` }]);
    expect(findings.map((f) => [f.line, f.rule])).toEqual([[2, 'privatekey']]);
    expectNoLeak(findings, body);
    expectNoLeak(findings, body.slice(0, 64));
  });
});

describe('scanForSecrets: only added lines count', () => {
  const secretLine = `const t = "${tokens.githubClassic}";`;

  it('does not report a token already present in before, even when moved within the file', async () => {
    const before = withLine(secretLine);
    const after = [secretLine, ...ORDINARY, 'export const more = 1;'].join('\n');
    expect(await scanForSecrets([{ path: 'a.ts', before, after }])).toEqual([]);
  });

  it('reports a token added to a modified file with its line number (CRLF too), and a duplicated copy', async () => {
    const before = ORDINARY.join('\r\n');
    const after = [...ORDINARY.slice(0, 3), 'const a = 1;', secretLine, ...ORDINARY.slice(3)].join('\r\n');
    expect((await scanForSecrets([{ path: 'a.ts', before, after }])).map((f) => f.line)).toEqual([5]);
    const duplicated = `${withLine(secretLine)}\n${secretLine}`;
    expect((await scanForSecrets([{ path: 'a.ts', before: withLine(secretLine), after: duplicated }])).map((f) => f.line)).toEqual([7]);
  });

  it('reports a PEM block whose body changed under an unchanged header', async () => {
    const before = pem('RSA ', tokens.rsaKeyBody);
    const after = pem('RSA ', tokens.rsaKeyBody.slice(0, 100) + chars(800, 99, BASE64));
    expect((await scanForSecrets([{ path: 'k.pem', before, after }])).map((f) => [f.line, f.rule])).toEqual([[1, 'privatekey']]);
  });

  it('ignores in-file secretlint-disable comments, which hostile content could plant', async () => {
    const after = `// secretlint-disable\n${secretLine} // secretlint-disable-line\n`;
    expect((await scanForSecrets([{ path: 'a.ts', after }])).map((f) => f.rule)).toEqual(['github']);
  });
});

describe('scanForSecrets: no noise, bounded work', () => {
  it('finds nothing in ordinary code with hashes, base64, uuids and the AWS documentation example key', async () => {
    const after = [
      ...ORDINARY,
      'const sha = "9fceb02d0ae598e95dc970b74767f19372d61af8";',
      `const sha256 = "${chars(64, 20, '0123456789abcdef')}";`,
      `"integrity": "sha512-${chars(86, 21, BASE64)}==",`,
      `const blob = "${chars(400, 22, BASE64)}";`,
      'const id = "3f1c2a9e-5b7d-4c1e-9a2f-8d6b4e0c1a7f";',
      `const example = "${'AKIA' + 'IOSFODNN7' + 'EXAMPLE'}"; const account_id = "1234-5678-9012";`,
      'const url = "https://example.com/path?x=1#y";',
    ].join('\n');
    expect(await scanForSecrets([{ path: 'src/ordinary.ts', after }])).toEqual([]);
  });

  it('skips files that look binary', async () => {
    expect(await scanForSecrets([{ path: 'img.png', after: `\x89PNG\0\0${tokens.githubClassic}` }])).toEqual([]);
  });

  it('caps the list at maxFindings, 100 by default', async () => {
    const file = (i: number): ScannedFile => ({ path: `f${i}.ts`, after: `x = "${'gh' + 'p_' + chars(36, 100 + i)}"` });
    const many = Array.from({ length: 150 }, (_, i) => file(i));
    expect((await scanForSecrets(many, { maxFindings: 2 })).map((f) => f.path)).toEqual(['f0.ts', 'f1.ts']);
    expect(await scanForSecrets(many)).toHaveLength(100);
  });

  it('scans 1 MB of ordinary code quickly', async () => {
    const lines = Array.from(
      { length: 20_000 },
      (_, i) => `export const v${i} = compute("${chars(16, i)}", ${i}); // ${chars(8, i + 1, '0123456789abcdef')}`,
    );
    const after = lines.join('\n').slice(0, 1_000_000);
    const start = performance.now();
    expect(await scanForSecrets([{ path: 'big.ts', after }])).toEqual([]);
    expect(performance.now() - start).toBeLessThan(5_000); // measured ~30 ms; the bound only catches a runaway regex
  });
});
