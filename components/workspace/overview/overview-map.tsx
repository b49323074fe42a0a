'use client';

/**
 * The minimap: every block as a dot in its category colour, and the part in view as a frame.
 * Drawn like the overview (draw.ts), from the editor's nodes, because React Flow's MiniMap only
 * knows the blocks React Flow is drawing. Click or drag on it to move the view there.
 */
import { Panel } from '@xyflow/react';
import { drawScene, readTheme, type TView } from './draw';
import { buildScene, visibleRect, type TRect, type TScene } from './scene';
import { useEditorCanvas, watchEditor } from './watch';

const WIDTH = 160;
const HEIGHT = 100;
const PADDING = 8;

function union(a: TRect | null, b: TRect): TRect {
  if (!a) return b;
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}

function sceneRect(scene: TScene): TRect | null {
  let rect: TRect | null = null;
  for (const t of scene.tiles) rect = union(rect, t);
  return rect;
}

export function OverviewMap() {
  const canvasRef = useEditorCanvas((canvas, ctx, { flow, store, setCenter }) => {
    const theme = readTheme(canvas);
    const ratio = window.devicePixelRatio || 1;
    canvas.width = WIDTH * ratio;
    canvas.height = HEIGHT * ratio;
    let scene: TScene | null = null;
    let sceneBox: TRect | null = null;
    let mapView: TView = { x: 0, y: 0, zoom: 1, width: WIDTH, height: HEIGHT };
    let frame = 0;
    let rebuild: ReturnType<typeof setTimeout> | undefined;
    /** The dots, drawn again only when the blocks or the mapped area change (not on every pan). */
    let dots: { bitmap: HTMLCanvasElement; key: string } | null = null;

    const paint = () => {
      frame = 0;
      if (!scene) {
        const s = store.getState();
        scene = buildScene(s.nodes, s.edges, s.annotations.getState());
        sceneBox = sceneRect(scene);
        dots = null;
      }
      const { transform, width, height } = flow.getState();
      const inView = visibleRect({ x: transform[0], y: transform[1], zoom: transform[2] }, width, height);
      const box = union(sceneBox, inView);
      const zoom = Math.min((WIDTH - 2 * PADDING) / box.width, (HEIGHT - 2 * PADDING) / box.height);
      mapView = {
        zoom,
        x: (WIDTH - box.width * zoom) / 2 - box.x * zoom,
        y: (HEIGHT - box.height * zoom) / 2 - box.y * zoom,
        width: WIDTH,
        height: HEIGHT,
      };
      const key = `${box.x},${box.y},${box.width},${box.height}`;
      if (!dots || dots.key !== key) {
        const bitmap = document.createElement('canvas');
        bitmap.width = canvas.width;
        bitmap.height = canvas.height;
        const bctx = bitmap.getContext('2d')!;
        bctx.setTransform(ratio, 0, 0, ratio, 0, 0);
        // Wires are noise at this size: tiles only.
        drawScene(bctx, { ...scene, wires: [] }, mapView, theme);
        dots = { bitmap, key };
      }
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(dots.bitmap, 0, 0);
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.strokeStyle = theme.primary;
      ctx.lineWidth = 1.5;
      ctx.strokeRect(inView.x * zoom + mapView.x, inView.y * zoom + mapView.y, inView.width * zoom, inView.height * zoom);
    };
    const schedule = () => {
      if (frame === 0) frame = requestAnimationFrame(paint);
    };

    /** Centres the view on the point of the flow under the pointer. */
    const moveTo = (event: PointerEvent) => {
      const rect = canvas.getBoundingClientRect();
      const x = (event.clientX - rect.left - mapView.x) / mapView.zoom;
      const y = (event.clientY - rect.top - mapView.y) / mapView.zoom;
      void setCenter(x, y, { zoom: flow.getState().transform[2] });
    };
    const onPointerDown = (event: PointerEvent) => {
      canvas.setPointerCapture(event.pointerId);
      moveTo(event);
    };
    const onPointerMove = (event: PointerEvent) => {
      if (canvas.hasPointerCapture(event.pointerId)) moveTo(event);
    };
    canvas.addEventListener('pointerdown', onPointerDown);
    canvas.addEventListener('pointermove', onPointerMove);
    // A drag changes the nodes on every step: the dots follow a few times a second, not per frame.
    const stale = () => {
      rebuild ??= setTimeout(() => {
        rebuild = undefined;
        scene = null;
        schedule();
      }, 150);
    };
    const stopWatching = watchEditor(flow, store, { view: schedule, graph: stale });
    schedule();
    return () => {
      canvas.removeEventListener('pointerdown', onPointerDown);
      canvas.removeEventListener('pointermove', onPointerMove);
      stopWatching();
      cancelAnimationFrame(frame);
      clearTimeout(rebuild);
    };
  });

  return (
    <Panel position="bottom-right" className="!m-3 overflow-hidden rounded-lg border border-border bg-surface shadow-sm">
      <canvas
        ref={canvasRef}
        style={{ width: WIDTH, height: HEIGHT }}
        className="block cursor-pointer"
        role="img"
        aria-label="Minimap: click to move the view"
        data-testid="minimap"
      />
    </Panel>
  );
}
