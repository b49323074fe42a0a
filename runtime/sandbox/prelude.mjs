// @ts-check
/**
 * JavaScript that runs once inside each fresh QuickJS context, before any user code.
 *
 * 1. It locks the realm down: every object reachable from `globalThis` (and the intrinsics that are
 *    reachable only through syntax, such as generator prototypes) is frozen, the global object
 *    included. That is what lets one context serve call after call of different callers: nothing
 *    a call writes can outlive it, because there is nowhere left to write. WeakRef and
 *    FinalizationRegistry are removed (a finalizer could run during a later call).
 * 2. It tames the "override mistake": on a frozen `Error.prototype`, `err.name = 'X'` would fail,
 *    because an inherited read-only property blocks assignment. The usual overridden properties
 *    become accessors whose setter defines an own property on the receiver (as SES does).
 * 3. It returns the runner the host calls: `compile` (a function body or expression into a frozen
 *    function), `call`, `each` and `takeLogs` (what console.* wrote during the last call). Values cross as JSON text both ways; every result comes back
 *    as one string, "0" + JSON on success or "1" + a failure descriptor, so the host reads one
 *    string per call. Only uncatchable errors (interrupt, out of memory while reporting) escape.
 *
 * The host never exposes a host function to the context: there is no bridge to the host at all
 * (console output, too, is only a string the host reads after the call).
 */
export const PRELUDE_FILENAME = 'sandbox-prelude.js';

export const PRELUDE_SOURCE = String.raw`(function () {
  'use strict';
  const G = globalThis;
  const freeze = Object.freeze;
  const getPrototypeOf = Object.getPrototypeOf;
  const getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
  const defineProperty = Object.defineProperty;
  const ownKeys = Reflect.ownKeys;
  const apply = Reflect.apply;
  const parse = JSON.parse;
  const stringify = JSON.stringify;
  const StringOf = String;
  const ErrorBase = Error;
  const TypeErrorBase = TypeError;
  const ArrayOf = Array;
  const FunctionCtor = Function;
  const AsyncFunctionCtor = getPrototypeOf(async function () {}).constructor;
  const PromiseBase = Promise;
  const promiseAll = Promise.all.bind(Promise);

  // --- 1. What must not exist -------------------------------------------------------------
  delete G.WeakRef;
  delete G.FinalizationRegistry;

  // console.* writes to this call's log, which the host takes after the call (takeLogs) and the
  // run shows beside the block. Bounded: a loop of console.log costs little once the log is full.
  // The buffer lives in this closure, out of the code's reach, and every call starts it empty.
  const LOG_MAX_ENTRIES = 100;
  const LOG_MAX_CHARS = 1000;
  const LOG_MAX_TOTAL = 20000;
  let logEntries = [];
  let logChars = 0;
  let logDropped = 0;
  function logArg(value) {
    return typeof value === 'string' ? value : preview(value);
  }
  function writeLog(level, args) {
    if (logEntries.length >= LOG_MAX_ENTRIES || logChars >= LOG_MAX_TOTAL) { logDropped++; return; }
    let text = '';
    for (let i = 0; i < args.length && text.length < LOG_MAX_CHARS; i++) text += (i > 0 ? ' ' : '') + logArg(args[i]);
    if (text.length > LOG_MAX_CHARS) text = text.slice(0, LOG_MAX_CHARS) + '...';
    logChars += text.length;
    logEntries.push([level, text]);
  }
  function logger(level) {
    return function () { writeLog(level, arguments); };
  }
  const noop = function () {};
  const sandboxConsole = {};
  for (const name of ['dir', 'table', 'group', 'groupEnd', 'time', 'timeEnd', 'count']) sandboxConsole[name] = noop;
  sandboxConsole.log = logger('info');
  sandboxConsole.info = logger('info');
  sandboxConsole.trace = logger('debug');
  sandboxConsole.debug = logger('debug');
  sandboxConsole.warn = logger('warn');
  sandboxConsole.error = logger('error');
  sandboxConsole.assert = function (condition) {
    if (!condition) writeLog('error', ['Assertion failed:'].concat(ArrayOf.prototype.slice.call(arguments, 1)));
  };
  defineProperty(G, 'console', { value: sandboxConsole, writable: false, enumerable: false, configurable: false });
  function startLog() {
    logEntries = [];
    logChars = 0;
    logDropped = 0;
  }
  // '' when nothing was written, else JSON: [[level, text], ...].
  function takeLogs() {
    if (logDropped > 0) logEntries.push(['warn', StringOf(logDropped) + ' more console message(s) were left out (at most ' + LOG_MAX_ENTRIES + ' per run of a block).']);
    const text = logEntries.length === 0 ? '' : stringify(logEntries);
    startLog();
    return text;
  }

  // --- 2. Override-mistake taming ----------------------------------------------------------
  function tame(obj, key) {
    const desc = getOwnPropertyDescriptor(obj, key);
    if (!desc || !('value' in desc)) return;
    const value = desc.value;
    defineProperty(obj, key, {
      get: function () { return value; },
      set: function (next) {
        if (this === obj) throw new TypeErrorBase("Cannot change the sandbox's built-in " + StringOf(key));
        defineProperty(this, key, { value: next, writable: true, enumerable: true, configurable: true });
      },
      enumerable: desc.enumerable,
      configurable: false,
    });
  }
  const commonKeys = ['constructor', 'toString', 'toLocaleString', 'valueOf'];
  for (const ctor of [Object, Function, Array, Number, String, Boolean, Symbol, Date, RegExp, Map, Set, WeakMap, WeakSet, Promise, ArrayBuffer, DataView]) {
    for (const key of commonKeys) tame(ctor.prototype, key);
  }
  for (const key of ['hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable']) tame(Object.prototype, key);
  for (const key of ['call', 'apply', 'bind']) tame(Function.prototype, key);
  tame(Date.prototype, 'toJSON');
  for (const ctor of [Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError, AggregateError, G.InternalError]) {
    if (typeof ctor !== 'function') continue;
    for (const key of ['constructor', 'name', 'message', 'toString']) tame(ctor.prototype, key);
  }

  // --- 3. Freeze the realm -----------------------------------------------------------------
  const roots = [G];
  function root(get) {
    try {
      const value = get();
      if (value !== null && (typeof value === 'object' || typeof value === 'function')) roots.push(value);
    } catch (_) { /* feature absent in this engine */ }
  }
  root(function () { return getPrototypeOf(function* () {}); });
  root(function () { return getPrototypeOf(async function () {}); });
  root(function () { return getPrototypeOf(async function* () {}); });
  root(function () { return getPrototypeOf([][Symbol.iterator]()); });
  root(function () { return getPrototypeOf(new Map()[Symbol.iterator]()); });
  root(function () { return getPrototypeOf(new Set()[Symbol.iterator]()); });
  root(function () { return getPrototypeOf(''[Symbol.iterator]()); });
  root(function () { return getPrototypeOf('a'.matchAll(/a/g)); });
  root(function () { return getPrototypeOf(Uint8Array); });
  root(function () { return getPrototypeOf([].values().map(function (x) { return x; })); });
  root(function () { return getPrototypeOf(G.Iterator.from({ next: function () { return { done: true }; } })); });
  root(function () { return getOwnPropertyDescriptor((function () { 'use strict'; return arguments; })(), 'callee').get; });

  const seen = new Set();
  const pending = roots.slice();
  function visit(value) {
    if (((typeof value === 'object' && value !== null) || typeof value === 'function') && !seen.has(value)) {
      seen.add(value);
      pending.push(value);
    }
  }
  for (let i = 0; i < roots.length; i++) seen.add(roots[i]);
  while (pending.length > 0) {
    const obj = pending.pop();
    visit(getPrototypeOf(obj));
    const keys = ownKeys(obj);
    for (let i = 0; i < keys.length; i++) {
      const desc = getOwnPropertyDescriptor(obj, keys[i]);
      if ('value' in desc) visit(desc.value);
      else {
        visit(desc.get);
        visit(desc.set);
      }
    }
    freeze(obj);
  }

  // --- 4. The runner -----------------------------------------------------------------------
  const NOT_JSON = freeze({});
  let notJsonWhat = '';

  function clip(text) {
    return text.length > 300 ? text.slice(0, 300) + '...' : text;
  }

  function preview(value) {
    try {
      if (value === undefined) return 'undefined';
      if (typeof value === 'bigint') return StringOf(value) + 'n';
      if (typeof value === 'symbol' || typeof value === 'function') return StringOf(value);
      const text = stringify(value);
      if (typeof text === 'string') return clip(text);
      return clip(StringOf(value));
    } catch (_) {
      return 'a value that cannot be shown';
    }
  }

  function fail(descriptor) {
    return '1' + stringify(descriptor);
  }

  function describe(error, phase, index) {
    const d = { phase: phase };
    if (index !== undefined) d.index = index;
    try {
      if (error instanceof ErrorBase) {
        d.name = StringOf(error.name);
        d.message = StringOf(error.message);
        d.stack = typeof error.stack === 'string' ? error.stack : '';
      } else {
        d.thrown = preview(error);
      }
    } catch (_) {
      d.thrown = 'a value that cannot be shown';
    }
    return fail(d);
  }

  function replacer(key, value) {
    const type = typeof value;
    if (type === 'function') { notJsonWhat = 'a function'; throw NOT_JSON; }
    if (type === 'symbol') { notJsonWhat = 'a symbol'; throw NOT_JSON; }
    if (type === 'bigint') { notJsonWhat = 'a BigInt'; throw NOT_JSON; }
    return value;
  }

  // Returns JSON text, or a failure string starting with "1".
  function toJson(value, index) {
    if (value === undefined) return fail(index === undefined ? { phase: 'result', notJson: 'undefined' } : { phase: 'result', notJson: 'undefined', index: index });
    try {
      const text = stringify(value, replacer);
      if (typeof text !== 'string') return fail({ phase: 'result', notJson: 'undefined', index: index });
      return text;
    } catch (error) {
      if (error === NOT_JSON) return fail({ phase: 'result', notJson: notJsonWhat, index: index });
      if (error instanceof TypeErrorBase && /circular/i.test(StringOf(error.message))) {
        return fail({ phase: 'result', notJson: 'a circular reference', index: index });
      }
      return describe(error, 'result', index);
    }
  }

  function ok(text) {
    return isFailure(text) ? text : '0' + text;
  }

  function compile(paramsJson, body, isAsync) {
    try {
      const params = parse(paramsJson);
      const fn = isAsync ? new AsyncFunctionCtor(...params, body) : new FunctionCtor(...params, body);
      freeze(fn);
      if (fn.prototype) freeze(fn.prototype);
      return fn;
    } catch (error) {
      return describe(error, 'compile');
    }
  }

  // A body may return a promise without being async ("return p.then(...)"): any
  // promise result is awaited, and the host runs the jobs until it settles.
  function isPromise(value) {
    return value instanceof PromiseBase;
  }

  function call(fn, argsJson) {
    startLog();
    let args;
    try { args = parse(argsJson); } catch (error) { return describe(error, 'input'); }
    let result;
    try { result = apply(fn, undefined, args); } catch (error) { return describe(error, 'run'); }
    if (!isPromise(result)) return ok(toJson(result));
    try {
      return result.then(
        function (value) { return ok(toJson(value)); },
        function (error) { return describe(error, 'run'); }
      );
    } catch (error) {
      return describe(error, 'result');
    }
  }

  function isFailure(text) {
    return text.charCodeAt(0) === 49 /* "1" */ && text.charCodeAt(1) === 123 /* "{" */;
  }

  // One stringify for the whole list; only when it fails are items checked one by one, to name
  // the item at fault.
  function listToJson(values) {
    const n = values.length;
    for (let i = 0; i < n; i++) {
      if (values[i] === undefined) return fail({ phase: 'result', notJson: 'undefined', index: i });
    }
    const text = toJson(values);
    if (!isFailure(text)) return '0' + text;
    for (let i = 0; i < n; i++) {
      const one = toJson(values[i], i);
      if (isFailure(one)) return one;
    }
    return text;
  }

  function each(fn, payloadJson) {
    startLog();
    let items, rest;
    try {
      const payload = parse(payloadJson);
      items = payload[0];
      rest = payload[1];
    } catch (error) {
      return describe(error, 'input');
    }
    const n = items.length;
    const plain = rest.length === 0;
    const values = new ArrayOf(n);
    let promises = false;
    for (let i = 0; i < n; i++) {
      let value;
      try {
        value = plain ? fn(items[i], i) : apply(fn, undefined, [items[i], i, ...rest]);
      } catch (error) {
        return describe(error, 'run', i);
      }
      if (value === undefined) return fail({ phase: 'result', notJson: 'undefined', index: i });
      if (isPromise(value)) promises = true;
      values[i] = value;
    }
    if (!promises) return listToJson(values);
    let failure;
    for (let i = 0; i < n; i++) {
      if (!isPromise(values[i])) continue;
      const index = i;
      try {
        values[i] = values[i].then(undefined, function (error) {
          if (failure === undefined) failure = describe(error, 'run', index);
          throw NOT_JSON;
        });
      } catch (error) {
        return describe(error, 'result', index);
      }
    }
    return promiseAll(values).then(listToJson, function (error) {
      return failure !== undefined ? failure : describe(error, 'run');
    });
  }

  return freeze({ compile: freeze(compile), call: freeze(call), each: freeze(each), takeLogs: freeze(takeLogs) });
})()`;
