import { describe, expect, it } from 'vitest';
import { PROJECT_TEMPLATES } from '@/blocks/templates';
import { buildProjectFile, copyName, exportFileName, parseProjectFile, PROJECT_FILE_MAX_BYTES } from './project-file';

const good = buildProjectFile(
  { name: 'Guestbook', description: 'Sign it', graph: PROJECT_TEMPLATES.find((t) => t.id === 'guestbook')!.graph },
  new Date('2026-01-02T03:04:05Z'),
);

function withGraph(graph: unknown) {
  return JSON.stringify({ ...good, project: { ...good.project, graph } });
}

function problems(text: string) {
  const result = parseProjectFile(text);
  if (result.ok) throw new Error('expected the file to be refused');
  return result.diagnostics;
}

describe('parseProjectFile', () => {
  it('round-trips an export', () => {
    const result = parseProjectFile(JSON.stringify(good, null, 2));
    expect(result).toEqual({ ok: true, file: good });
  });

  it.each<[string, string, RegExp, Record<string, string>?]>([
    ['an empty file', '  ', /empty/],
    ['invalid JSON, with its line and column', '{\n  "format": "poseidon.project",\n  oops\n}', /not valid JSON.*line 3, column 3/],
    ['a JSON array', '[1,2]', /expected a JSON object/],
    [
      'another kind of file',
      JSON.stringify({ format: 'something-else', formatVersion: 1 }),
      /not a Poseidon project export/,
      { path: 'format' },
    ],
    ['a newer format version', JSON.stringify({ ...good, formatVersion: 2 }), /unsupported version/, { path: 'formatVersion' }],
    ['a missing project name', JSON.stringify({ ...good, project: { ...good.project, name: '' } }), /project\.name: must not be empty/],
    ['a missing graph', JSON.stringify({ ...good, project: { name: 'x' } }), /project\.graph/],
    ['a wrong graph schema version', withGraph({ ...good.project.graph, schemaVersion: 9 }), /project\.graph\.schemaVersion/],
    [
      'a node with a bad position',
      withGraph({ ...good.project.graph, nodes: [{ ...good.project.graph.nodes[0], position: { x: 'a', y: 0 } }], edges: [] }),
      /project\.graph\.nodes\[0\]\.position\.x/,
      { nodeId: 'sign' },
    ],
    [
      'duplicate node ids',
      withGraph({ ...good.project.graph, nodes: [good.project.graph.nodes[0], good.project.graph.nodes[0]], edges: [] }),
      /duplicate node id "sign"/,
      { nodeId: 'sign' },
    ],
    [
      'a dangling edge',
      withGraph({ ...good.project.graph, edges: [{ ...good.project.graph.edges[0], target: 'ghost' }] }),
      /points at missing node "ghost"/,
      { edgeId: 'e1', path: 'project.graph.edges[0].target' },
    ],
  ])('refuses %s, naming the problem', (_kind, text, message, fields) => {
    const diagnostics = problems(text);
    expect(diagnostics.map((d) => d.message).join('\n')).toMatch(message);
    if (fields) expect(diagnostics.some((d) => Object.entries(fields).every(([k, v]) => d[k as keyof typeof d] === v))).toBe(true);
  });

  it('refuses an oversized file without parsing it', () => {
    const diagnostics = problems(' '.repeat(PROJECT_FILE_MAX_BYTES + 1));
    expect(diagnostics[0]).toMatchObject({ code: 'file_too_large' });
  });

  it('reports every problem, not only the first', () => {
    const graph = {
      schemaVersion: 1,
      nodes: [{ id: 'a', type: 'Bad Type', version: 0, position: { x: 0, y: 0 }, config: {} }],
      edges: [{ id: 'e', source: 'a', sourcePort: 'out', target: 'b', targetPort: 'in' }],
    };
    expect(problems(withGraph(graph)).length).toBeGreaterThanOrEqual(3);
  });

  it('names a copy within the name limit', () => {
    expect(copyName('Shop')).toBe('Shop (copy)');
    expect(copyName('x'.repeat(100))).toHaveLength(100);
  });

  it('makes a safe file name', () => {
    expect(exportFileName('My dApp: v2!')).toBe('my-dapp-v2.poseidon.json');
    expect(exportFileName('???')).toBe('project.poseidon.json');
  });
});
