import type { Metadata } from "next";
import type { ReactNode } from "react";

export const metadata: Metadata = { title: "Lab", robots: { index: false, follow: false } };

/** Diagnostics pages for tests and benchmarks; nothing links here. */
export default function LabLayout({ children }: { children: ReactNode }) {
  return children;
}
