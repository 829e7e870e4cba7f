import { lazy } from 'react';
import { createHashRouter, Navigate } from 'react-router';
import { DashboardScreen } from '../features/dashboard/DashboardScreen';
import { IntegrityScreen } from '../features/integrity/IntegrityScreen';
import { AlertsScreen, ForecastsScreen, NotFoundScreen, ReportsScreen } from '../features/planned/PlannedScreens';
import { SettingsScreen } from '../features/planned/SettingsScreen';
import { AppShell } from './AppShell';

// The timeline carries echarts and the virtual table; loading it on first visit keeps start-up quick.
const TimelineScreen = lazy(() => import('../features/timeline/TimelineScreen'));

export const router = createHashRouter([
  {
    path: '/',
    element: <AppShell />,
    children: [
      { index: true, element: <Navigate to="/dashboard" replace /> },
      { path: 'dashboard', element: <DashboardScreen /> },
      { path: 'timeline', element: <TimelineScreen /> },
      { path: 'alerts', element: <AlertsScreen /> },
      { path: 'forecasts', element: <ForecastsScreen /> },
      { path: 'reports', element: <ReportsScreen /> },
      { path: 'integrity', element: <IntegrityScreen /> },
      { path: 'settings', element: <SettingsScreen /> },
      { path: '*', element: <NotFoundScreen /> },
    ],
  },
]);
