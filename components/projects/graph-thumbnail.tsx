import { useTranslations } from 'next-intl';
import type { TGraphSummary } from '@/blocks/core/graph';

/** A miniature of the canvas drawn from the summary the server keeps, no graph loaded. */
export function GraphThumbnail({ summary }: { summary: TGraphSummary }) {
  const t = useTranslations('Thumbnail');
  const { points, lines } = summary.thumbnail;
  if (points.length === 0) {
    return (
      <div className="grid h-full place-items-center text-xs text-fg-subtle" aria-label={t('empty')}>
        {t('empty')}
      </div>
    );
  }
  // Points are normalised to 0..1 by the larger extent; centre the drawing in a 2:1 box.
  const width = 200;
  const height = 100;
  const pad = 14;
  const scale = Math.min(width - pad * 2, height - pad * 2);
  const maxX = Math.max(...points.map((p) => p[0]));
  const maxY = Math.max(...points.map((p) => p[1]));
  const offsetX = (width - maxX * scale) / 2;
  const offsetY = (height - maxY * scale) / 2;
  const at = (p: [number, number] | undefined): [number, number] => (p ? [offsetX + p[0] * scale, offsetY + p[1] * scale] : [0, 0]);
  return (
    <svg viewBox={`0 0 ${width} ${height}`} className="h-full w-full" role="img" aria-label={t('blocks', { count: summary.nodeCount })}>
      {lines.map(([a, b], i) => {
        const [x1, y1] = at(points[a]);
        const [x2, y2] = at(points[b]);
        return <line key={i} x1={x1 + 8} y1={y1} x2={x2 - 8} y2={y2} stroke="var(--color-border-strong)" strokeWidth={1.5} />;
      })}
      {points.map((p, i) => {
        const [x, y] = at(p);
        return <rect key={i} x={x - 8} y={y - 5} width={16} height={10} rx={2.5} fill="var(--color-primary)" opacity={0.85} />;
      })}
    </svg>
  );
}
