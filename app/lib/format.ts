import type { Role } from "@bandspace/protocol";

const rtf = new Intl.RelativeTimeFormat("en", { numeric: "auto" });

/** "just now", "5 minutes ago", "yesterday", "3 weeks ago". */
export function formatRelative(ms: number, now = Date.now()): string {
  const diff = (ms - now) / 1000;
  const abs = Math.abs(diff);
  if (abs < 45) return "just now";
  const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
    ["minute", 60],
    ["hour", 3600],
    ["day", 86400],
    ["week", 604800],
    ["month", 2629800],
    ["year", 31557600],
  ];
  let chosen: [Intl.RelativeTimeFormatUnit, number] = units[0];
  for (const u of units) if (abs >= u[1]) chosen = u;
  return rtf.format(Math.round(diff / chosen[1]), chosen[0]);
}

const dateFmt = new Intl.DateTimeFormat("en", { day: "numeric", month: "short", year: "numeric" });
const timeFmt = new Intl.DateTimeFormat("en", { hour: "2-digit", minute: "2-digit" });

/** "12 Mar 2026, 14:05" */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${dateFmt.format(d)}, ${timeFmt.format(d)}`;
}

/** Sentence fragments for what a role lets someone do: "can edit", "can comment", "can view", "owner". */
export const ROLE_PHRASE: Record<Role, string> = {
  owner: "owner",
  edit: "can edit",
  comment: "can comment",
  view: "can view",
};

/** Short badge labels. */
export const ROLE_BADGE: Record<Role, string> = {
  owner: "Owner",
  edit: "Editor",
  comment: "Commenter",
  view: "Viewer",
};
