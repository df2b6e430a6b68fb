import type { SVGProps } from "react";
import { EDITING_PATHS } from "./iconPathsEditing";

/** Inline 16×16 line icons (currentColor), so they follow text colour and need no requests. */
const GENERAL_PATHS = {
  play: <path d="M5 3.5v9l7.5-4.5z" fill="currentColor" stroke="none" />,
  stop: <rect x="4" y="4" width="8" height="8" rx="1" fill="currentColor" stroke="none" />,
  record: <circle cx="8" cy="8" r="4.5" fill="currentColor" stroke="none" />,
  toStart: (
    <>
      <path d="M4 3.5v9" />
      <path d="M12.5 3.5v9L6 8z" fill="currentColor" stroke="none" />
    </>
  ),
  loop: (
    <>
      <path d="M3 7V6a2 2 0 0 1 2-2h7.5" />
      <path d="M10.5 2 12.5 4l-2 2" />
      <path d="M13 9v1a2 2 0 0 1-2 2H3.5" />
      <path d="M5.5 14 3.5 12l2-2" />
    </>
  ),
  metronome: (
    <>
      <path d="M5.8 2.5h4.4l2.3 11H3.5z" />
      <path d="M8 10.5 11.5 4" />
    </>
  ),
  plus: <path d="M8 3v10M3 8h10" />,
  trash: (
    <>
      <path d="M3 4.5h10M6.5 4.5V3h3v1.5" />
      <path d="M4.5 4.5l.6 8.2a1 1 0 0 0 1 .8h3.8a1 1 0 0 0 1-.8l.6-8.2" />
    </>
  ),
  chevronUp: <path d="m4 10 4-4 4 4" />,
  chevronDown: <path d="m4 6 4 4 4-4" />,
  caretDown: <path d="M5 6.5h6L8 10z" fill="currentColor" stroke="none" />,
  grip: (
    <g fill="currentColor" stroke="none">
      <circle cx="6" cy="4" r="1.1" />
      <circle cx="10" cy="4" r="1.1" />
      <circle cx="6" cy="8" r="1.1" />
      <circle cx="10" cy="8" r="1.1" />
      <circle cx="6" cy="12" r="1.1" />
      <circle cx="10" cy="12" r="1.1" />
    </g>
  ),
  audio: <path d="M1.5 8h1.5M4.5 5.5v5M7 3v10M9.5 5v6M12 6.5v3M14.5 8h-.5" />,
  instrument: (
    <>
      <rect x="2" y="3" width="12" height="10" rx="1.5" />
      <path d="M5.5 3v6M8 3v6M10.5 3v6M5.5 9v4M8 9v4M10.5 9v4" />
      <path
        d="M4.6 3h1.8v5.5H4.6zM7.1 3h1.8v5.5H7.1zM9.6 3h1.8v5.5H9.6z"
        fill="currentColor"
        stroke="none"
        opacity="0.9"
      />
    </>
  ),
  share: (
    <>
      <path d="M8 10V2.5M5 5.5l3-3 3 3" />
      <path d="M3.5 8.5v4a1 1 0 0 0 1 1h7a1 1 0 0 0 1-1v-4" />
    </>
  ),
  link: (
    <>
      <path d="M6.8 9.2a2.6 2.6 0 0 0 3.7 0l2-2a2.6 2.6 0 0 0-3.7-3.7l-.7.7" />
      <path d="M9.2 6.8a2.6 2.6 0 0 0-3.7 0l-2 2a2.6 2.6 0 0 0 3.7 3.7l.7-.7" />
    </>
  ),
  copy: (
    <>
      <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" />
      <path d="M10.5 5.5V3.8a1.3 1.3 0 0 0-1.3-1.3H3.8a1.3 1.3 0 0 0-1.3 1.3v5.4a1.3 1.3 0 0 0 1.3 1.3h1.7" />
    </>
  ),
  check: <path d="m3.5 8.5 3 3 6-7" />,
  close: <path d="m4 4 8 8M12 4l-8 8" />,
  alert: (
    <>
      <path d="M8 2.2 14.2 13H1.8z" />
      <path d="M8 6.5v3" />
      <circle cx="8" cy="11.3" r="0.6" fill="currentColor" />
    </>
  ),
  info: (
    <>
      <circle cx="8" cy="8" r="6" />
      <path d="M8 7.2v4" />
      <circle cx="8" cy="5" r="0.6" fill="currentColor" />
    </>
  ),
  help: (
    <>
      <circle cx="8" cy="8" r="6" />
      <path d="M6.3 6.3a1.8 1.8 0 1 1 2.5 1.6c-.5.3-.8.6-.8 1.2v.3" />
      <circle cx="8" cy="11.4" r="0.6" fill="currentColor" />
    </>
  ),
  cloudCheck: (
    <>
      <path d="M4.5 12.5a3 3 0 0 1-.3-6 4 4 0 0 1 7.7-.9 3.2 3.2 0 0 1 .3 6.9z" />
      <path d="m6.2 9.2 1.4 1.4 2.4-2.6" />
    </>
  ),
  cloudOff: (
    <>
      <path d="M4.5 12.5a3 3 0 0 1-.3-6 4 4 0 0 1 1-1.9M7.5 3.7a4 4 0 0 1 4.4 1.9 3.2 3.2 0 0 1 2.1 5.5M11 12.5H7" />
      <path d="m2.5 2.5 11 11" />
    </>
  ),
  eye: (
    <>
      <path d="M1.5 8s2.4-4.5 6.5-4.5S14.5 8 14.5 8 12.1 12.5 8 12.5 1.5 8 1.5 8z" />
      <circle cx="8" cy="8" r="2" />
    </>
  ),
  comment: <path d="M2.5 3.5h11v7.5H7L4 13.5V11H2.5z" />,
  pencil: (
    <>
      <path d="M10.5 2.5 13.5 5.5 5.5 13.5H2.5v-3z" />
      <path d="m9 4 3 3" />
    </>
  ),
  crown: <path d="M2.5 12.5h11M3 11 2.5 5l3 2.5L8 3.5l2.5 4 3-2.5-.5 6z" />,
  users: (
    <>
      <circle cx="6" cy="5.5" r="2.3" />
      <path d="M1.8 13.3c.4-2.3 2.1-3.6 4.2-3.6s3.8 1.3 4.2 3.6" />
      <path d="M10.5 3.4a2.3 2.3 0 0 1 0 4.3M12 9.9c1.2.5 2 1.7 2.2 3.4" />
    </>
  ),
  arrowRight: <path d="M3 8h10M9 4l4 4-4 4" />,
  arrowLeft: <path d="M13 8H3M7 4 3 8l4 4" />,
  keyboard: (
    <>
      <rect x="1.5" y="4" width="13" height="8" rx="1.5" />
      <path d="M4 6.5h.5M6.3 6.5h.5M8.6 6.5h.5M10.9 6.5h.5M4 9.5h8" />
    </>
  ),
  lanes: <path d="M2.5 3.5h11M2.5 8h11M2.5 12.5h7" />,
  /** Three faders: the mixer. */
  mixer: <path d="M4 2v12M8 2v12M12 2v12M2.5 10h3M6.5 5h3M10.5 8h3" />,
  wave: <path d="M1.5 8c1.2 0 1.2-4 2.4-4s1.2 8 2.5 8 1.2-8 2.4-8 1.3 8 2.5 8 1.2-4 3.2-4" />,
  /** An input's channels, as DAWs draw them: one ring for mono, two overlapping rings for stereo. */
  mono: <circle cx="8" cy="8" r="4" />,
  stereo: (
    <>
      <circle cx="5.75" cy="8" r="3.75" />
      <circle cx="10.25" cy="8" r="3.75" />
    </>
  ),
  mic: (
    <>
      <rect x="5.5" y="1.8" width="5" height="8" rx="2.5" />
      <path d="M3.5 7.5a4.5 4.5 0 0 0 9 0M8 12v2.2" />
    </>
  ),
  music: (
    <>
      <path d="M6 12V3.5l7-1.5V10.5" />
      <circle cx="4.3" cy="12" r="1.8" />
      <circle cx="11.3" cy="10.5" r="1.8" />
    </>
  ),
  home: <path d="M2.5 7.5 8 3l5.5 4.5V13a.5.5 0 0 1-.5.5H9.5V10h-3v3.5H3a.5.5 0 0 1-.5-.5z" />,
  clock: (
    <>
      <circle cx="8" cy="8" r="6" />
      <path d="M8 4.8V8l2.2 1.5" />
    </>
  ),
  history: (
    <>
      <path d="M2.5 8a5.5 5.5 0 1 0 1.6-3.9" />
      <path d="M2.5 2.5v2.5H5" />
      <path d="M8 5v3l2 1.5" />
    </>
  ),
  restore: (
    <>
      <path d="M4 6.5h6a3 3 0 0 1 0 6H6" />
      <path d="M6.5 4 4 6.5 6.5 9" />
    </>
  ),
  compare: (
    <>
      <path d="M5 2.5v11M11 2.5v11" />
      <path d="M2.5 6h5M8.5 10h5" />
    </>
  ),
  download: (
    <>
      <path d="M8 2.5v8M4.8 7.5 8 10.7l3.2-3.2" />
      <path d="M2.5 12.5v1h11v-1" />
    </>
  ),
} as const;

/** The one icon set: every surface draws its icons from here. */
const PATHS = { ...GENERAL_PATHS, ...EDITING_PATHS };

export type IconName = keyof typeof PATHS;

export type IconSvgProps = { size?: number } & SVGProps<SVGSVGElement>;

/** The 16×16 line-icon frame every icon set here draws into (stroke in currentColor, hidden from readers). */
export function IconSvg({ size = 16, children, ...rest }: IconSvgProps) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.5}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      {...rest}
    >
      {children}
    </svg>
  );
}

export function Icon({ name, ...rest }: { name: IconName } & IconSvgProps) {
  return <IconSvg {...rest}>{PATHS[name]}</IconSvg>;
}
