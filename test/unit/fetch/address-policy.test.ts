import { describe, expect, it } from 'vitest';
import { createAddressPolicy } from '../../../src/fetch/address-policy.js';

const strict = createAddressPolicy({ allowPrivate: false, allowCidrs: [] });

describe('address policy', () => {
  it.each([
    '127.0.0.1',
    '127.255.255.254',
    '0.0.0.0',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '100.64.0.1',
    '169.254.169.254',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '::127.0.0.1',
    '64:ff9b::a9fe:a9fe',
    '2002:c0a8:0101::1',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    'fe80::1%eth0',
    'ff02::1',
    '[::1]',
  ])('refuses %s', (ip) => {
    const refusal = strict.refusal(ip);
    expect(refusal?.code).toBe('SSRF_BLOCKED');
    expect(refusal?.retryable).toBe(false);
    expect(refusal?.message).toMatch(/^destination not allowed: .* is a private address \(set network\.allow_private/);
  });

  it.each(['93.184.216.34', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808'])(
    'allows public %s',
    (ip) => {
      expect(strict.refusal(ip)).toBeNull();
    },
  );

  it('names the address in the message', () => {
    expect(strict.refusal('127.0.0.1')?.message).toBe(
      'destination not allowed: 127.0.0.1 is a private address (set network.allow_private or network.allow_cidrs to allow it)',
    );
  });

  it('allows everything with allowPrivate', () => {
    const open = createAddressPolicy({ allowPrivate: true, allowCidrs: [] });
    expect(open.refusal('127.0.0.1')).toBeNull();
    expect(open.refusal('::1')).toBeNull();
  });

  it('allows only the listed CIDRs, IPv4-mapped forms included', () => {
    const policy = createAddressPolicy({ allowPrivate: false, allowCidrs: ['10.1.0.0/16', 'fd00::/8', '192.168.5.5'] });
    expect(policy.refusal('10.1.200.3')).toBeNull();
    expect(policy.refusal('::ffff:10.1.0.9')).toBeNull();
    expect(policy.refusal('fd00::7')).toBeNull();
    expect(policy.refusal('192.168.5.5')).toBeNull();
    expect(policy.refusal('10.2.0.1')?.code).toBe('SSRF_BLOCKED');
    expect(policy.refusal('192.168.5.6')?.code).toBe('SSRF_BLOCKED');
  });

  it.each(['10.0.0.0/33', 'not-a-cidr', '10.0.0.0/8/1', 'fd00::/129'])('rejects the allowCidrs entry %s', (cidr) => {
    expect(() => createAddressPolicy({ allowPrivate: false, allowCidrs: [cidr] })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
  });
});
