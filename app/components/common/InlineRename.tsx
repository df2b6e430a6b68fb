"use client";

import { useRef, useState } from "react";

/**
 * A name edited in place (a track header, a section marker): focused with its text selected; Enter or leaving
 * the field keeps the name, Escape gives it up (`onDone(null)`). `onDone` runs once, however the edit ends.
 * Its clicks and keys stay inside it, so they neither drag nor select the thing around it nor trigger the
 * studio's shortcuts.
 */
export function InlineRename({
  initial,
  onDone,
  label,
  maxLength,
  className,
  testId,
}: {
  initial: string;
  onDone: (name: string | null) => void;
  /** The accessible name, e.g. "Track name". */
  label: string;
  maxLength: number;
  className?: string;
  testId?: string;
}) {
  const [value, setValue] = useState(initial);
  const done = useRef(false);
  const finish = (name: string | null) => {
    if (done.current) return;
    done.current = true;
    onDone(name);
  };
  return (
    <input
      className={className}
      value={value}
      maxLength={maxLength}
      aria-label={label}
      data-testid={testId}
      autoFocus
      onFocus={(e) => e.currentTarget.select()}
      onChange={(e) => setValue(e.target.value)}
      onPointerDown={(e) => e.stopPropagation()}
      onMouseDown={(e) => e.stopPropagation()}
      onDoubleClick={(e) => e.stopPropagation()}
      onBlur={() => finish(value)}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === "Enter") {
          e.preventDefault();
          finish(value);
        } else if (e.key === "Escape") {
          e.preventDefault();
          finish(null);
        }
      }}
    />
  );
}
