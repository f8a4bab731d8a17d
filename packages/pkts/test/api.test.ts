// The building API: typed stacks, get/has/at, mutation, clone, build into a caller's buffer, fuzz, errors.
import { describe, expect, it } from 'vitest';
import {
  BufferTooSmallError,
  type BuildState,
  bindLayers,
  Decoder,
  DNS,
  Dot1Q,
  decode,
  defineLayer,
  Ether,
  fuzz,
  ICMP,
  IPv4,
  IPv6,
  Layer,
  LayerNotFoundError,
  MalformedPacketError,
  Raw,
  stack,
  TCP,
  UDP,
} from '../src/index.js';

describe('slash-operator building', () => {
  it('div and stack give the same typed packet', () => {
    const a = Ether({ dst: '00:11:22:33:44:55' })
      .div(IPv4({ dst: '10.0.0.2' }))
      .div(TCP({ dport: 80, flags: 'S' }))
      .div(Raw('hi'));
    const b = stack(
      Ether({ dst: '00:11:22:33:44:55' }),
      IPv4({ dst: '10.0.0.2' }),
      TCP({ dport: 80, flags: 'S' }),
      Raw('hi'),
    );
    expect(Buffer.from(a.bytes())).toEqual(Buffer.from(b.bytes()));
    expect(a.length).toBe(4);
    // Typed access and mutation.
    a.get(TCP).sport = 1234;
    expect(a.get(TCP).sport).toBe(1234);
    const d = new Decoder().decode(a.bytes());
    expect(d.tcp?.sport).toBe(1234);
    expect(d.tcp?.flags).toBe(2);
    expect(d.ipv4?.dst).toBe('10.0.0.2');
    expect(d.ipv4?.checksumValid).toBe(true);
    // @ts-expect-error UDP is not a layer of an Ether/IPv4/TCP/Raw stack: a type error.
    expect(() => a.get(UDP)).toThrow(LayerNotFoundError);
    expect(a.has(UDP)).toBe(false);
    expect(a.has(TCP)).toBe(true);
    expect(a.at(1).kind).toBe('IPv4');
    expect(a.at(-1)?.kind).toBe('Raw');
  });

  it('fills lengths, checksums and type fields but keeps what the user set, even wrong', () => {
    const p = stack(Ether(), IPv4({ chksum: 0xdead, len: 999 }), UDP({ chksum: 0 }), Raw('x'));
    const d = new Decoder().decode(p.bytes());
    expect(d.eth?.type).toBe(0x0800);
    expect(d.ipv4?.checksum).toBe(0xdead);
    expect(d.ipv4?.totalLength).toBe(999);
    expect(d.udp?.checksum).toBe(0);
    expect(d.udp?.len).toBe(9);
  });

  it('clones deeply', () => {
    const p = stack(Ether(), IPv4(), TCP({ options: [{ kind: 'MSS', value: 1460 }] }));
    const c = p.clone();
    c.get(TCP).dport = 443;
    expect(p.get(TCP).dport).toBeUndefined();
    expect(Buffer.from(c.bytes())).not.toEqual(Buffer.from(p.bytes()));
    expect(c.get(TCP).options).not.toBe(p.get(TCP).options);
  });

  it('builds into a caller buffer, and says when it is too small', () => {
    const p = stack(Ether(), IPv6(), UDP(), Raw(new Uint8Array(10)));
    const buf = new Uint8Array(200);
    const n = p.buildInto(buf, 7);
    expect(n).toBe(14 + 40 + 8 + 10);
    expect(Buffer.from(buf.subarray(7, 7 + n))).toEqual(Buffer.from(p.bytes()));
    expect(() => p.buildInto(new Uint8Array(20))).toThrow(BufferTooSmallError);
  });

  it('a user-defined layer joins the bind registry', () => {
    class Custom extends Layer {
      readonly kind = 'Custom';
      value?: number;
      headerLength(): number {
        return 2;
      }
      write(buf: Uint8Array, off: number, _pl: number, _s: BuildState, _i: number): void {
        buf[off] = 0xab;
        buf[off + 1] = this.value ?? 0;
      }
    }
    const CustomL = defineLayer(Custom);
    bindLayers(UDP, CustomL, { dport: 9999 });
    const p = stack(Ether(), IPv4(), UDP(), CustomL({ value: 7 }));
    expect(new Decoder().decode(p.bytes()).udp?.dport).toBe(9999);
    expect(p.get(CustomL).value).toBe(7);
  });

  it('summary, show, toJSON and hexdump describe the packet', () => {
    const p = stack(
      Ether(),
      Dot1Q({ vlan: 42 }),
      IPv4({ src: '192.0.2.1', dst: '192.0.2.2' }),
      UDP({ sport: 5353, dport: 53 }),
      DNS({ qd: [{ qname: 'example.org', qtype: 28 }] }),
    );
    expect(p.summary()).toMatch(
      /802.1Q vlan 42 .* IP 192.0.2.1 > 192.0.2.2 .* UDP 5353 > 53 .* DNS query .* example.org/,
    );
    const j = p.toJSON();
    expect(j['vlan.id']).toBe('42');
    expect(j['dns.qry.name']).toBe('example.org');
    expect(j['dns.qry.type']).toBe('28');
    expect(p.show()).toContain('###[ UDP ]###');
    expect(p.show()).toMatch(/len\s+= 37\s+\(auto\)/);
    expect(p.hexdump().split('\n')[0]).toMatch(/^0000 {2}ff ff ff ff ff ff/);
  });
});

describe('decoding', () => {
  it('decode() round-trips and reports truncation instead of throwing', () => {
    const bytes = stack(
      Ether(),
      IPv4(),
      TCP({ options: [{ kind: 'Timestamp', value: [1, 2] }] }),
      Raw('abc'),
    ).bytes();
    expect(Buffer.from(decode(bytes).bytes())).toEqual(Buffer.from(bytes));
    const cut = bytes.subarray(0, 40);
    const d = new Decoder().decode(cut);
    expect(d.tcp?.truncated).toBe(true);
    // The data offset byte was not captured, so only the fixed 20 bytes are known to be missing from.
    expect(d.tcp?.missing).toBe(20 - 6);
    expect(d.tcp?.window).toBe(0);
    expect(d.toJSON()['tcp.srcport']).toBe('20');
    expect(d.toJSON()['tcp.window_size_value']).toBeUndefined();
    expect(() => decode(cut, 1, { strict: true })).toThrow(MalformedPacketError);
    expect(() => d.check()).toThrow(/tcp at offset 34 is truncated/);
  });

  it('views re-point without reallocating', () => {
    const d = new Decoder();
    const a = stack(Ether(), IPv4({ ttl: 5 }), ICMP()).bytes();
    const b = stack(Ether(), IPv4({ ttl: 9 }), ICMP()).bytes();
    const v1 = d.decode(a).ipv4;
    const v2 = d.decode(b).ipv4;
    expect(v1).toBe(v2);
    expect(v2?.ttl).toBe(9);
  });
});

describe('fuzz', () => {
  it('randomizes unset fields, keeps set and computed ones, and always builds', () => {
    let seed = 1;
    const rnd = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed >> 16;
    };
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const p = fuzz(stack(Ether(), IPv4({ dst: '10.0.0.1', frag: 0 }), TCP({ dport: 80 }), Raw('x')), rnd);
      const d = new Decoder().decode(p.bytes());
      expect(d.ipv4?.dst).toBe('10.0.0.1');
      expect(d.tcp?.dport).toBe(80);
      expect(d.ipv4?.checksumValid).toBe(true);
      expect(d.ipv4?.proto).toBe(6);
      seen.add(d.tcp?.sport ?? -1);
    }
    expect(seen.size).toBeGreaterThan(150);
  });
  it('decoding fuzzed and random bytes raises no exception; strict mode raises only typed errors', () => {
    const d = new Decoder();
    let state = 7;
    const buf = new Uint8Array(256);
    let typed = 0;
    for (let i = 0; i < 20000; i++) {
      const base = fuzz(stack(Ether(), IPv4(), UDP({ dport: 53 }), DNS({ qd: [{ qname: 'a.b' }] }))).bytes();
      buf.set(base.subarray(0, Math.min(base.length, 256)));
      for (let k = 0; k < 4; k++) {
        state = (state * 1103515245 + 12345) & 0x7fffffff;
        buf[state % base.length] = state >> 8;
      }
      const len = (state >> 4) % (base.length + 1);
      d.decode(buf, 0, len, [1, 101, 0, 113, 276][i % 5]!);
      d.toJSON();
      d.toPacket().bytes();
      try {
        d.check();
      } catch (e) {
        expect(e).toBeInstanceOf(MalformedPacketError);
        typed++;
      }
    }
    expect(typed).toBeGreaterThan(0);
  });
});
