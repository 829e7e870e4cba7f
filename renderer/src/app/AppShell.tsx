import { Suspense } from 'react';
import { NavLink, Outlet } from 'react-router';
import { Spinner } from '../components/Spinner';
import { NavIcon, type NavIconName } from './NavIcon';
import { usePushedEvents } from './usePushedEvents';

const NAV: { to: string; label: string; icon: NavIconName }[] = [
  { to: '/dashboard', label: 'Dashboard', icon: 'dashboard' },
  { to: '/timeline', label: 'Timeline', icon: 'timeline' },
  { to: '/alerts', label: 'Alerts', icon: 'alerts' },
  { to: '/forecasts', label: 'Forecasts', icon: 'forecasts' },
  { to: '/reports', label: 'Reports', icon: 'reports' },
  { to: '/integrity', label: 'Integrity', icon: 'integrity' },
  { to: '/settings', label: 'Settings', icon: 'settings' },
];

export function AppShell() {
  usePushedEvents();
  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Main">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">W</span>
          <span className="brand-name">Watchdog</span>
        </div>
        <ul className="nav-list">
          {NAV.map((item) => (
            <li key={item.to}>
              <NavLink to={item.to} className={({ isActive }) => (isActive ? 'nav-link active' : 'nav-link')}>
                <NavIcon name={item.icon} />
                <span>{item.label}</span>
              </NavLink>
            </li>
          ))}
        </ul>
        <p className="sidebar-foot">Offline audit console</p>
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
    </div>
  );
}
