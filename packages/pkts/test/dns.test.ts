// DNS decoding: compressed names in every section, and pointer loops stopped instead of hanging.
import { describe, expect, it } from 'vitest';
import { Decoder, DNS, Ether, IPv4, stack, UDP } from '../src/index.js';

function withDnsBody(body: number[]): Uint8Array {
  const base = stack(Ether(), IPv4(), UDP({ sport: 53, dport: 40000 }), DNS()).bytes();
  const out = new Uint8Array(42 + body.length);
  out.set(base.subarray(0, 42));
  out.set(body, 42);
  // Fix the IP and UDP lengths for the new body.
  const udpLen = 8 + body.length;
  out[16] = (20 + udpLen) >> 8;
  out[17] = (20 + udpLen) & 255;
  out[38] = udpLen >> 8;
  out[39] = udpLen & 255;
  return out;
}

describe('DNS', () => {
  it('reads compressed names in the question, answer, authority and additional sections', () => {
    const name = [3, 119, 119, 119, 7, 101, 120, 97, 109, 112, 108, 101, 3, 99, 111, 109, 0]; // www.example.com
    const body = [
      0x12,
      0x34,
      0x81,
      0x80,
      0,
      1,
      0,
      1,
      0,
      1,
      0,
      1,
      ...name,
      0,
      1,
      0,
      1,
      0xc0,
      12,
      0,
      1,
      0,
      1,
      0,
      0,
      0,
      60,
      0,
      4,
      192,
      0,
      2,
      1, // A, name = pointer to the question
      0xc0,
      16,
      0,
      2,
      0,
      1,
      0,
      0,
      1,
      0,
      0,
      2,
      0xc0,
      16, // NS example.com -> example.com
      0xc0,
      12,
      0,
      28,
      0,
      1,
      0,
      0,
      0,
      5,
      0,
      16,
      0x20,
      1,
      0x0d,
      0xb8,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      1,
    ];
    const d = new Decoder().decode(withDnsBody(body));
    const s = d.dns!.sections();
    expect(s.complete).toBe(true);
    expect(s.qd[0]?.qname).toBe('www.example.com');
    expect(s.an[0]).toMatchObject({ rrname: 'www.example.com', type: 1, ttl: 60, rdata: '192.0.2.1' });
    expect(s.ns[0]).toMatchObject({ rrname: 'example.com', type: 2, rdata: 'example.com' });
    expect(s.ar[0]).toMatchObject({ rrname: 'www.example.com', type: 28, rdata: '2001:db8::1' });
    expect(d.toJSON()['dns.a']).toBe('192.0.2.1');
    expect(d.toJSON()['dns.aaaa']).toBe('2001:db8::1');
  });

  it('stops at a compression pointer loop instead of following it forever', () => {
    // The question name points at itself.
    const body = [0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 12, 0, 1, 0, 1];
    const d = new Decoder().decode(withDnsBody(body));
    expect(d.dns!.readName(12)).toBeUndefined();
    const s = d.dns!.sections();
    expect(s.complete).toBe(false);
    expect(s.qd).toEqual([]);
    expect(d.toJSON()['dns.count.queries']).toBe('1');
    expect(d.toJSON()['dns.qry.name']).toBeUndefined();
  });
});
