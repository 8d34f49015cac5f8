/** The frame of every signed-in page: the top bar with the logo and the profile menu. */
import { Link, Outlet } from "react-router";
import { useMe } from "../auth.tsx";
import { useBranding } from "../branding.ts";
import { ProfileMenu } from "./ProfileMenu.tsx";

export function Layout() {
  const me = useMe();
  useBranding(me.organization.branding);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top-bar">
        <Link to="/" className="logo" data-testid="logo">
          {me.organization.branding.logoText}
        </Link>
        <ProfileMenu />
      </header>
      <main id="main" className="page" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
