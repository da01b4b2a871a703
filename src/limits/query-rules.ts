// Limits on the shape of a document, judged before execution: depth, aliases and directives with
// graphql-armor's rules (each memoises a fragment's count the first time it is walked, so a
// "fragment fan" that spreads every fragment twice costs linear, not exponential, time), tokens
// with graphql-js's own parser option.
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { GraphQLError, Lexer, parse, Source, TokenKind, type ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { LimitSettings } from './settings.js';

/** Armor reports through a callback; this turns its message into one coded error on the request. */
function reporter(code: string) {
  return (context: ValidationContext | null, error: GraphQLError): void => {
    const message = error.message.replace(/^Syntax Error: /, '');
    context?.reportError(new GraphQLError(message, { extensions: { code } }));
  };
}

/**
 * Brackets (`{`, `[`, `(`) open at once, at most. graphql-js parses, validates and coerces nested
 * selections and list or object literals recursively, so thousands of levels within the token cap
 * would overflow the stack; this lexes the document once, without recursion, and refuses it first.
 */
const MAX_NESTING = 100;
const OPENING = new Set<string>([TokenKind.BRACE_L, TokenKind.BRACKET_L, TokenKind.PAREN_L]);
const CLOSING = new Set<string>([TokenKind.BRACE_R, TokenKind.BRACKET_R, TokenKind.PAREN_R]);

function checkNesting(source: string | Source, maxTokens: number): void {
  const lexer = new Lexer(typeof source === 'string' ? new Source(source) : source);
  let depth = 0;
  for (let count = 0; count <= maxTokens; count++) {
    const token = lexer.advance();
    if (token.kind === TokenKind.EOF) return;
    if (OPENING.has(token.kind) && ++depth > MAX_NESTING) {
      throw new GraphQLError(`Syntax Error: Document nests more than ${MAX_NESTING} brackets deep.`, {
        extensions: { code: 'QUERY_TOO_DEEP' },
      });
    }
    if (CLOSING.has(token.kind)) depth--;
  }
}

export function useQueryRules(limits: Pick<LimitSettings, 'maxDepth' | 'maxAliases' | 'maxDirectives' | 'maxTokens'>): Plugin {
  const rules = [
    maxDepthRule({
      n: limits.maxDepth,
      // A fragment spread or inline fragment is not a level of its own: `...F` selects fields at the
      // level it appears on, as if written there.
      flattenFragments: true,
      propagateOnRejection: false,
      onReject: [reporter('QUERY_TOO_DEEP')],
    }),
    maxAliasesRule({ n: limits.maxAliases, propagateOnRejection: false, onReject: [reporter('TOO_MANY_ALIASES')] }),
    maxDirectivesRule({ n: limits.maxDirectives, propagateOnRejection: false, onReject: [reporter('TOO_MANY_DIRECTIVES')] }),
  ];
  return {
    onParse({ setParseFn }) {
      // graphql-js stops lexing at the limit, so a huge document is refused without building its AST.
      setParseFn((source, options) => {
        checkNesting(source, limits.maxTokens);
        return parse(source, { ...options, maxTokens: limits.maxTokens });
      });
    },
    onValidate({ addValidationRule }) {
      for (const rule of rules) addValidationRule(rule);
    },
  };
}
