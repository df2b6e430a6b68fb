import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import "./styles/tokens.css";
import "./styles/globals.css";

export const metadata: Metadata = {
  title: {
    default: "Bandspace — make music together",
    template: "%s · Bandspace",
  },
  description: "A real-time collaborative music studio in the browser.",
  applicationName: "Bandspace",
};

export const viewport: Viewport = {
  colorScheme: "dark",
  themeColor: "#0f1114",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
