import { MessagePage } from "./components/common/MessagePage";

export default function NotFound() {
  return (
    <MessagePage
      icon="alert"
      title="This page doesn't exist"
      body="The address may be mistyped, or the page has moved."
      testId="not-found"
    />
  );
}
