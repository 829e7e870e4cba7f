import { lazy, type ReactNode } from 'react';
import { createHashRouter, Navigate } from 'react-router';
import type { Permission } from '../../../shared/permissions';
import { ChangePasswordScreen } from '../features/auth/ChangePasswordScreen';
import { RequirePermission } from '../features/auth/RequirePermission';
import { DashboardScreen } from '../features/dashboard/DashboardScreen';
import { IntegrityScreen } from '../features/integrity/IntegrityScreen';
import { NotFoundScreen, ReportsScreen } from '../features/planned/PlannedScreens';
import { SessionsScreen } from '../features/sessions/SessionsScreen';
import { SettingsScreen } from '../features/settings/SettingsScreen';
import { UsersScreen } from '../features/users/UsersScreen';
import { AppShell } from './AppShell';

// The timeline carries echarts and the virtual table; loading it on first visit keeps start-up quick.
const TimelineScreen = lazy(() => import('../features/timeline/TimelineScreen'));
const ImportScreen = lazy(() => import('../features/imports/ImportScreen'));
const AlertsScreen = lazy(() => import('../features/alerts/AlertsScreen'));
const ForecastsScreen = lazy(() => import('../features/forecasts/ForecastsScreen'));

/** A screen the role must allow; the nav hides it too (AppShell), and the core refuses its calls anyway. */
const guarded = (permission: Permission, title: string, screen: ReactNode) => (
  <RequirePermission permission={permission} title={title}>
    {screen}
  </RequirePermission>
);

export const router = createHashRouter([
  {
    path: '/',
    element: <AppShell />,
    children: [
      { index: true, element: <Navigate to="/dashboard" replace /> },
      { path: 'dashboard', element: <DashboardScreen /> },
      { path: 'timeline', element: guarded('audit:read', 'Timeline', <TimelineScreen />) },
      { path: 'import', element: guarded('audit:append', 'Import', <ImportScreen />) },
      { path: 'alerts', element: guarded('audit:read', 'Alerts', <AlertsScreen />) },
      { path: 'forecasts', element: guarded('forecast:read', 'Forecasts', <ForecastsScreen />) },
      { path: 'reports', element: guarded('audit:export', 'Reports', <ReportsScreen />) },
      { path: 'integrity', element: guarded('audit:verify', 'Integrity', <IntegrityScreen />) },
      { path: 'users', element: guarded('users:manage', 'Users', <UsersScreen />) },
      { path: 'sessions', element: <SessionsScreen /> },
      { path: 'settings', element: <SettingsScreen /> },
      { path: 'password', element: <ChangePasswordScreen /> },
      { path: '*', element: <NotFoundScreen /> },
    ],
  },
]);
