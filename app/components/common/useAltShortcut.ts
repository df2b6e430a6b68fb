"use client";

import { useEffect, useRef } from "react";

/**
 * Alt + a letter (by physical key, so it works on every keyboard layout and with macOS's Option characters) runs
 * `action` from anywhere in the studio: the top bar's dialogs and panels open this way (Alt+E, Alt+H, Alt+X).
 */
export function useAltShortcut(code: `Key${string}`, action: () => void): void {
  const latest = useRef(action);
  useEffect(() => {
    latest.current = action;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && !e.ctrlKey && !e.metaKey && e.code === code) {
        e.preventDefault();
        latest.current();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [code]);
}
