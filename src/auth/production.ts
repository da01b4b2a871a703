// What a production deployment does not show: the schema (introspection) and "Did you mean …?"
// suggestions that leak it field by field. GraphiQL is handled in gateway.ts (served or not).
import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import type { Plugin } from 'graphql-yoga';

export function useSchemaPrivacy(introspection: boolean): Plugin[] {
  if (introspection) return [];
  return [useDisableIntrospection(), blockFieldSuggestionsPlugin()];
}
