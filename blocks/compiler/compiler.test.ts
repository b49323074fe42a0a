import { describe, expect, it } from 'vitest';
import { graph, testRegistry } from '@/blocks/core/testing/test-blocks';
import { planRun, PlanError } from './plan';
import { findCycleEdge, hasErrors, problemsForRun, validateGraph, wouldCreateCycle } from './validate';

const codes = (g: unknown) => validateGraph(g, testRegistry).diagnostics.map((d) => d.code);

describe('validateGraph', () => {
  it('accepts a well-formed flow', () => {
    const result = validateGraph(
      graph(
        [
          ['n', 'number'],
          ['a', 'add'],
        ],
        ['n.out>a.a'],
      ),
      testRegistry,
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.configs.get('n')).toEqual({ value: 1 });
  });

  it('names an unknown block type and an unknown version', () => {
    const g = graph([['n', 'number']]);
    g.nodes.push({ id: 'x', type: 'teleport', version: 1, position: { x: 0, y: 0 }, config: {} });
    g.nodes.push({ id: 'y', type: 'number', version: 7, position: { x: 0, y: 0 }, config: {} });
    const { diagnostics } = validateGraph(g, testRegistry);
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'unknown_block', nodeId: 'x', message: expect.stringContaining('"teleport"') }),
      expect.objectContaining({ code: 'unknown_block_version', nodeId: 'y', message: expect.stringContaining('newest: @1') }),
    ]);
  });

  it('names the config field that fails its schema', () => {
    const { diagnostics } = validateGraph(graph([['n', 'number', { value: 'seven' }]]), testRegistry);
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'invalid_config', nodeId: 'n', path: 'config.value' })]);
  });

  it('refuses ports that do not exist and ports of the wrong type', () => {
    expect(
      codes(
        graph(
          [
            ['n', 'number'],
            ['a', 'add'],
          ],
          ['n.nope>a.a'],
        ),
      ),
    ).toContain('unknown_port');
    expect(
      codes(
        graph(
          [
            ['n', 'number'],
            ['a', 'add'],
          ],
          ['n.out>a.zzz'],
        ),
      ),
    ).toContain('unknown_port');
    const { diagnostics } = validateGraph(
      graph(
        [
          ['n', 'number'],
          ['r', 'rows'],
        ],
        ['n.out>r.in'],
      ),
      testRegistry,
    );
    expect(diagnostics[0]).toMatchObject({ code: 'incompatible_ports', edgeId: 'e0', port: 'in' });
  });

  it('refuses two connections into one input', () => {
    expect(
      codes(
        graph(
          [
            ['n', 'number'],
            ['m', 'number'],
            ['a', 'add'],
          ],
          ['n.out>a.a', 'm.out>a.a'],
        ),
      ),
    ).toContain('input_already_connected');
  });

  it('reports a required input left unconnected, with its port', () => {
    const { diagnostics } = validateGraph(graph([['a', 'add']]), testRegistry);
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'missing_input', nodeId: 'a', port: 'a' })]);
  });

  it('names blocks by their title, never by their internal id, and numbers blocks that share a title', () => {
    const messages = (g: unknown) => validateGraph(g, testRegistry).diagnostics.map((d) => d.message);
    const one = messages(graph([['add-mx8e8kfc2', 'add']]));
    expect(one).toEqual([expect.stringMatching(/^Add is not connected to anything yet/)]);
    const g = graph(
      [
        ['n', 'number', { value: 'seven' }],
        ['add-b', 'add'],
        ['add-a', 'add'],
      ],
      ['n.out>add-b.a', 'n.out>add-b.a'],
    );
    g.nodes[2]!.position.x = -500; // left of the other Add: it is the first
    const all = messages(g).join('\n');
    expect(all).not.toMatch(/add-a|add-b|"n"/);
    expect(all).toContain('Number: config.value:');
    expect(all).toContain('Input "a" of Add #2 already has a connection.');
    expect(all).toContain('Add #1 is not connected to anything yet');
  });

  it('refuses a cycle, naming the edge that closes it', () => {
    const g = graph(
      [
        ['a', 'add'],
        ['b', 'add'],
        ['c', 'add'],
      ],
      ['a.out>b.a', 'b.out>c.a', 'c.out>a.a'],
    );
    expect(findCycleEdge(g)).toMatchObject({ source: 'c', target: 'a' });
    expect(codes(g)).toContain('cycle');
    expect(hasErrors(validateGraph(g, testRegistry).diagnostics)).toBe(true);
  });

  it('finds no cycle in a long chain or a diamond, and a self-loop is one', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => `n${i}`);
    const chain = graph(
      ids.map((id) => [id, 'add'] as [string, 'add']),
      ids.slice(1).map((id, i) => `${ids[i]}.out>${id}.a` as const),
    );
    expect(findCycleEdge(chain)).toBeUndefined();
    const diamond = graph(
      [
        ['s', 'number'],
        ['l', 'add'],
        ['r', 'add'],
        ['j', 'add'],
      ],
      ['s.out>l.a', 's.out>r.a', 'l.out>j.a', 'r.out>j.b'],
    );
    expect(findCycleEdge(diamond)).toBeUndefined();
    expect(wouldCreateCycle(diamond.edges, 'j', 's')).toBe(true);
    expect(wouldCreateCycle(diamond.edges, 's', 'j')).toBe(false);
    expect(wouldCreateCycle([], 'a', 'a')).toBe(true);
  });

  it('reports structural problems without crashing', () => {
    expect(codes({ schemaVersion: 1, nodes: 'many' })).toContain('invalid_graph');
  });
});

describe('planRun', () => {
  const flow = graph(
    [
      ['start', 'start'],
      ['const', 'number'],
      ['sum', 'add'],
      ['other', 'start'],
      ['lonely', 'add'],
      ['note', 'note'],
    ],
    ['start.out>sum.a', 'const.out>sum.b', 'other.out>lonely.a'],
  );
  const validated = validateGraph(flow, testRegistry);

  it('runs the trigger, what is downstream, and the data those need, in dependency order', () => {
    expect(planRun(validated, 'start')).toEqual({ triggerId: 'start', steps: ['start', 'const', 'sum'] });
  });

  it('without a trigger, plans every executable block and never a note', () => {
    const plan = planRun(validated);
    expect(plan.steps).not.toContain('note');
    expect(plan.steps).toHaveLength(5);
    expect(plan.steps.indexOf('start')).toBeLessThan(plan.steps.indexOf('sum'));
    expect(plan.steps.indexOf('other')).toBeLessThan(plan.steps.indexOf('lonely'));
  });

  it('is the same for the same graph', () => {
    expect(planRun(validateGraph(structuredClone(flow), testRegistry), 'start')).toEqual(planRun(validated, 'start'));
  });

  it('refuses to start from a block that is not a trigger', () => {
    expect(() => planRun(validated, 'sum')).toThrow(PlanError);
  });

  it('orders independent branches by id, wherever the blocks sit (a test run, a preview and a deployed app agree)', () => {
    const branches = graph(
      [
        ['start', 'start'],
        ['b', 'add'],
        ['a', 'add'],
      ],
      ['start.out>a.a', 'start.out>b.a'],
    );
    const at = (positions: Record<string, number>) =>
      planRun(
        validateGraph(
          { ...branches, nodes: branches.nodes.map((n) => ({ ...n, position: { x: positions[n.id] ?? 0, y: 0 } })) },
          testRegistry,
        ),
        'start',
      ).steps;
    expect(at({ start: 0, a: 500, b: 100 })).toEqual(['start', 'a', 'b']);
    expect(at({ start: 900, a: 0, b: 100 })).toEqual(['start', 'a', 'b']);
  });
});

describe('code syntax in block settings', () => {
  it('names the block, field and line of a syntax error, without running anything', async () => {
    const { blockRegistry } = await import('@/blocks/registry');
    const g = {
      schemaVersion: 1,
      nodes: [
        { id: 'c', type: 'constant', version: 1, position: { x: 0, y: 0 }, config: {} },
        { id: 'x', type: 'expression', version: 1, position: { x: 1, y: 0 }, config: { expression: 'input.map(r => r.a' } },
        { id: 'k', type: 'code', version: 1, position: { x: 2, y: 0 }, config: { source: 'const a = 1;\nreturn a +;' } },
        {
          id: 'ok',
          type: 'code',
          version: 1,
          position: { x: 3, y: 0 },
          config: { source: 'const r = await Promise.resolve(input);\nreturn r;' },
        },
      ],
      edges: [{ id: 'e', source: 'c', sourcePort: 'out', target: 'x', targetPort: 'in' }],
    };
    const problems = validateGraph(g, blockRegistry).diagnostics.filter((d) => d.code === 'invalid_code');
    expect(problems).toEqual([
      expect.objectContaining({ nodeId: 'x', path: 'config.expression', message: expect.stringMatching(/line 1/) }),
      expect.objectContaining({ nodeId: 'k', path: 'config.source', message: expect.stringMatching(/line 2/) }),
    ]);
  });
});

describe('problemsForRun', () => {
  const blockingCodes = (g: ReturnType<typeof graph>, triggerId?: string) => {
    const validated = validateGraph(g, testRegistry);
    const { blocking, warnings } = problemsForRun(validated, planRun(validated, triggerId).steps);
    expect(warnings.every((w) => w.severity !== 'error')).toBe(true);
    return { blocking: blocking.map((d) => `${d.code}@${d.nodeId}`), warnings: warnings.map((d) => `${d.code}@${d.nodeId}`) };
  };

  it('lets a run go past a block that is not connected to anything, as a warning', () => {
    const g = graph(
      [
        ['s', 'start'],
        ['r', 'rows'],
        ['loose', 'add'],
      ],
      ['s.out>r.in'],
    );
    expect(hasErrors(validateGraph(g, testRegistry).diagnostics)).toBe(true); // deploy stays strict
    expect(blockingCodes(g, 's')).toEqual({ blocking: [], warnings: ['missing_input@loose'] });
    // Without a trigger every block is on the path, but a block with no wires is only skipped.
    expect(blockingCodes(g).blocking).toEqual([]);
  });

  it('stops a run on a problem of a block it executes, not on one of another trigger', () => {
    const g = graph(
      [
        ['s', 'start'],
        ['t', 'start'],
        ['n', 'number', { value: 'seven' }],
        ['a', 'add'],
        ['b', 'add'],
      ],
      ['s.out>a.b', 't.out>b.b'],
    );
    // a is on s's path and lacks its required input; b is on t's path.
    expect(blockingCodes(g, 's').blocking).toEqual(['missing_input@a']);
    expect(blockingCodes(g, 't').blocking).toEqual(['missing_input@b']);
    expect(blockingCodes(g, 's').warnings).toEqual(expect.arrayContaining(['invalid_config@n', 'missing_input@b']));
  });

  it('stops a run on a block of unknown type wired into its path', () => {
    const g = graph([['s', 'start']], []);
    g.nodes.push({ id: 'x', type: 'teleport', version: 1, position: { x: 0, y: 0 }, config: {} });
    g.edges.push({ id: 'e', source: 's', sourcePort: 'out', target: 'x', targetPort: 'in' });
    expect(blockingCodes(g, 's').blocking).toEqual(['unknown_block@x']);
  });
});
