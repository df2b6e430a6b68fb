import type { Metadata } from "next";
import { Studio } from "../../components/studio/Studio";

export const metadata: Metadata = { title: "Studio" };

export default async function StudioPage({ params }: { params: Promise<{ sessionId: string }> }) {
  const { sessionId } = await params;
  return <Studio sessionId={sessionId} />;
}
