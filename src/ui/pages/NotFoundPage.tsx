/** Any address that is not a page. */
import { Link } from "react-router";

export function NotFoundPage() {
  return (
    <>
      <h1>Page not found</h1>
      <p>
        There is no page at this address. <Link to="/">Go to your dashboard</Link>.
      </p>
    </>
  );
}
