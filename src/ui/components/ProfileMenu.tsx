/**
 * The profile icon in the upper right corner and its menu, in the order the help article
 * names: the user's name (profile page), My Options, Account Options, Account Users and
 * Audit Log (administrators only), Calendar, Sign out. Keyboard use follows the WAI-ARIA menu
 * button pattern: arrows move, Home/End jump, Escape closes and returns focus.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { Link } from "react-router";
import { isAdmin, useMe } from "../auth.tsx";
import { useSignOut } from "../useSignOut.ts";
import { ProfileIcon } from "./icons.tsx";

interface MenuEntry {
  label: string;
  to?: string;
  testId: string;
}

export function ProfileMenu() {
  const me = useMe();
  const signOut = useSignOut();
  const menuId = useId();
  const [open, setOpen] = useState(false);
  const [activeIndex, setActiveIndex] = useState(0);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLUListElement>(null);

  const entries: MenuEntry[] = [
    { label: me.user.name, to: "/profile", testId: "menu-profile" },
    { label: "My Options", to: "/options", testId: "menu-my-options" },
    ...(isAdmin(me)
      ? [
          { label: "Account Options", to: "/account/options", testId: "menu-account-options" },
          { label: "Account Users", to: "/account/users", testId: "menu-account-users" },
          { label: "Audit Log", to: "/account/audit", testId: "menu-audit-log" },
        ]
      : []),
    { label: "Calendar", to: "/calendar", testId: "menu-calendar" },
    { label: "Sign out", testId: "menu-sign-out" },
  ];

  useEffect(() => {
    if (!open) return;
    menuRef.current?.querySelectorAll<HTMLElement>("[role=menuitem]")[activeIndex]?.focus();
  }, [open, activeIndex]);

  useEffect(() => {
    if (!open) return;
    const closeOnOutsidePress = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target)) setOpen(false);
    };
    document.addEventListener("pointerdown", closeOnOutsidePress);
    return () => document.removeEventListener("pointerdown", closeOnOutsidePress);
  }, [open]);

  const openAt = (index: number) => {
    setActiveIndex(index);
    setOpen(true);
  };
  const close = (returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) buttonRef.current?.focus();
  };

  const onButtonKeyDown = (event: KeyboardEvent) => {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      openAt(0);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      openAt(entries.length - 1);
    }
  };

  const onMenuKeyDown = (event: KeyboardEvent) => {
    const last = entries.length - 1;
    const moves: Record<string, number> = {
      ArrowDown: activeIndex === last ? 0 : activeIndex + 1,
      ArrowUp: activeIndex === 0 ? last : activeIndex - 1,
      Home: 0,
      End: last,
    };
    const next = moves[event.key];
    if (next !== undefined) {
      event.preventDefault();
      setActiveIndex(next);
    } else if (event.key === "Escape") {
      event.preventDefault();
      close(true);
    } else if (event.key === "Tab") {
      close(false);
    }
  };

  return (
    <div className="profile-menu">
      <button
        ref={buttonRef}
        type="button"
        className="icon-button profile-button"
        aria-label="Profile"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={menuId}
        data-testid="profile-menu-button"
        onClick={() => (open ? close(false) : openAt(0))}
        onKeyDown={onButtonKeyDown}
      >
        <ProfileIcon />
      </button>
      <ul ref={menuRef} id={menuId} role="menu" aria-label="Profile" className="menu" hidden={!open} onKeyDown={onMenuKeyDown}>
        {entries.map((entry, index) => (
          <li key={entry.testId} role="none">
            {entry.to ? (
              <Link to={entry.to} role="menuitem" tabIndex={index === activeIndex ? 0 : -1} data-testid={entry.testId} onClick={() => close(false)}>
                {entry.label}
              </Link>
            ) : (
              <button
                type="button"
                role="menuitem"
                tabIndex={index === activeIndex ? 0 : -1}
                data-testid={entry.testId}
                onClick={() => {
                  close(false);
                  signOut();
                }}
              >
                {entry.label}
              </button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
