/**
 * The editing surfaces' icons (timeline toolbar, transport, clip editor), part of the one icon set `Icon`
 * draws: 16×16 line paths in currentColor. Kept apart from the general ones only to keep each file short.
 */
export const EDITING_PATHS = {
  zoomIn: (
    <>
      <circle cx="7" cy="7" r="4.5" />
      <path d="m10.5 10.5 3 3M5 7h4M7 5v4" />
    </>
  ),
  zoomOut: (
    <>
      <circle cx="7" cy="7" r="4.5" />
      <path d="m10.5 10.5 3 3M5 7h4" />
    </>
  ),
  fit: (
    <>
      <path d="M2.5 5.5v-3h3M13.5 5.5v-3h-3M2.5 10.5v3h3M13.5 10.5v3h-3" />
      <path d="M5 8h6M6.5 6.5 5 8l1.5 1.5M9.5 6.5 11 8l-1.5 1.5" />
    </>
  ),
  scissors: (
    <>
      <circle cx="4.5" cy="11.5" r="2" />
      <circle cx="11.5" cy="11.5" r="2" />
      <path d="M5.8 10 12 2.5M10.2 10 4 2.5" />
    </>
  ),
  star: <path d="m8 2 1.8 3.8 4.2.5-3.1 2.9.8 4.1L8 11.3l-3.7 2 .8-4.1L2 6.3l4.2-.5z" />,
  magnet: (
    <>
      <path d="M3.5 3v5a4.5 4.5 0 0 0 9 0V3" />
      <path d="M3.5 5.5h2.5M10 5.5h2.5M6 3v5a2 2 0 0 0 4 0V3" />
    </>
  ),
  download: (
    <>
      <path d="M8 2.5V10M5 7l3 3 3-3" />
      <path d="M3 11.5v1a1 1 0 0 0 1 1h8a1 1 0 0 0 1-1v-1" />
    </>
  ),
  upload: (
    <>
      <path d="M8 10.5V3M5 6l3-3 3 3" />
      <path d="M3 11.5v1a1 1 0 0 0 1 1h8a1 1 0 0 0 1-1v-1" />
    </>
  ),
  lyrics: (
    <>
      <path d="M3 3.5h10M3 6.5h10M3 9.5h6" />
      <path d="M11.5 13V9.2l2-.7" />
      <circle cx="10.5" cy="13" r="1" fill="currentColor" />
    </>
  ),
  marker: <path d="M3.5 2.5h8l-2 3 2 3h-8zM3.5 8.5v5" />,
  follow: (
    <>
      <path d="M1.5 8s2.4-4.5 6.5-4.5S14.5 8 14.5 8 12.1 12.5 8 12.5 1.5 8 1.5 8z" />
      <circle cx="8" cy="8" r="2" fill="currentColor" />
    </>
  ),
  pause: (
    <g fill="currentColor" stroke="none">
      <rect x="4" y="3.5" width="3" height="9" rx="0.8" />
      <rect x="9" y="3.5" width="3" height="9" rx="0.8" />
    </g>
  ),
  countIn: (
    <>
      <path d="M2.5 12.5h11" />
      <path d="M4 12.5V9M7 12.5V6.5M10 12.5V4" />
    </>
  ),
  undo: (
    <>
      <path d="M5.5 4 2.5 7l3 3" />
      <path d="M2.5 7h7a4 4 0 0 1 0 8H7" />
    </>
  ),
  redo: (
    <>
      <path d="m10.5 4 3 3-3 3" />
      <path d="M13.5 7h-7a4 4 0 0 0 0 8H9" />
    </>
  ),
  panelRight: (
    <>
      <rect x="2" y="3" width="12" height="10" rx="1.5" />
      <path d="M10 3v10" />
    </>
  ),

  // The clip editor's toolbar.
  pointer: <path d="M3.5 2.5v10l3-3 2 4.5 1.8-.8-2-4.4h4.2z" />,
  quantize: (
    <>
      <path d="M2.5 2.5v11M8 2.5v11M13.5 2.5v11" opacity="0.45" />
      <rect x="2.5" y="5" width="5.5" height="2.5" rx="0.8" fill="currentColor" stroke="none" />
      <rect x="8" y="9" width="5.5" height="2.5" rx="0.8" fill="currentColor" stroke="none" />
    </>
  ),
  velocity: (
    <>
      <path d="M3.5 13.5V8M8 13.5V3.5M12.5 13.5V6" />
      <circle cx="3.5" cy="7" r="1.2" fill="currentColor" />
      <circle cx="8" cy="2.8" r="1.2" fill="currentColor" />
      <circle cx="12.5" cy="5" r="1.2" fill="currentColor" />
    </>
  ),
  minus: <path d="M3 8h10" />,
  rows: <path d="M2.5 4h11M2.5 8h11M2.5 12h11" />,
} as const;
