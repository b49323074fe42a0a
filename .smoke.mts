import { createSandbox, SandboxError } from './runtime/sandbox/sandbox';
const sb = await createSandbox();
async function t(label: string, f: () => Promise<unknown>) {
  const s = performance.now();
  try { console.log(label, '=>', JSON.stringify(await f()), (performance.now() - s).toFixed(1) + 'ms'); }
  catch (e) { console.log(label, '=> ERR', e instanceof SandboxError ? `[${e.kind}] ${e.message} line=${e.line} col=${e.column} item=${e.itemIndex}` : e, (performance.now() - s).toFixed(1) + 'ms'); }
}
await t('basic', () => sb.run('return input.a + 1', { a: 1 }));
await t('syntax', () => sb.run('const a = 1;\nconst b = 2\n  a b', null));
await t('throw', () => sb.run('const a = 1;\n\nthrow new Error("boom")', null));
await t('typeerror', () => sb.run('let x;\nreturn x.y', null));
await t('throw str', () => sb.run('throw "oops"', null));
await t('undefined', () => sb.run('const a = 1', null));
await t('fn', () => sb.run('return {f(){}}', null));
await t('bigint', () => sb.run('return 1n', null));
await t('cycle', () => sb.run('const a = {}; a.a = a; return a', null));
await t('async', () => sb.run('const v = await Promise.resolve(41); return v + 1', null));
await t('eval', () => sb.evaluate('a * b + 1', { a: 2, b: 3 }));
await t('eval semicolon', () => sb.evaluate('a * b;', { a: 2, b: 3 }));
await t('each', () => sb.evaluateEach('item * 2 + index + k', [1, 2, 3], { k: 100 }));
await t('each err', () => sb.evaluateEach('item.x.y', [{ x: {} }, {}], {}));
await t('each undefined', () => sb.evaluateEach('item.x', [{ x: 1 }, {}], {}));
await t('loop', () => sb.run('while(true){}', null));
await t('after loop', () => sb.run('return 1', null));
await t('bomb', () => sb.run('const a=[]; while(true) a.push("x".repeat(1e6))', null, { timeoutMs: 10000 }));
await t('after bomb', () => sb.run('return 2', null));
await t('repeat 2**28', () => sb.run('return "x".repeat(2**28).length', null));
await t('ab 1e9', () => sb.run('return new ArrayBuffer(1e9).byteLength', null));
await t('recursion', () => sb.run('function f(n){ return f(n+1) }\nreturn f(0)', null));
await t('json deep', () => sb.run('return JSON.parse("[".repeat(1e5) + "]".repeat(1e5))', null));
await t('after deep', () => sb.run('return 3', null));
await t('globals', () => sb.run('return Object.getOwnPropertyNames(globalThis)', null));
await t('ctor chain', () => sb.run('return ({}).constructor.constructor("return typeof process + typeof require")()', null));
await t('this', () => sb.run('return this.constructor.constructor("return process")()', null));
await t('error name override', () => sb.run('class E extends Error { constructor(m){ super(m); this.name = "E" } }\nconst e = new E("x"); e.message = "y"; const o = {}; o.toString = () => "z"; return [e.name, e.message, String(o)]', null));
await t('leak set', () => sb.run('try { globalThis.leak = input } catch (e) { return e.message }', 'secret'));
await t('proto set', () => sb.run('try { Object.prototype.leak = input } catch (e) { return e.message }', 'secret'));
await t('console', () => sb.run('console.log("hi"); return 1', null));
await t('bigger mem', () => sb.run('return "x".repeat(48*1024*1024).length', null, { memoryBytes: 64 * 1024 * 1024 }));
await t('bigger mem at 32', () => sb.run('return "x".repeat(48*1024*1024).length', null));
console.log(sb.stats());
sb.dispose();
