"use client";

import { useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactNode, type RefObject } from "react";
import { createPortal } from "react-dom";
import styles from "./Popover.module.css";

export interface PopoverProps {
  open: boolean;
  onClose: () => void;
  /** The element the popover is placed against (usually its trigger button). */
  anchorRef: RefObject<HTMLElement | null>;
  children: ReactNode;
  placement?: "bottom-start" | "bottom-end" | "bottom" | "top-start";
  /** Accessible name of the popover region. */
  label: string;
  role?: "dialog" | "menu" | "listbox";
  className?: string;
  testId?: string;
  /** Focus the first focusable element on open (default true). */
  autoFocus?: boolean;
}

const GAP = 6;
const MARGIN = 8;

/**
 * A floating panel attached to an anchor. Rendered into <body> (or the open dialog) with fixed positioning so scroll
 * containers never clip it; closes on Escape and on a pointer press outside.
 */
export function Popover({
  open,
  onClose,
  anchorRef,
  children,
  placement = "bottom-start",
  label,
  role = "dialog",
  className,
  testId,
  autoFocus = true,
}: PopoverProps) {
  const panelRef = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState<{ top: number; left: number } | null>(null);

  const place = useCallback(() => {
    const anchor = anchorRef.current;
    const panel = panelRef.current;
    if (!anchor || !panel) return;
    const a = anchor.getBoundingClientRect();
    const w = panel.offsetWidth;
    const h = panel.offsetHeight;
    let left =
      placement === "bottom-end" ? a.right - w : placement === "bottom" ? a.left + a.width / 2 - w / 2 : a.left;
    let top = placement === "top-start" ? a.top - h - GAP : a.bottom + GAP;
    if (top + h > window.innerHeight - MARGIN) top = Math.max(MARGIN, a.top - h - GAP);
    if (top < MARGIN) top = MARGIN;
    left = Math.min(Math.max(MARGIN, left), window.innerWidth - w - MARGIN);
    setPos((p) => (p && p.top === top && p.left === left ? p : { top, left }));
  }, [anchorRef, placement]);

  useLayoutEffect(() => {
    if (!open) {
      setPos(null);
      return;
    }
    place();
  }, [open, place]);

  useEffect(() => {
    if (!open) return;
    const onScroll = () => place();
    const onPointerDown = (e: PointerEvent) => {
      const t = e.target as Node;
      if (panelRef.current?.contains(t) || anchorRef.current?.contains(t)) return;
      onClose();
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        e.preventDefault(); // also keeps an enclosing modal <dialog> open
        e.stopPropagation();
        onClose();
        anchorRef.current?.focus();
      }
    };
    window.addEventListener("resize", onScroll);
    window.addEventListener("scroll", onScroll, true);
    document.addEventListener("pointerdown", onPointerDown, true);
    document.addEventListener("keydown", onKey, true);
    const ro = new ResizeObserver(() => place());
    if (panelRef.current) ro.observe(panelRef.current);
    return () => {
      window.removeEventListener("resize", onScroll);
      window.removeEventListener("scroll", onScroll, true);
      document.removeEventListener("pointerdown", onPointerDown, true);
      document.removeEventListener("keydown", onKey, true);
      ro.disconnect();
    };
  }, [open, onClose, place, anchorRef]);

  useEffect(() => {
    if (!open || !autoFocus) return;
    const id = requestAnimationFrame(() => {
      const panel = panelRef.current;
      if (!panel || panel.contains(document.activeElement)) return;
      const target =
        panel.querySelector<HTMLElement>("[data-autofocus]") ??
        panel.querySelector<HTMLElement>(
          'input:not([disabled]), select:not([disabled]), button:not([disabled]), [tabindex]:not([tabindex="-1"])',
        );
      target?.focus();
    });
    return () => cancelAnimationFrame(id);
  }, [open, autoFocus]);

  if (!open || typeof document === "undefined") return null;
  // Inside a modal <dialog> everything outside it is inert and painted below it: render into the dialog.
  const container = anchorRef.current?.closest("dialog") ?? document.body;
  return createPortal(
    <div
      ref={panelRef}
      role={role}
      aria-label={label}
      data-testid={testId}
      className={`${styles.popover} ${className ?? ""}`}
      style={pos ? { top: pos.top, left: pos.left } : { top: -9999, left: -9999, visibility: "hidden" }}
      onKeyDown={(e) => e.stopPropagation()}
    >
      {children}
    </div>,
    container,
  );
}
