import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { logOut } from '../features/auth/authActions';
import { useAuth } from '../features/auth/authStore';
import { roleLabel } from '../features/auth/access';
import { useDismiss } from '../hooks/useDismiss';

/**
 * Who is logged in, and the account's own actions. A disclosure (a button that shows a short list),
 * not an ARIA menu: Tab moves through the items, Escape or a click elsewhere closes it.
 */
export function UserMenu() {
  const session = useAuth((state) => state.session);
  const storeName = useAuth((state) => state.storeName);
  const [open, setOpen] = useState(false);
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const closeMenu = useCallback(() => setOpen(false), []);
  const location = useLocation();

  useEffect(() => setOpen(false), [location.pathname]);

  useDismiss(open, closeMenu, root, button);

  if (!session) return null;
  return (
    <div className="user-menu" ref={root}>
      {open && (
        <ul className="user-menu-list" id={id}>
          <li>
            <Link className="user-menu-item" to="/password" data-testid="menu-change-password">
              Change password
            </Link>
          </li>
          <li>
            <Link className="user-menu-item" to="/sessions" data-testid="menu-sessions">
              Sessions
            </Link>
          </li>
          <li>
            <button type="button" className="user-menu-item" onClick={() => void logOut()} data-testid="logout">
              Log out
            </button>
          </li>
        </ul>
      )}
      <button
        type="button"
        ref={button}
        className="user-menu-button"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        onClick={() => setOpen((value) => !value)}
        data-testid="user-menu"
      >
        <span className="user-avatar" aria-hidden="true">
          {initials(session.displayName)}
        </span>
        <span className="user-menu-text">
          <span className="user-menu-name">{session.displayName}</span>
          <span className="user-menu-role" data-testid="user-role">
            {roleLabel(session.role)}
          </span>
        </span>
      </button>
      {storeName && <p className="sidebar-foot">{storeName}</p>}
    </div>
  );
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0], parts[parts.length - 1]] : parts;
  return letters.map((part) => part?.charAt(0).toUpperCase() ?? '').join('') || '?';
}
