// The parse cache is bounded in bytes: each document charged for its text, its tree and its plan.
import { Lexer, parse, Source, TokenKind } from 'graphql';
import { describe, expect, it } from 'vitest';
import { documentBytes, documentCaches } from '../../src/perf/document-cache.js';

/** Tokens counted by graphql's own lexer, independently of the cache's walk of the parsed token list. */
function lexedTokens(text: string): number {
  const lexer = new Lexer(new Source(text));
  let n = 1; // <SOF>
  while (lexer.advance().kind !== TokenKind.EOF) n += 1;
  return n + 1; // <EOF>
}

const docOf = (tag: string, padding = 0) =>
  `query ${tag} { customers(vendor: PIMCORE, first: 5) { edges { node { id } } } }${' '.repeat(padding)}`;

describe('documentBytes', () => {
  it('charges two bytes per character and 1 KiB per token, a comment being one token of the parsed list', () => {
    const plain = docOf('A');
    expect(documentBytes(plain, parse(plain))).toBe(2 * plain.length + 1024 * lexedTokens(plain));
    const commented = `${plain}\n# ${'c'.repeat(500)}`;
    expect(documentBytes(commented, parse(commented))).toBe(2 * commented.length + 1024 * (lexedTokens(commented) + 1));
  });

  it('charges a document parsed without locations a token per four characters', () => {
    const text = docOf('B');
    expect(documentBytes(text, parse(text, { noLocation: true }))).toBe(2 * text.length + 1024 * Math.ceil(text.length / 4));
  });
});

describe('documentCaches', () => {
  const charge = (text: string) => documentBytes(text, parse(text));

  it('holds documents up to the budget exactly and drops the least recently used past it', () => {
    const [a, b, c] = ['A', 'B', 'C'].map((tag) => docOf(tag));
    const caches = documentCaches(charge(a!) + charge(b!));
    caches.documentCache.set(a!, parse(a!));
    caches.documentCache.set(b!, parse(b!));
    expect(caches.documentCache.size).toBe(2);
    expect(caches.bytes()).toBe(charge(a!) + charge(b!));
    caches.documentCache.get(a!);
    caches.documentCache.set(c!, parse(c!));
    expect(caches.documentCache.has(b!)).toBe(false);
    expect(caches.documentCache.has(a!) && caches.documentCache.has(c!)).toBe(true);
    expect(caches.bytes()).toBeLessThanOrEqual(charge(a!) + charge(b!));
  });

  it('keeps a document that fills the budget, and not one a character longer', () => {
    const fits = docOf('D');
    const longer = docOf('D', 1);
    const caches = documentCaches(charge(fits));
    caches.documentCache.set(longer, parse(longer));
    expect(caches.documentCache.size).toBe(0);
    caches.documentCache.set(fits, parse(fits));
    expect(caches.bytes()).toBe(charge(fits));
  });

  it('gives texts that failed to parse an eighth of the budget, each charged 8 KiB and its text', () => {
    const broken = (i: number) => `query { ${i} ${'x'.repeat(4_000)}`;
    const charge = 2 * broken(0).length + 8_192;
    // One fits in an eighth of eight charges, two do not; an eighth one byte short holds none.
    const caches = documentCaches(8 * charge);
    for (let i = 0; i < 5; i++) caches.errorCache.set(broken(i), new Error('syntax'));
    expect(caches.errorCache.size).toBe(1);
    expect(caches.errorCache.calculatedSize).toBe(charge);
    const tight = documentCaches(8 * charge - 8);
    tight.errorCache.set(broken(0), new Error('syntax'));
    expect(tight.errorCache.size).toBe(0);
  });
});
