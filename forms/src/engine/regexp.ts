import { RE2JS } from 're2js';

/**
 * Admin-authored `pattern`s run in RE2 (re2js): matching is linear in the input, so no pattern,
 * however written, can hang the server (`^(a+)+$` against a long string is catastrophic in V8's
 * backtracking engine and instant here). RE2 has no backreferences or lookaround; such a pattern
 * is refused when the form is saved, with a message that says so.
 */
export function re2RegExp(pattern: string, flags: string): { test(s: string): boolean; toString(): string } {
  const re = RE2JS.compile(pattern, flags.includes('i') ? RE2JS.CASE_INSENSITIVE : 0);
  // Ajv keys compiled patterns by toString(): it must differ per pattern, as a RegExp's does.
  return { test: (s: string) => re.test(s), toString: () => `/${pattern}/${flags}` };
}
// Ajv asks for the engine's source for standalone code; Portico never emits standalone code.
re2RegExp.code = 'require("re2js")';

/** Why RE2 refuses a pattern, or undefined when it compiles. */
export function patternProblem(pattern: string): string | undefined {
  try {
    RE2JS.compile(pattern);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}
