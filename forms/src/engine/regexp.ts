import { RE2JS } from 're2js';
import { isLinearInV8 } from './linear-pattern.js';

/**
 * Admin-authored `pattern`s run in RE2 (re2js): matching is linear in the input, so no pattern,
 * however written, can hang the server (`^(a+)+$` against a long string is catastrophic in V8's
 * backtracking engine and instant here). RE2 has no backreferences or lookaround; such a pattern
 * is refused when the form is saved, with a message that says so. The common simple patterns
 * (`^[0-9]{3} ?[0-9]{2}$`) that V8 provably matches in linear time run in V8 (see linear-pattern.ts).
 */
export function re2RegExp(pattern: string, flags: string): { test(s: string): boolean; toString(): string } {
  // A pattern V8 provably runs in linear time (isLinearInV8) keeps V8's engine: several times
  // faster than re2js, and just as safe.
  if (isLinearInV8(pattern, flags)) {
    try {
      return new RegExp(pattern, flags);
    } catch {
      // Not valid for V8 after all: RE2 decides below.
    }
  }
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
