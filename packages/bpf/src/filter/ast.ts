// Syntax tree of a filter expression, with qualifier inheritance already applied by the parser.

/** The three qualifier slots of a primitive: `tcp src port`, `ether dst host`, `ip6 net`. */
export interface Qualifiers {
  readonly proto?: string;
  readonly dir?: string;
  readonly addr?: string;
}

/** An address-like operand: name, number, dotted IPv4 (maybe with mask), IPv6, MAC, ARCnet. */
export interface IdOperand {
  readonly kind: 'id' | 'num' | 'hid' | 'hid6' | 'eid' | 'aid';
  readonly text: string;
  readonly value: number;
  /** `/len` after an IPv4/IPv6 address. */
  readonly prefix?: number;
  /** `mask A.B.C.D` after an IPv4 address. */
  readonly mask?: string;
  readonly pos: number;
  /** Written with a leading backslash (`\\tcp`). */
  readonly escaped?: boolean;
}

export type Arith =
  | { readonly k: 'num'; readonly value: number }
  | { readonly k: 'len' }
  | {
      readonly k: 'load';
      readonly proto: string;
      readonly index: Arith;
      readonly size: number;
      readonly pos: number;
    }
  | { readonly k: 'bin'; readonly op: string; readonly l: Arith; readonly r: Arith }
  | { readonly k: 'neg'; readonly a: Arith };

export type Expr =
  | { readonly k: 'empty' }
  | { readonly k: 'and' | 'or'; readonly a: Expr; readonly b: Expr }
  | { readonly k: 'not'; readonly a: Expr }
  | { readonly k: 'prim'; readonly q: Qualifiers; readonly id: IdOperand }
  | { readonly k: 'pname'; readonly proto: string; readonly pos: number }
  | { readonly k: 'rel'; readonly op: string; readonly l: Arith; readonly r: Arith }
  | {
      readonly k: 'other';
      readonly name: string;
      readonly proto?: string;
      readonly args: readonly IdOperand[];
      readonly pos: number;
    };
