import { Suspense } from 'react';
import { NavLink, Outlet } from 'react-router';
import type { Permission } from '../../../shared/permissions';
import { Spinner } from '../components/Spinner';
import { useSessionInfo } from '../features/auth/authStore';
import { CriticalAlertToasts } from './CriticalAlertToasts';
import { NavIcon, type NavIconName } from './NavIcon';
import { usePushedEvents } from './usePushedEvents';
import { UserMenu } from './UserMenu';

/** `permission`: the role must grant it for the item to show (the route says why to anyone who comes anyway). */
const NAV: { to: string; label: string; icon: NavIconName; permission?: Permission }[] = [
  { to: '/dashboard', label: 'Dashboard', icon: 'dashboard' },
  { to: '/timeline', label: 'Timeline', icon: 'timeline', permission: 'audit:read' },
  { to: '/import', label: 'Import', icon: 'import', permission: 'audit:append' },
  { to: '/alerts', label: 'Alerts', icon: 'alerts', permission: 'audit:read' },
  { to: '/forecasts', label: 'Forecasts', icon: 'forecasts', permission: 'forecast:read' },
  { to: '/reports', label: 'Reports', icon: 'reports', permission: 'audit:export' },
  { to: '/integrity', label: 'Integrity', icon: 'integrity', permission: 'audit:verify' },
  { to: '/users', label: 'Users', icon: 'users', permission: 'users:manage' },
  { to: '/settings', label: 'Settings', icon: 'settings' },
];

export function AppShell() {
  usePushedEvents();
  const permissions = useSessionInfo()?.permissions;
  const items = NAV.filter((item) => !item.permission || permissions?.includes(item.permission));
  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Main">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">W</span>
          <span className="brand-name">Watchdog</span>
        </div>
        <ul className="nav-list">
          {items.map((item) => (
            <li key={item.to}>
              <NavLink to={item.to} className={({ isActive }) => (isActive ? 'nav-link active' : 'nav-link')} data-testid={`nav-${item.to.slice(1)}`}>
                <NavIcon name={item.icon} />
                <span>{item.label}</span>
              </NavLink>
            </li>
          ))}
        </ul>
        <UserMenu />
      </nav>
      <main className="content" id="content">
        <Suspense
          fallback={
            <div className="screen-loading">
              <Spinner />
            </div>
          }
        >
          <Outlet />
        </Suspense>
      </main>
      <CriticalAlertToasts />
    </div>
  );
}
