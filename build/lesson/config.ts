// An exercise's ```yaml check=EX block, validated into an ExerciseConfig. Every
// problem is reported at the lesson line and column of the offending key or value.

import { isMap, isScalar, type Node } from 'yaml';
import { BUILTIN_ID } from '../../runtime/builtins.ts';
import type { Diagnostic } from '../../runtime/diagnostics.ts';
// (from the explorer, not runtime/exercise.ts, so loading lessons never pulls in the compiler)
import { BUILTIN_PROPERTIES } from '../../runtime/check/explore.ts';
import type { ExerciseConfig } from '../../runtime/exercise.ts';
import type { FaultOptions } from '../../runtime/check/types.ts';
import { didYouMean } from './suggest.ts';
import { YamlBlock } from './yaml-block.ts';

export const CONFIG_KEYS = [
  'title', 'model', 'defines', 'forbid', 'starter_fails', 'properties', 'memory', 'fork',
  'preemptions', 'max_states', 'max_steps', 'timeout', 'faults', 'hints', 'points',
] as const;

const IDENT = /^[A-Za-z_]\w*$/;
const SIGNALS: Record<string, number> = { SIGUSR1: 10, SIGUSR2: 12 };

/** What the rest of the lesson tells the config: its models and the invariants each declares. */
export interface ConfigContext {
  /** model name → property names it declares with #pragma invariant */
  models: Map<string, Set<string>>;
}

/** The property names a model offers: its invariants and the built-in ones. */
export function knownProperties(ctx: ConfigContext, model: string): string[] {
  return [...BUILTIN_PROPERTIES, ...(ctx.models.get(model) ?? [])];
}

export function parseCheckConfig(
  text: string, file: string, firstLine: number, exercise: string, ctx: ConfigContext,
): { config?: ExerciseConfig; diagnostics: Diagnostic[] } {
  const y = new YamlBlock(text, file, firstLine);
  const what = `the check configuration of '${exercise}'`;
  const map = y.ok ? y.rootMap(what) : undefined;
  if (!map) return { diagnostics: y.diagnostics };
  const e = y.entries(map, CONFIG_KEYS, what);
  const val = (k: string): Node | null => e.get(k)?.value ?? null;
  const bad = () => y.diagnostics.some((d) => d.severity === 'error');

  for (const k of ['defines', 'starter_fails'] as const) {
    if (!e.has(k)) y.report(0, `${what} has no '${k}' (required)`);
  }
  const model = e.has('model') ? y.string(val('model'), "'model'") : 'default';
  if (model !== undefined && !ctx.models.has(model)) {
    const names = [...ctx.models.keys()];
    y.errorAt(e.get('model')?.value ?? map, names.length === 0
      ? `exercise '${exercise}' needs a model, but the lesson has no \`\`\`c model block`
      : `no model named '${model}'${didYouMean(model, names)}; the lesson's models: ${names.join(', ')}`);
  }
  const props = model !== undefined ? knownProperties(ctx, model) : [...BUILTIN_PROPERTIES];
  const checkProperty = (node: Node, name: string) => {
    if (ctx.models.has(model ?? '') && !props.includes(name)) {
      y.errorAt(node, `unknown property '${name}'${didYouMean(name, props)}; this model offers: ${props.join(', ')}`);
    }
  };

  const config: Partial<ExerciseConfig> = { model: model ?? 'default', forbid: [], hints: [], memory: 'sc', fork: 'atomic', points: 1 };
  if (e.has('title')) config.title = y.string(val('title'), "'title'");
  if (e.has('defines')) {
    const d = y.strings(val('defines'), "'defines'");
    if (d) {
      d.values.forEach((name, i) => { if (!IDENT.test(name)) y.errorAt(d.nodes[i], `'${name}' in 'defines' is not a function name`); });
      const seen = new Set<string>();
      d.values.forEach((name, i) => { if (seen.has(name)) y.errorAt(d.nodes[i], `'${name}' is listed twice in 'defines'`); seen.add(name); });
      if (d.values.length === 0) y.errorAt(val('defines'), "'defines' must name at least one function");
      config.defines = d.values;
    }
  }
  if (e.has('forbid')) {
    const f = y.strings(val('forbid'), "'forbid'");
    if (f) {
      const builtins = Object.keys(BUILTIN_ID);
      f.values.forEach((name, i) => {
        if (!(name in BUILTIN_ID)) y.errorAt(f.nodes[i], `'${name}' in 'forbid' is not a builtin${didYouMean(name, builtins)}`);
      });
      config.forbid = f.values;
    }
  }
  if (e.has('properties')) {
    const p = y.strings(val('properties'), "'properties'");
    if (p) {
      p.values.forEach((name, i) => checkProperty(p.nodes[i]!, name));
      config.properties = p.values;
    }
  }
  if (e.has('starter_fails')) {
    const s = y.string(val('starter_fails'), "'starter_fails'");
    if (s !== undefined) {
      checkProperty(val('starter_fails')!, s);
      if (config.properties && !config.properties.includes(s)) {
        y.errorAt(val('starter_fails'), `'starter_fails: ${s}' is not among the checked 'properties', so the starter could never fail with it`);
      }
      config.starter_fails = s;
    }
  }
  if (e.has('memory')) config.memory = y.oneOf(val('memory'), "'memory'", ['sc', 'tso', 'pso'] as const);
  if (e.has('fork')) config.fork = y.oneOf(val('fork'), "'fork'", ['atomic', 'per-page'] as const);
  if (e.has('preemptions')) config.preemptions = y.integer(val('preemptions'), "'preemptions'", 0, 1000);
  if (e.has('max_states')) config.max_states = y.integer(val('max_states'), "'max_states'", 1);
  if (e.has('max_steps')) config.max_steps = y.integer(val('max_steps'), "'max_steps'", 1);
  if (e.has('timeout')) config.timeout = parseTimeout(y, val('timeout'));
  if (e.has('points')) config.points = y.integer(val('points'), "'points'", 0, 1000);
  if (e.has('hints')) config.hints = y.strings(val('hints'), "'hints'")?.values;
  if (e.has('faults')) config.faults = parseFaults(y, val('faults'));

  if (bad()) return { diagnostics: y.diagnostics };
  return { config: config as ExerciseConfig, diagnostics: y.diagnostics };
}

/** `timeout: 2000` (milliseconds), `timeout: 2s` or `timeout: 500ms`. */
function parseTimeout(y: YamlBlock, node: Node | null): number | undefined {
  if (isScalar(node)) {
    if (typeof node.value === 'number' && Number.isInteger(node.value) && node.value > 0) return node.value;
    const m = typeof node.value === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*(ms|s)\s*$/.exec(node.value) : null;
    if (m) {
      const ms = Math.round(Number(m[1]) * (m[2] === 's' ? 1000 : 1));
      if (ms > 0) return ms;
    }
  }
  y.errorAt(node, "'timeout' must be milliseconds (2000) or a duration such as 2s or 500ms");
  return undefined;
}

function parseFaults(y: YamlBlock, node: Node | null): FaultOptions | undefined {
  if (!isMap(node)) {
    y.errorAt(node, "'faults' must be a mapping, e.g. { kill: { threads: [owner], max: 1 } }");
    return undefined;
  }
  const e = y.entries(node, ['kill', 'signal'], "'faults'");
  const out: FaultOptions = {};
  const kill = e.get('kill');
  if (kill) {
    if (!isMap(kill.value)) y.errorAt(kill.value, "'faults.kill' must be a mapping { threads, max }");
    else {
      const k = y.entries(kill.value, ['threads', 'max'], "'faults.kill'");
      const max = k.has('max') ? y.integer(k.get('max')!.value, "'faults.kill.max'", 1, 100) : undefined;
      if (!k.has('max')) y.errorAt(kill.value, "'faults.kill' needs 'max' (how many kills at most)");
      const threads = k.has('threads') ? y.strings(k.get('threads')!.value, "'faults.kill.threads'")?.values : undefined;
      if (max !== undefined) out.kill = threads ? { threads, max } : { max };
    }
  }
  const sig = e.get('signal');
  if (sig) {
    if (!isMap(sig.value)) y.errorAt(sig.value, "'faults.signal' must be a mapping { threads, signal, max }");
    else {
      const s = y.entries(sig.value, ['threads', 'signal', 'max'], "'faults.signal'");
      const max = s.has('max') ? y.integer(s.get('max')!.value, "'faults.signal.max'", 1, 100) : undefined;
      if (!s.has('max')) y.errorAt(sig.value, "'faults.signal' needs 'max' (how many signals at most)");
      let signal: number | undefined = SIGNALS.SIGUSR1;
      const sn = s.get('signal')?.value ?? null;
      if (sn) {
        if (isScalar(sn) && typeof sn.value === 'string' && sn.value in SIGNALS) signal = SIGNALS[sn.value];
        else signal = y.integer(sn, "'faults.signal.signal'", 1, 64);
      }
      const threads = s.has('threads') ? y.strings(s.get('threads')!.value, "'faults.signal.threads'")?.values : undefined;
      if (max !== undefined && signal !== undefined) out.signal = threads ? { threads, signal, max } : { signal, max };
    }
  }
  return out;
}
