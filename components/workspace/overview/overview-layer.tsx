'use client';

/**
 * The canvas zoomed out (below OVERVIEW_ZOOM): blocks and wires drawn into one <canvas> instead
 * of thousands of DOM elements, the level of detail design tools use. Blocks can still be
 * selected (click, Shift/Ctrl+click, Shift+drag a box), dragged (alone or with the selection)
 * and opened (double-click zooms in on one). Empty space still pans and the wheel still zooms, through
 * React Flow underneath: this layer takes only the pointer events that land on a block.
 *
 * A drag draws everything that stays still once into an offscreen bitmap, then per frame copies
 * it and draws only the moving blocks and their wires, so a drag costs the same at 100 or 5,000
 * blocks. The move is one edit (one undo step) when the pointer is released.
 */
import { drawScene, readTheme, type TView } from './draw';
import { buildScene, tileAt, type TRect, type TScene } from './scene';
import { useEditorCanvas, watchEditor } from './watch';

/** Below this zoom the canvas shows the overview; at and above it, the blocks themselves. */
export const OVERVIEW_ZOOM = 0.4;

export const isOverviewZoom = (zoom: number) => zoom < OVERVIEW_ZOOM;

/** Pointer travel (px) before a press on a block becomes a drag rather than a click. */
const DRAG_THRESHOLD_PX = 3;

interface TDrag {
  pointerId: number;
  hit: string;
  startX: number;
  startY: number;
  ids: Set<string>;
  dx: number;
  dy: number;
  moved: boolean;
  additive: boolean;
}

export function OverviewLayer() {
  const canvasRef = useEditorCanvas((canvas, ctx, { flow, store, setCenter }) => {
    const host = canvas.closest<HTMLElement>('.react-flow');
    if (!host) return () => {};
    const theme = readTheme(host);
    const build = (): TScene => {
      const s = store.getState();
      return buildScene(s.nodes, s.edges, s.annotations.getState());
    };
    let scene = build();
    let frame = 0;
    let drag: TDrag | null = null;
    let still: { bitmap: HTMLCanvasElement; key: string } | null = null;
    let swallowClick = false;

    const view = (): TView => {
      const { transform, width, height } = flow.getState();
      return { x: transform[0], y: transform[1], zoom: transform[2], width, height };
    };
    const viewKey = (v: TView) => `${v.x},${v.y},${v.zoom},${v.width},${v.height}`;
    const dpr = () => window.devicePixelRatio || 1;

    /** Everything that does not move during this drag, drawn once. */
    const drawStill = (v: TView, moving: ReadonlySet<string>): HTMLCanvasElement => {
      const bitmap = document.createElement('canvas');
      bitmap.width = canvas.width;
      bitmap.height = canvas.height;
      const bctx = bitmap.getContext('2d')!;
      bctx.setTransform(dpr(), 0, 0, dpr(), 0, 0);
      drawScene(bctx, scene, v, theme, { except: moving });
      return bitmap;
    };

    const paint = () => {
      frame = 0;
      const v = view();
      const ratio = dpr();
      const width = Math.round(v.width * ratio);
      const height = Math.round(v.height * ratio);
      if (canvas.width !== width || canvas.height !== height) {
        canvas.width = width;
        canvas.height = height;
      }
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, width, height);
      if (drag?.moved) {
        if (!still || still.key !== viewKey(v)) still = { bitmap: drawStill(v, drag.ids), key: viewKey(v) };
        ctx.drawImage(still.bitmap, 0, 0);
        ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
        drawScene(ctx, scene, v, theme, { only: drag.ids, offset: { dx: drag.dx, dy: drag.dy } });
        return;
      }
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      // How many blocks are on screen: for people reading the page with a screen reader and for
      // the editor benchmark, which waits until every block in view is drawn.
      canvas.dataset.drawn = String(drawScene(ctx, scene, v, theme));
    };
    const schedule = () => {
      if (frame === 0) frame = requestAnimationFrame(paint);
    };

    const flowPoint = (event: MouseEvent) => {
      const rect = host.getBoundingClientRect();
      const v = view();
      return { x: (event.clientX - rect.left - v.x) / v.zoom, y: (event.clientY - rect.top - v.y) / v.zoom };
    };
    /** The block under the pointer, unless the pointer is on a control panel above the canvas. */
    const blockAt = (event: MouseEvent) =>
      (event.target as Element | null)?.closest('.react-flow__panel') ? null : tileAt(scene, flowPoint(event));

    const onPointerDown = (event: PointerEvent) => {
      if (event.button !== 0) return;
      const hit = blockAt(event);
      if (!hit) return;
      // Cancelling the press keeps React Flow from panning (no mouse events follow it).
      event.preventDefault();
      event.stopPropagation();
      host.setPointerCapture(event.pointerId);
      const ids = hit.selected ? new Set(scene.tiles.filter((t) => t.selected).map((t) => t.id)) : new Set([hit.id]);
      drag = {
        pointerId: event.pointerId,
        hit: hit.id,
        startX: event.clientX,
        startY: event.clientY,
        ids,
        dx: 0,
        dy: 0,
        moved: false,
        additive: event.shiftKey || event.ctrlKey || event.metaKey,
      };
      swallowClick = true;
    };
    const onPointerMove = (event: PointerEvent) => {
      if (!drag) {
        const over = blockAt(event);
        host.classList.toggle('overview-over-block', over !== null);
        // The block's name as a tooltip: at this zoom it is too small to read on the tile.
        if (over) host.title = over.title;
        else host.removeAttribute('title');
        return;
      }
      if (event.pointerId !== drag.pointerId) return;
      event.stopPropagation();
      const distance = Math.hypot(event.clientX - drag.startX, event.clientY - drag.startY);
      if (!drag.moved) {
        if (distance < DRAG_THRESHOLD_PX) return;
        drag.moved = true;
        // Dragging a block that is not selected moves it alone, and selects it (as on the canvas).
        if (!scene.byId.get(drag.hit)?.selected) store.getState().selectOnly(drag.hit);
      }
      const { zoom } = view();
      drag.dx = (event.clientX - drag.startX) / zoom;
      drag.dy = (event.clientY - drag.startY) / zoom;
      schedule();
    };
    const onPointerUp = (event: PointerEvent) => {
      if (!drag || event.pointerId !== drag.pointerId) return;
      event.stopPropagation();
      if (host.hasPointerCapture(event.pointerId)) host.releasePointerCapture(event.pointerId);
      const done = drag;
      drag = null;
      still = null;
      const s = store.getState();
      if (done.moved && event.type === 'pointerup') {
        const positions = new Map<string, { x: number; y: number }>();
        for (const id of done.ids) {
          const tile = scene.byId.get(id);
          if (tile) positions.set(id, { x: tile.x + done.dx, y: tile.y + done.dy });
        }
        s.setPositions(positions);
      } else if (!done.moved) {
        if (done.additive) s.toggleSelected(done.hit);
        else s.selectOnly(done.hit);
        s.focusNode(done.hit);
      }
      schedule();
    };
    const onClick = (event: MouseEvent) => {
      // The click that ends a press on a block is not a click on empty canvas (which deselects).
      if (swallowClick) event.stopPropagation();
      swallowClick = false;
    };
    const onDoubleClick = (event: MouseEvent) => {
      const hit = blockAt(event);
      if (!hit) return;
      event.preventDefault();
      event.stopPropagation();
      void setCenter(hit.x + hit.width / 2, hit.y + hit.height / 2, { zoom: 1, duration: 250 });
    };

    const listeners: [string, (event: never) => void][] = [
      ['pointerdown', onPointerDown],
      ['pointermove', onPointerMove],
      ['pointerup', onPointerUp],
      ['pointercancel', onPointerUp],
      ['click', onClick],
      ['dblclick', onDoubleClick],
    ];
    for (const [type, listener] of listeners) host.addEventListener(type, listener as EventListener, { capture: true });
    // Shift+drag on empty canvas: React Flow draws the box; the blocks wholly inside it are selected.
    let box: TRect | null = null;
    const selectInBox = (rect: TRect) => {
      const v = view();
      const area = { x: (rect.x - v.x) / v.zoom, y: (rect.y - v.y) / v.zoom, width: rect.width / v.zoom, height: rect.height / v.zoom };
      const inside = scene.tiles.filter(
        (t) => t.x >= area.x && t.y >= area.y && t.x + t.width <= area.x + area.width && t.y + t.height <= area.y + area.height,
      );
      store.getState().selectMany(inside.map((t) => t.id));
    };
    const stopWatching = watchEditor(flow, store, {
      view(s, prev) {
        schedule();
        if (s.userSelectionActive && s.userSelectionRect) box = s.userSelectionRect;
        else if (prev.userSelectionActive && !s.userSelectionActive && box) {
          selectInBox(box);
          box = null;
        }
      },
      graph() {
        scene = build();
        schedule();
      },
    });
    schedule();
    return () => {
      for (const [type, listener] of listeners) host.removeEventListener(type, listener as EventListener, { capture: true });
      host.classList.remove('overview-over-block');
      host.removeAttribute('title');
      stopWatching();
      cancelAnimationFrame(frame);
    };
  });

  return (
    <canvas
      ref={canvasRef}
      data-testid="canvas-overview"
      aria-label="Overview of the flow: zoom in to edit blocks"
      className="pointer-events-none absolute inset-0 z-[3] h-full w-full"
    />
  );
}
