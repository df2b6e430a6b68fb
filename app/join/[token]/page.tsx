import type { Metadata } from "next";
import { JoinSession } from "../../components/join/JoinSession";

export const metadata: Metadata = { title: "Join a session" };

export default async function JoinPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return <JoinSession token={token} />;
}
