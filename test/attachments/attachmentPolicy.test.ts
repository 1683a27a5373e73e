import { describe, expect, it } from 'vitest';
import { checkDownloadUrl, DEFAULT_ATTACHMENT_HOSTS, hostMatches, isBlockedAddress, isValidHostPattern, parseHostPatterns } from '../../src/app/attachmentPolicy';

const refusal = (url: string, hosts: readonly string[] = DEFAULT_ATTACHMENT_HOSTS) => {
  const checked = checkDownloadUrl(url, hosts);
  return checked.ok ? 'ok' : checked.reason;
};

describe('which URLs the bot may download a file from', () => {
  it('accepts https on a SharePoint/OneDrive host (Teams\' downloadUrl)', () => {
    expect(refusal('https://contoso.sharepoint.com/sites/x/_layouts/15/download.aspx?UniqueId=1&tempauth=abc')).toBe('ok');
    expect(refusal('https://contoso-my.sharepoint.com/personal/a/Documents/verslag.pdf')).toBe('ok');
    expect(refusal('https://CONTOSO.SharePoint.com./x')).toBe('ok');
  });

  it.each([
    ['decimal', 'https://2130706433/healthz'],
    ['octal', 'https://0177.0.0.1/'],
    ['hex', 'https://0x7f.1/'],
    ['short', 'https://127.1/'],
    ['dotted', 'https://127.0.0.1/'],
    ['percent-encoded', 'https://%31%32%37.0.0.1/'],
    ['zero', 'https://0/'],
    ['IPv4-mapped IPv6', 'https://[::ffff:127.0.0.1]/'],
    ['IPv6 loopback', 'https://[::1]/'],
    ['IPv6 unspecified', 'https://[::]/'],
    ['cloud metadata', 'https://169.254.169.254/latest/meta-data/'],
    ['private', 'https://10.0.0.1/'],
  ])('refuses an IP literal, %s notation, even when the operator allows every name', (_label, url) => {
    expect(refusal(url, ['*.sharepoint.com', 'localhost'])).toBe('ip-adres');
  });

  it('refuses other hosts, other schemes, ports and user info', () => {
    expect(refusal('https://evil.example.com/x.pdf')).toBe('host');
    expect(refusal('https://sharepoint.com.evil.example/x')).toBe('host');
    expect(refusal('https://evilsharepoint.com/x')).toBe('host');
    expect(refusal('https://localhost/x')).toBe('host');
    expect(refusal('http://contoso.sharepoint.com/x')).toBe('schema');
    expect(refusal('ftp://contoso.sharepoint.com/x')).toBe('schema');
    expect(refusal('file:///etc/passwd')).toBe('schema');
    expect(refusal('https://contoso.sharepoint.com:8443/x')).toBe('poort');
    expect(refusal('https://user:pw@contoso.sharepoint.com/x')).toBe('inlog');
    expect(refusal('not a url')).toBe('geen-url');
    // Tricks that make a URL look like SharePoint while it points elsewhere.
    expect(refusal('https://school.sharepoint.com@127.0.0.1/x')).toBe('inlog');
    expect(refusal('https://evil.example.com\\@school.sharepoint.com/x')).toBe('host');
    expect(refusal('https://evil.example.com#@school.sharepoint.com/x')).toBe('host');
    expect(refusal('https://school.sharepoint.com.127.0.0.1.nip.io/x')).toBe('host');
  });

  it('an operator widens the list with ATTACHMENT_HOSTS patterns', () => {
    const hosts = [...DEFAULT_ATTACHMENT_HOSTS, ...parseHostPatterns(' files.school.nl , *.blob.core.windows.net ')];
    expect(refusal('https://files.school.nl/a.pdf', hosts)).toBe('ok');
    expect(refusal('https://acct.blob.core.windows.net/c/a.pdf', hosts)).toBe('ok');
    expect(refusal('https://other.school.nl/a.pdf', hosts)).toBe('host');
    expect(hostMatches('blob.core.windows.net', hosts)).toBe(false); // *.x is subdomains only
  });

  it('host patterns are names: no IP addresses, ports or paths', () => {
    expect(isValidHostPattern('files.school.nl')).toBe(true);
    expect(isValidHostPattern('*.sharepoint.com')).toBe(true);
    for (const bad of ['127.0.0.1', '2130706433', 'localhost', 'files.school.nl:8080', 'files.school.nl/x', '*', '*.com.', '::1']) {
      expect(isValidHostPattern(bad), bad).toBe(false);
    }
  });
});

describe('which addresses are never connected to', () => {
  it.each([
    '127.0.0.1', '127.255.255.254', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '100.64.0.1', '100.127.255.255',
    '169.254.169.254', '0.0.0.0', '0.1.2.3', '224.0.0.1', '255.255.255.255',
    '::1', '::', 'fe80::1', 'febf::1', 'fc00::1', 'fd12:3456::1', 'ff02::1',
    '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1', '::ffff:169.254.169.254', '64:ff9b::7f00:1', '2002:7f00:1::1', '::127.0.0.1',
    'fe80::1%eth0', '[::1]', 'not-an-ip',
  ])('%s is blocked', (address) => {
    expect(isBlockedAddress(address)).toBe(true);
  });

  it.each(['52.108.10.20', '13.107.136.9', '172.32.0.1', '100.128.0.1', '2603:1026:c0b::1', '::ffff:52.108.10.20', '2620:1ec:8f8::10'])(
    '%s (public) is allowed',
    (address) => {
      expect(isBlockedAddress(address)).toBe(false);
    },
  );
});

describe('ATTACHMENT_HOSTS', () => {
  it('takes names and *.domain patterns, and stops the bot on an IP address, port or path', async () => {
    const { loadConfig, ConfigError } = await import('../../src/config');
    expect(loadConfig({ ATTACHMENT_HOSTS: 'files.school.nl, *.blob.core.windows.net' }).ATTACHMENT_HOSTS).toBe('files.school.nl, *.blob.core.windows.net');
    for (const bad of ['127.0.0.1', 'files.school.nl:8080', 'files.school.nl/x', 'localhost']) {
      expect(() => loadConfig({ ATTACHMENT_HOSTS: bad }), bad).toThrow(ConfigError);
      expect(() => loadConfig({ ATTACHMENT_HOSTS: bad }), bad).toThrow(/ATTACHMENT_HOSTS: expected host names/);
    }
  });
});
